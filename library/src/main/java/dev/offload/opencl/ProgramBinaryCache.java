package dev.offload.opencl;

import dev.offload.OffloadOptions;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Built OpenCL programs on disk, so a new JVM does not compile the same kernels again (on PoCL a fresh build of the
 * text kernels took 3.6-4.7 s). One instance per device; {@link Programs} asks it before building from source and
 * hands it every program it builds.
 *
 * <p>When: a program built from source here is written when its backend closes, not when it is built. PoCL fixes a
 * program's binary the first time it is asked for it, and only after its kernels have run does the binary hold their
 * machine code, compiled per launch geometry (without it a new JVM still spends seconds in code generation at its
 * first launches, measured 19 s of 24 s under load). The price is paid once per program and machine, at that first
 * close: PoCL compiles the remaining variants of every kernel into the binary (seconds per program on a busy 2-core
 * machine). Programs loaded from disk are not written again.
 *
 * <p>A file holds the device's {@code CL_PROGRAM_BINARIES} for one program, under the key of everything that decides
 * what the binary is: device name, vendor, driver version, OpenCL version, build options and the full source text (a
 * driver update or an edited kernel gives a new key; the old file is simply never read again). The file keeps that
 * key whole, after a magic line, then the binary's length and its CRC-32C, then the binary; its name is a 64-bit hash
 * of the key (CRC-32C and CRC-32). A file is loaded only when its key equals the wanted one byte for byte, so a
 * second program whose key hashes to the same name is never handed the other's binary (it is built from source and
 * takes the name over). Neither hash needs to resist forgery: whoever can write the folder can write any binary into
 * it anyway. They need to be cheap in a new JVM, whose first program load runs interpreted: SHA-256, the first
 * choice, took 46-73 ms there to look its provider up, 10-18 ms for the 20 KB of the text kernels' source and 29-33 ms
 * for their 0.7 MB binary; CRC-32C, an intrinsic even in the interpreter, 1.6 ms for that binary. Loading is {@code clCreateProgramWithBinary} + {@code clBuildProgram}. A
 * file that fails any step (short, another key, wrong length or checksum, rejected or not building) is deleted, logged,
 * and the program is built from source and stored again.
 *
 * <p>Writes go to a temporary file in the same folder, then {@link Files#move} with {@code ATOMIC_MOVE}, so a reader
 * in this or any other JVM sees either no file or a whole one; two writers of the same key write the same content,
 * and the last rename wins. Nothing here ever fails a build: an unwritable folder only costs the next JVM a build.
 *
 * <p>Location: the options' folder or {@code off} ({@link OffloadOptions#withProgramCache},
 * {@link OffloadOptions#withoutProgramCache}), else the environment variable {@value #ENV} ({@code off} or a folder),
 * else {@code $XDG_CACHE_HOME/offload/programs}, else {@code ~/.cache/offload/programs}. Resolved in one place,
 * {@link #location}, when a backend opens.
 */
final class ProgramBinaryCache {
    /** Environment variable, read when the options name no folder: {@code off}, or the cache folder. */
    static final String ENV = "OFFLOAD_PROGRAM_CACHE";

    /** Made on first use: the JDK's logging takes ~30 ms to set itself up in a new JVM, and most runs log nothing. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(ProgramBinaryCache.class.getName());
    }
    private static final byte[] MAGIC = "offload program binary 2\n".getBytes(StandardCharsets.US_ASCII);

    /** Programs loaded from disk and stored to disk by every cache in this JVM (for tests and diagnostics). */
    static final AtomicInteger LOADED = new AtomicInteger();
    static final AtomicInteger STORED = new AtomicInteger();

    private final Path dir;
    private final cl_device_id device;
    private final String deviceKey;
    /** Programs built from source here, waiting to be written at close: program -> (source, options). */
    private final Map<cl_program, String[]> pending = new java.util.IdentityHashMap<>();

    private ProgramBinaryCache(Path dir, cl_device_id device, String deviceKey) {
        this.dir = dir;
        this.device = device;
        this.deviceKey = deviceKey;
    }

    /** The cache for {@code device} where {@code options} put it, or one that does nothing when it is off. */
    static ProgramBinaryCache forDevice(cl_device_id device, OffloadOptions options) {
        String setting = !options.programCacheEnabled() ? "off"
                : options.programCacheFolder().isPresent() ? options.programCacheFolder().get().toString() : null;
        Optional<Path> dir = location(setting, System.getenv());
        if (dir.isEmpty()) {
            return new ProgramBinaryCache(null, device, "");
        }
        String key = String.join("\u0000", Cl.deviceString(device, CL.CL_DEVICE_NAME),
                Cl.deviceString(device, CL.CL_DEVICE_VENDOR), Cl.deviceString(device, CL.CL_DRIVER_VERSION),
                Cl.deviceString(device, CL.CL_DEVICE_VERSION));
        return new ProgramBinaryCache(dir.get(), device, key);
    }

    /**
     * Where programs are cached, or empty when caching is off: {@code setting} (from the options), else
     * {@code env}'s {@value #ENV}, each {@code off} or a folder; else {@code $XDG_CACHE_HOME/offload/programs}, else
     * {@code ~/.cache/offload/programs}. The one place that reads the setting.
     */
    static Optional<Path> location(String optionSetting, Map<String, String> env) {
        String setting = optionSetting != null && !optionSetting.isBlank() ? optionSetting : env.get(ENV);
        if (setting != null && !setting.isBlank()) {
            return setting.strip().equalsIgnoreCase("off") ? Optional.empty() : Optional.of(Path.of(setting.strip()));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return Optional.of(base.resolve("offload").resolve("programs"));
    }

    /** The folder in use, or null when off. */
    Path dir() {
        return dir;
    }

    /** The file that holds the program built from {@code source} with {@code options}, or null when off. */
    Path file(String source, String options) {
        return dir == null ? null : file(key(source, options));
    }

    private Path file(byte[] key) {
        CRC32C c = new CRC32C();
        c.update(key);
        CRC32 d = new CRC32();
        d.update(key);
        return dir.resolve(HexFormat.of().toHexDigits(c.getValue() << 32 | d.getValue()) + ".bin");
    }

    /**
     * The program for {@code source} and {@code options} built from its cached binary, or null (caching off, no
     * file, or a file that did not load or build: that one is deleted).
     */
    cl_program load(cl_context context, String source, String options) {
        if (dir == null) {
            return null;
        }
        byte[] key = key(source, options);
        Path file = file(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, () -> "cannot read cached OpenCL program " + file + ": " + e);
            return null;
        }
        byte[] binary = payload(bytes, key);
        if (binary == null) {
            discard(file, "its header, key, length or checksum does not match");
            return null;
        }
        cl_program program = null;
        try {
            int[] status = new int[1];
            program = CL.clCreateProgramWithBinary(context, 1, new cl_device_id[] {device},
                    new long[] {binary.length}, new byte[][] {binary}, status, null);
            if (status[0] != CL.CL_SUCCESS) {
                throw new CLException("binary status " + CL.stringFor_errorCode(status[0]), status[0]);
            }
            CL.clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
            LOADED.incrementAndGet();
            return program;
        } catch (CLException e) {
            if (program != null) {
                CL.clReleaseProgram(program);
            }
            discard(file, "the driver rejected it: " + Cl.statusName(e));
            return null;
        }
    }

    /** Notes that {@code program} was built from {@code source} with {@code options}, to be written by {@link #store}. */
    synchronized void built(cl_program program, String source, String options) {
        if (dir != null) {
            pending.put(program, new String[] {source, options});
        }
    }

    /**
     * Writes {@code program}'s binary if it was built from source here (see {@link #built}); call before releasing
     * it, after its kernels have run. Never throws.
     */
    void store(cl_program program) {
        String[] what;
        synchronized (this) {
            what = pending.remove(program);
        }
        if (what != null) {
            store(program, what[0], what[1]);
        }
    }

    private void store(cl_program program, String source, String options) {
        Path file = null;
        Path tmp = null;
        try {
            byte[] key = key(source, options);
            file = file(key);
            byte[] binary = binary(program);
            if (binary.length == 0) {
                return;
            }
            byte[] bytes = new byte[header(key.length) + binary.length];
            ByteBuffer.wrap(bytes).put(MAGIC).putInt(key.length).put(key).putLong(binary.length)
                    .putInt(crc(binary, 0, binary.length)).put(binary);
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return;   // never a non-atomic move: a reader could see half a file (tmp is deleted below)
            }
            tmp = null;
            STORED.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            Path f = file;
            Log.LOG.log(System.Logger.Level.DEBUG, () -> "cannot cache OpenCL program " + f + ": " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temp file is harmless: its name never matches a key
                }
            }
        }
    }

    private byte[] binary(cl_program program) {
        long[] size = new long[1];
        CL.clGetProgramInfo(program, CL.CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null);
        byte[] binary = new byte[(int) size[0]];
        if (binary.length > 0) {
            CL.clGetProgramInfo(program, CL.CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(binary)),
                    null);
        }
        return binary;
    }

    /** Whether {@code file} is a whole cache file: magic, a key, and a binary of the recorded length and checksum. */
    static boolean intact(Path file) throws IOException {
        return payload(Files.readAllBytes(file), null) != null;
    }

    /** Header bytes before the binary: magic, key length, key, binary length, checksum. */
    private static int header(int keyLength) {
        return MAGIC.length + Integer.BYTES + keyLength + Long.BYTES + Integer.BYTES;
    }

    /**
     * The binary in a file's bytes, or null when the magic, the key (when {@code key} is not null), the length or the
     * checksum does not match.
     */
    private static byte[] payload(byte[] bytes, byte[] key) {
        if (bytes.length < header(0) || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
        int keyLength = b.getInt();
        if (keyLength < 0 || keyLength > bytes.length - header(0)) {
            return null;
        }
        int keyAt = b.position();
        if (key != null && !Arrays.equals(bytes, keyAt, keyAt + keyLength, key, 0, key.length)) {
            return null;
        }
        b.position(keyAt + keyLength);
        long length = b.getLong();
        int sum = b.getInt();
        int at = b.position();
        if (length != bytes.length - at || crc(bytes, at, (int) length) != sum) {
            return null;
        }
        return Arrays.copyOfRange(bytes, at, bytes.length);
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, from, length);
        return (int) c.getValue();
    }

    private void discard(Path file, String why) {
        Log.LOG.log(System.Logger.Level.INFO, () -> "ignoring cached OpenCL program " + file + " (" + why
                + "); building it from source");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, () -> "cannot delete " + file + ": " + e);
        }
    }

    /**
     * Everything that decides the binary, each part prefixed by its length (so no two different (device, options,
     * source) triples give the same bytes).
     */
    private byte[] key(String source, String options) {
        byte[][] parts = {deviceKey.getBytes(StandardCharsets.UTF_8),
            (options == null ? "" : options).getBytes(StandardCharsets.UTF_8), source.getBytes(StandardCharsets.UTF_8)};
        ByteBuffer b = ByteBuffer.allocate(parts.length * Integer.BYTES + parts[0].length + parts[1].length
                + parts[2].length);
        for (byte[] part : parts) {
            b.putInt(part.length).put(part);
        }
        return b.array();
    }
}
