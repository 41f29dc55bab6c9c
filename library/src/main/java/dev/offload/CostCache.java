package dev.offload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The measured {@link CallCost}s of one device and the parallel Java backend on this machine, kept in the program
 * cache's folder ("cached with the programs") so that only the first JVM measures them. One small properties file
 * per pair, holding both devices' identity (name, platform, versions, driver, compute units) and read only when that
 * matches, named by a 64-bit hash of it (CRC-32C and CRC-32, as the program cache: no digest provider to load in a
 * new JVM): a new driver, another card or a JVM given fewer cores gets its own file. Written atomically (a temp file, then a
 * rename): concurrent JVMs never read half a file. A file that does not parse is ignored and measured again.
 */
final class CostCache {
    /** Made on first use: most JVMs log nothing here, and making a logger costs a new JVM milliseconds. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(CostCache.class.getName());
    }
    /**
     * Raised when the file's meaning changes, or when a probe's own speed does (a faster Java text path, a new kernel),
     * so that old files are ignored rather than trusted.
     */
    private static final String FORMAT = "2";

    private final Path file;
    private final String identity;

    private CostCache(Path file, String identity) {
        this.file = file;
        this.identity = identity;
    }

    /**
     * The cache for {@code device} against {@code java} driven as {@code settings} say (the options that change a
     * call's cost), in {@code folder}; one that keeps nothing when {@code folder} is null.
     */
    static CostCache in(Path folder, Device device, Device java, String settings) {
        String version = CostCache.class.getPackage().getImplementationVersion();
        String identity = String.join(" | ", "format " + FORMAT, "offload " + (version == null ? "dev" : version),
                device.name(), device.platform(), device.version(), device.driver(), device.computeUnits() + " units",
                "Java " + java.version(), java.computeUnits() + " threads", settings);
        return new CostCache(folder == null ? null : folder.resolve("costs-" + hash(identity) + ".properties"),
                identity);
    }

    /** What the file must hold to be read: format, library, both devices and the settings. */
    String identity() {
        return identity;
    }

    /** The file, or null when nothing is kept. */
    Path file() {
        return file;
    }

    /** The costs of {@code family} on the device and on Java, if a readable file holds both. */
    Optional<CostPair> load(CostFamily family) {
        if (file == null) {
            return Optional.empty();
        }
        Properties p = read();
        try {
            if (!FORMAT.equals(p.getProperty("format")) || !identity.equals(p.getProperty("identity"))) {
                return Optional.empty(); // another format, or another pair whose identity hashed to this name
            }
            if (!"true".equals(p.getProperty(family.key() + ".steady"))) {
                return Optional.empty(); // measured on a busy machine: good for that JVM only, measured again
            }
            CallCost device = cost(p, family.key() + ".device");
            CallCost java = cost(p, family.key() + ".java");
            return device == null || java == null ? Optional.empty() : Optional.of(new CostPair(device, java));
        } catch (IllegalArgumentException e) { // a number that does not parse, or a negative cost: measure again
            Log.LOG.log(System.Logger.Level.DEBUG, "ignoring unreadable cost file " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Adds {@code family}'s costs to the file, keeping the other families'; {@code steady} says whether later JVMs
     * may use them (costs measured while the machine was busy are written, for a look, but not read back). Failing to
     * write only costs a measurement in the next JVM.
     */
    void store(CostFamily family, CostPair costs, boolean steady) {
        if (file == null) {
            return;
        }
        Properties p = read();
        if (!FORMAT.equals(p.getProperty("format")) || !identity.equals(p.getProperty("identity"))) {
            p.clear();
        }
        p.setProperty("format", FORMAT);
        p.setProperty("identity", identity);
        put(p, family.key() + ".device", costs.device());
        put(p, family.key() + ".java", costs.java());
        p.setProperty(family.key() + ".steady", Boolean.toString(steady));
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "offload: measured cost of a host-data call (nanoseconds); delete to measure again");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "cannot write cost file " + file + ": " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the move took it, or the folder is gone: nothing to clean
                }
            }
        }
    }

    private Properties read() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            // not measured yet
        } catch (IOException | IllegalArgumentException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "ignoring unreadable cost file " + file + ": " + e);
            p.clear();
        }
        return p;
    }

    private static CallCost cost(Properties p, String prefix) {
        String fixed = p.getProperty(prefix + ".fixedNanos");
        String perByte = p.getProperty(prefix + ".nanosPerByte");
        if (fixed == null || perByte == null) {
            return null;
        }
        return new CallCost(Long.parseLong(fixed.strip()), Double.parseDouble(perByte.strip()));
    }

    private static void put(Properties p, String prefix, CallCost c) {
        p.setProperty(prefix + ".fixedNanos", Long.toString(c.fixedNanos()));
        p.setProperty(prefix + ".nanosPerByte", Double.toString(c.nanosPerByte()));
    }

    private static String hash(String identity) {
        byte[] bytes = identity.getBytes(StandardCharsets.UTF_8);
        CRC32C c = new CRC32C();
        c.update(bytes);
        CRC32 d = new CRC32();
        d.update(bytes);
        return HexFormat.of().toHexDigits(c.getValue() << 32 | d.getValue());
    }
}
