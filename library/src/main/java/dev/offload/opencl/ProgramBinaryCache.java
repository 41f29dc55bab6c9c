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
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>A file holds the device's {@code CL_PROGRAM_BINARIES} for one program. Its name is the SHA-256 of everything
 * that decides what the binary is: device name, vendor, driver version, OpenCL version, build options and the full
 * source text (a driver update or an edited kernel gives a new name; the old file is simply never read again). The
 * file starts with a magic line, that same key and a SHA-256 of the binary, checked before the binary reaches the
 * driver. Loading is {@code clCreateProgramWithBinary} + {@code clBuildProgram}. A file that fails any step (short,
 * wrong checksum, rejected or not building) is deleted, logged, and the program is built from source and stored again.
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

    private static final System.Logger LOG = System.getLogger(ProgramBinaryCache.class.getName());
    private static final byte[] MAGIC = "offload program binary 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST = 32;
    private static final int HEADER = MAGIC.length + 2 * DIGEST;

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
                : options.programCacheFolder().map(Path::toString).orElse(null);
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
        return dir == null ? null : dir.resolve(HexFormat.of().formatHex(key(source, options)) + ".bin");
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
        Path file = dir.resolve(HexFormat.of().formatHex(key) + ".bin");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot read cached OpenCL program " + file + ": " + e);
            return null;
        }
        byte[] binary = payload(bytes, key);
        if (binary == null) {
            discard(file, "its header or checksum does not match");
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
            file = dir.resolve(HexFormat.of().formatHex(key) + ".bin");
            byte[] binary = binary(program);
            if (binary.length == 0) {
                return;
            }
            byte[] bytes = new byte[HEADER + binary.length];
            System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
            System.arraycopy(key, 0, bytes, MAGIC.length, DIGEST);
            System.arraycopy(sha256().digest(binary), 0, bytes, MAGIC.length + DIGEST, DIGEST);
            System.arraycopy(binary, 0, bytes, HEADER, binary.length);
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
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot cache OpenCL program " + f + ": " + e);
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

    /** Whether {@code file} is a whole cache file: magic, header and a binary that matches its checksum. */
    static boolean intact(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return payload(bytes, Arrays.copyOfRange(bytes, MAGIC.length, MAGIC.length + DIGEST)) != null;
    }

    /** The binary in a file's bytes, or null when the magic, the key or the checksum does not match. */
    private static byte[] payload(byte[] bytes, byte[] key) {
        if (bytes.length <= HEADER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || !Arrays.equals(bytes, MAGIC.length, MAGIC.length + DIGEST, key, 0, DIGEST)) {
            return null;
        }
        byte[] binary = Arrays.copyOfRange(bytes, HEADER, bytes.length);
        byte[] sum = sha256().digest(binary);
        return Arrays.equals(bytes, MAGIC.length + DIGEST, HEADER, sum, 0, DIGEST) ? binary : null;
    }

    private void discard(Path file, String why) {
        LOG.log(System.Logger.Level.INFO, () -> "ignoring cached OpenCL program " + file + " (" + why
                + "); building it from source");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot delete " + file + ": " + e);
        }
    }

    private byte[] key(String source, String options) {
        MessageDigest md = sha256();
        for (String part : new String[] {deviceKey, options == null ? "" : options, source}) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            md.update(lengthPrefix(b.length));
            md.update(b);
        }
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Length prefixes, so that no two different (device, options, source) triples hash the same bytes. */
    private static byte[] lengthPrefix(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }
}
