package dev.offload.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workers' class-data archive: made by a training run, used by workers, ignored when it does not fit. */
class WorkerArchiveTest {
    @TempDir
    Path dir;

    /** offload's classes as a jar, since archives are made only for a jar (tests run from a classes folder). */
    private Path offloadJar() throws IOException, URISyntaxException {
        Path classes = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("offload.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> flags(List<String> command) {
        return command.subList(1, command.indexOf("-cp"));
    }

    /** Starts a worker with {@code command}, checks its hello and one task, and stops it. */
    private static void runWorker(List<String> command) throws IOException {
        WorkerProcess w = WorkerProcess.start(command, List.of(), "archive-test");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            w.handshake(timer, Duration.ofSeconds(60));
            Serial.Serialized task = Serial.serialize((Task<Integer, Integer>) x -> x + 1);
            w.wire.write(new Message.Dispatch(1, 1, new Message.Payload(task.bytes(), task.classNames()), List.of(),
                    new Message.Payload(Serial.serialize(41).bytes(), java.util.Set.of())));
            w.wire.flush();
            assertInstanceOf(Message.Accepted.class, w.wire.read());
            Message.Result r = assertInstanceOf(Message.Result.class, w.wire.read());
            assertEquals(42, ValueCodec.decode(r.value()));
        } finally {
            w.stop();
            timer.shutdownNow();
        }
    }

    @Test
    void options_offloadFromClassesFolder_noArchiveAndNoTraining() throws IOException {
        List<String> none = WorkerArchive.options("java", List.of(), List.of(dir.toString(), "x.jar"), dir);
        assertEquals(List.of(), none);
        assertEquals(List.of(), WorkerArchive.options("java", List.of(), List.of("x.jar"), null));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing was written");
        }
    }

    @Test
    void train_thenOptionsNameTheArchiveAndWorkersStartWithIt() throws Exception {
        Path jar = offloadJar();
        List<String> plain = WorkerCommand.of(ProcessOptions.defaults().noArchive(), List.of(jar.toString()));
        List<String> cp = List.of(jar.toString(), dir.toString());
        Path archive = WorkerArchive.path(plain.get(0), flags(plain), cp, dir.resolve("cache"));
        assertTrue(archive != null, "a jar first on the class path can have an archive");
        WorkerArchive.train(plain.get(0), flags(plain), jar, archive, archive.toString().endsWith(".aot"));
        assertTrue(Files.size(archive) > 0, "the training run wrote " + archive);
        try (Stream<Path> files = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), files.toList(), "no temporary files left");
        }
        List<String> options = WorkerArchive.options(plain.get(0), flags(plain), cp, dir.resolve("cache"));
        assertTrue(options.get(0).endsWith("=" + archive), options.toString());
        runWorker(withOptions(plain, options));
    }

    @Test
    void options_archiveTheJvmRefuses_workerStartsWithoutItAndPrintsNothingToTheProtocol() throws Exception {
        Path jar = offloadJar();
        List<String> plain = WorkerCommand.of(ProcessOptions.defaults().noArchive(), List.of(jar.toString()));
        List<String> cp = List.of(jar.toString());
        Path archive = WorkerArchive.path(plain.get(0), flags(plain), cp, dir.resolve("cache"));
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "not an archive");
        List<String> options = WorkerArchive.options(plain.get(0), flags(plain), cp, dir.resolve("cache"));
        assertTrue(options.get(0).endsWith("=" + archive), options.toString());
        runWorker(withOptions(plain, options)); // a frame check fails on any byte the JVM prints to stdout
    }

    /**
     * The command with the archive's options, and this test's classes (its lambda) after the jar: a longer class path
     * than the archive's, with a folder in it, which the JVM accepts.
     */
    private static List<String> withOptions(List<String> command, List<String> options) throws URISyntaxException {
        List<String> with = new ArrayList<>(command);
        int cp = with.indexOf("-cp");
        Path tests = Path.of(WorkerArchiveTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        with.set(cp + 1, with.get(cp + 1) + java.io.File.pathSeparator + tests);
        with.addAll(cp, options);
        return with;
    }
}
