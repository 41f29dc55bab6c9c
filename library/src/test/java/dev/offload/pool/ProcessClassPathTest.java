package dev.offload.pool;

import dev.offload.OffloadException;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where worker processes find classes, and what they say when they cannot start. */
class ProcessClassPathTest {
    static final Duration GUARD = Duration.ofSeconds(90);

    /** Compiles a task class into a fresh folder that is on no class path of this JVM. */
    static Path compileTripleTask() throws IOException {
        Path dir = Files.createTempDirectory("offload-custom-loader");
        Path src = dir.resolve("src/custom/Triple.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package custom;
                public class Triple implements dev.offload.pool.Task<Integer, Integer> {
                    private static final long serialVersionUID = 1L;
                    public Integer call(Integer x) {
                        return 3 * x;
                    }
                }
                """);
        Path out = dir.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String offload = Path.of(location(Task.class)).toString();
        int rc = javac.run(null, null, null, "-d", out.toString(), "-cp", offload, src.toString());
        assertEquals(0, rc, "javac");
        return out;
    }

    static java.net.URI location(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p.getParent())) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void map_taskFromCustomClassLoader_runsInWorkers() throws Exception {
        Path classes = compileTripleTask();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ProcessClassPathTest.class.getClassLoader())) {
            Task<Integer, Integer> triple = (Task<Integer, Integer>) loader.loadClass("custom.Triple")
                    .getConstructor().newInstance();
            assertFalse(System.getProperty("java.class.path").contains(classes.toString()));
            assertTimeoutPreemptively(GUARD, () -> {
                try (TaskPool pool = TaskPool.processes(1)) {
                    assertEquals(List.of(3, 6, 9), pool.map(triple, List.of(1, 2, 3)));
                    assertEquals(List.of(12), pool.map(triple, List.of(4), 1));
                }
            });
        } finally {
            deleteTree(classes);
        }
    }

    @Test
    void processes_classPathOption_workersStartWithIt() throws Exception {
        Path classes = compileTripleTask();
        try {
            assertTimeoutPreemptively(GUARD, () -> {
                try (TaskPool pool = TaskPool.processes(1, ProcessOptions.defaults().classPath(classes))) {
                    String cp = pool.submit(x -> System.getProperty("java.class.path"), 0).get();
                    assertTrue(cp.contains(classes.toString()), cp);
                    assertTrue(cp.contains(Path.of(location(Task.class)).toString()), "offload's own classes: " + cp);
                }
            });
        } finally {
            deleteTree(classes);
        }
    }

    @Test
    void processes_workerCannotStart_saysWhyWithStatusCommandAndStderr() {
        assertTimeoutPreemptively(GUARD, () -> {
            OffloadException e = assertThrows(OffloadException.class, () -> TaskPool.processes(1,
                    ProcessOptions.defaults().jvmOptions("-XX:+NoSuchOptionAtAll")));
            String m = e.getMessage();
            assertFalse(m.contains("null"), m);
            assertTrue(m.contains("did not start: its standard output ended before it said hello"), m);
            assertTrue(m.contains("exit status 1"), m);
            assertTrue(m.contains("command: ") && m.contains(WorkerMain.class.getName()), m);
            assertTrue(m.contains("NoSuchOptionAtAll"), "stderr tail: " + m);
        });
    }

    @Test
    void allowPackages_unnamedPackage_acceptedAsTheErrorSuggests() {
        String hint = AllowList.howToAdmit("Point");
        assertTrue(hint.contains("allowClasses(Point.class)") && hint.contains("allowPackages(\"\")"), hint);
        assertEquals(java.util.Set.of(""), ProcessOptions.defaults().allowPackages("").allowedPackages());
        assertThrows(IllegalArgumentException.class, () -> ProcessOptions.defaults().allowPackages(" "));
        assertTrue(AllowList.howToAdmit("com.example.Outer$Point").contains(
                "allowClasses(Outer.Point.class) or allowPackages(\"com.example\")"));
    }
}
