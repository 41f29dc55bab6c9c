package dev.offload;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library as a user's application gets it: a small program ({@code src/test/resources/consumer}) is compiled
 * against the built classes and JOCL and ASM, once as a named module on the module path and once on the class path,
 * and run in a JVM of its own. It calls the Java backend and the OpenCL device, with a built-in reduction and kernels
 * written in Java (on the module path its lambdas live in a module that opens nothing to offload), and a worker
 * process.
 */
class ConsumerTest {
    /** How the consumer and the library are put together. */
    enum Launch {
        MODULE_PATH("--enable-native-access=jocl"),
        CLASS_PATH("--enable-native-access=ALL-UNNAMED");

        final String nativeAccess;

        Launch(String nativeAccess) {
            this.nativeAccess = nativeAccess;
        }
    }

    @ParameterizedTest
    @EnumSource(Launch.class)
    void consumer_onModulePathAndClassPath_runsOnJavaAndOpenCl(Launch launch) throws Exception {
        Device openCl = TestDevices.requireOpenCl();
        Path dir = Files.createTempDirectory("offload-consumer");
        try {
            Path out = compile(launch, dir);
            Run run = run(launch, out, dir, List.of("java", openCl.id()));
            assertEquals(0, run.exit, "the consumer failed:\n" + run.stderr);
            boolean named = launch == Launch.MODULE_PATH;
            assertEquals(List.of(
                    "library module: " + (named ? "dev.offload" : "unnamed"),
                    "exports: " + (named ? "[dev.offload, dev.offload.pool]" : "all (class path)"),
                    "java: sumOfSquares, parallelFor, sumLong ok, ran on Java",
                    openCl.id() + ": sumOfSquares, parallelFor, sumLong ok, ran on OpenCL",
                    "worker process: ok"), run.stdout.lines().toList(), run.stderr);
            assertFalse(run.stderr.contains("restricted method"),
                    "JOCL's native access is granted by " + launch.nativeAccess + ":\n" + run.stderr);
        } finally {
            delete(dir);
        }
    }

    /** Compiles the consumer's sources (its module-info only for the module path); returns the classes folder. */
    private static Path compile(Launch launch, Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        List<Path> sources = new ArrayList<>();
        sources.add(copy("consumer/app/Main.java", src.resolve("app/Main.java")));
        List<String> options = new ArrayList<>(List.of("-proc:none", "-Xlint:all", "-d", out.toString()));
        if (launch == Launch.MODULE_PATH) {
            sources.add(copy("consumer/module-info.java", src.resolve("module-info.java")));
            options.addAll(List.of("--module-path", BuiltLibrary.path()));
        } else {
            options.addAll(List.of("--class-path", BuiltLibrary.path()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler (a JRE, not a JDK?)");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(sources))
                    .call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
                    .toList();
            assertTrue(ok && errors.isEmpty(), launch + ": the consumer does not compile: " + errors);
        }
        return out;
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(Launch launch, Path classes, Path dir, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                launch.nativeAccess, "-Doffload.programCache=off"));
        if (launch == Launch.MODULE_PATH) {
            cmd.addAll(List.of("--module-path", BuiltLibrary.path(classes), "--module", "consumer/app.Main"));
        } else {
            cmd.addAll(List.of("--class-path", BuiltLibrary.path(classes), "app.Main"));
        }
        cmd.addAll(args);
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                throw new AssertionError(launch + ": the consumer ran longer than 180 s: " + cmd + "\n"
                        + Files.readString(stderr));
            }
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private static Path copy(String resource, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (InputStream in = ConsumerTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, "test resource " + resource + " is missing");
            Files.copy(in, to);
        }
        return to;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
