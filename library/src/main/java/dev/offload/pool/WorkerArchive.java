package dev.offload.pool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The class-data archive that makes worker JVMs start faster: on JDK 25 and later an AOT cache
 * ({@code -XX:AOTCache}: classes loaded and linked, lambda and method-handle plumbing resolved), before that a dynamic
 * CDS archive ({@code -XX:SharedArchiveFile}). Measured on the 2-core development machine, one worker started alone,
 * interleaved runs: its hello came after 141 ms with the AOT cache against 191 ms without; two workers at once (a
 * {@code processes(2)} pool): 292 against 422 ms. {@code -XX:TieredStopAtLevel=1} and {@code -XX:+UseSerialGC
 * -XX:-UsePerfData} gained less than the noise on top of it, and C1 alone slows long tasks, so neither is set.
 *
 * <p>The archive covers the JDK and offload's own classes, so it is made with a class path of offload's jar alone,
 * which the JVM accepts as a prefix of every worker's class path; when offload is not loaded from a jar (a classes
 * folder, as under {@code mvn test}), there is none. The first pool that finds no archive for its worker command
 * starts one training run of the worker in the background (it boots, warms up, says hello and is stopped) and its
 * own workers start without; the run writes to a temporary name and moves the file into place atomically, so
 * concurrent JVMs never see half an archive. The run is supervised by a small JVM of its own, so that it finishes even
 * when the program that started it does not wait. An archive's name is a hash of everything the JVM checks it against
 * (the {@code java} binary and its version, the JVM options, the jar's path, size and time), so a change makes a new
 * one; one the JVM still refuses is ignored by it, silently (its log of that is turned off), and the worker starts
 * as if there were none.
 */
final class WorkerArchive {
    private static final System.Logger LOG = System.getLogger(WorkerArchive.class.getName());
    private static final long TRAINING_LIMIT_SECONDS = 120;
    /** Archives being trained by this JVM, so that a burst of pools starts one run per archive. */
    private static final Set<Path> TRAINING = ConcurrentHashMap.newKeySet();
    /** The first argument of {@link WorkerMain} that makes it a trainer instead of a worker. */
    static final String TRAIN = "--train-archive";

    private WorkerArchive() {
    }

    /**
     * The options that make a worker JVM use its archive, to go before its class path: none when there is no archive
     * yet (then a training run is started) or can be none.
     *
     * @param java      the {@code java} binary
     * @param jvmFlags  every JVM option the workers get
     * @param classPath the workers' class path; its first entry must be offload's jar
     * @param dir       where archives are kept, or {@code null} for none
     */
    static List<String> options(String java, List<String> jvmFlags, List<String> classPath, Path dir) {
        Path archive = path(java, jvmFlags, classPath, dir);
        if (archive == null) {
            return List.of();
        }
        boolean aot = archive.getFileName().toString().endsWith(".aot");
        Path jar = Path.of(classPath.get(0));
        if (Files.isRegularFile(archive)) {
            // a refused archive must not print to the worker's stdout (the protocol) nor alarm anyone on stderr
            return aot ? List.of("-XX:AOTCache=" + archive, "-Xlog:aot*=off", "-Xlog:cds*=off")
                    : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
        }
        if (TRAINING.add(archive)) {
            startTrainer(java, jvmFlags, jar, archive, aot);
        }
        return List.of();
    }

    /** The archive for these workers in {@code dir}, whether it exists or not; {@code null} when there can be none. */
    static Path path(String java, List<String> jvmFlags, List<String> classPath, Path dir) {
        if (dir == null || classPath.isEmpty() || !classPath.get(0).endsWith(".jar")) {
            return null;
        }
        Path jar = Path.of(classPath.get(0));
        int feature = Runtime.version().feature();
        if (feature < 19 || !Files.isRegularFile(jar)) {
            return null;
        }
        try {
            return dir.resolve("worker-" + key(java, jvmFlags, jar) + (feature >= 25 ? ".aot" : ".jsa"));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Starts a JVM that runs {@link #train} and outlives this one if need be: a program that ends right after its
     * first pool would otherwise take the half-made archive with it.
     */
    private static void startTrainer(String java, List<String> jvmFlags, Path jar, Path archive, boolean aot) {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                jar.toString(), WorkerMain.class.getName(), TRAIN, archive.toString(), aot ? "aot" : "cds",
                jar.toString(), java));
        cmd.addAll(jvmFlags);
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cannot start the worker archive's training run: " + e);
        }
    }

    /**
     * The trainer JVM's main, called by {@link WorkerMain#main} for {@link #TRAIN}:
     * {@code TRAIN archive aot|cds jar java flag...}.
     */
    static void trainMain(String[] args) {
        List<String> flags = List.of(args).subList(5, args.length);
        train(args[4], flags, Path.of(args[3]), Path.of(args[1]), args[2].equals("aot"));
    }

    /** Runs one worker with the archive's output option until it has booted and warmed up, stops it, keeps the file. */
    static void train(String java, List<String> jvmFlags, Path jar, Path archive, boolean aot) {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().threadId());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmFlags);
        cmd.add(aot ? "-XX:AOTCacheOutput=" + tmp : "-XX:ArchiveClassesAtExit=" + tmp);
        if (aot) {
            cmd.add("-Xlog:aot*=off"); // the tag is unknown before JDK 25, and an unknown tag stops the JVM
        }
        cmd.add("-Xlog:cds*=off");
        cmd.addAll(List.of("-cp", jar.toString(), WorkerMain.class.getName()));
        try {
            Files.createDirectories(archive.getParent());
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // the worker answers a stop once booted and warmed up; its stdout (the hello, the bye) is discarded
            try (OutputStream in = p.getOutputStream()) {
                WireCodec wire = new WireCodec(InputStream.nullInputStream(), in);
                wire.write(new Message.Stop());
                wire.flush();
            }
            if (!p.waitFor(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("the training run did not end within " + TRAINING_LIMIT_SECONDS + " s");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                throw new IOException("the training run ended with status " + p.exitValue() + " and no archive");
            }
            try {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "worker JVM archive written: " + archive);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "no worker JVM archive " + archive + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(Path.of(tmp + ".config"));
            } catch (IOException e) {
                // a stray temporary file; the next training run uses another name
            }
        }
    }

    /** A hash of what the JVM validates an archive against: a change in any of these means another archive. */
    private static String key(String java, List<String> jvmFlags, Path jar) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(java).append('\n').append(System.getProperty("java.vm.version")).append('\n')
                .append(System.getProperty("java.home")).append('\n');
        for (String f : jvmFlags) {
            s.append(f).append('\n');
        }
        s.append(jar.toAbsolutePath()).append('\n').append(Files.size(jar)).append('\n')
                .append(Files.getLastModifiedTime(jar).toMillis());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The default place for archives: {@code $XDG_CACHE_HOME/offload/workers}, or {@code ~/.cache/offload/workers}. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("offload").resolve("workers");
    }
}
