package dev.offload;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code javadoc -Xdoclint:all} on the public API packages ({@code dev.offload}, {@code dev.offload.pool}) reports
 * nothing: every public type and method has its comment, {@code @param} and {@code @return}. Runs the JDK's javadoc
 * in process (a few seconds).
 */
class JavadocLintTest {
    /** The warnings and errors javadoc prints for {@code packages} under {@code sourcePath}. */
    static List<String> lint(Path sourcePath, String... packages) throws Exception {
        ToolProvider javadoc = ToolProvider.findFirst("javadoc").orElseThrow(
                () -> new AssertionError("no javadoc tool in this JDK"));
        Path out = Files.createTempDirectory("javadoc-lint");
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            List<String> args = new ArrayList<>(List.of("-Xdoclint:all", "-Xmaxwarns", "10000", "-quiet",
                    "-d", out.toString(), "-sourcepath", sourcePath.toString(),
                    "-cp", System.getProperty("java.class.path") + File.pathSeparator
                            + Offload.class.getProtectionDomain().getCodeSource().getLocation().getPath()));
            args.addAll(List.of(packages));
            javadoc.run(w, w, args.toArray(String[]::new));
        } finally {
            try (var paths = Files.walk(out)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return text.toString().lines().filter(l -> l.contains("warning:") || l.contains("error:")).toList();
    }

    @Test
    void publicApi_underDoclintAll_isClean() throws Exception {
        Path sources = withoutModuleDescriptor(Path.of("src", "main", "java"));
        try {
            List<String> problems = lint(sources, "dev.offload", "dev.offload.pool");
            assertEquals(List.of(), problems,
                    () -> problems.size() + " doclint problems:\n" + String.join("\n", problems));
        } finally {
            deleteTree(sources);
        }
    }

    /**
     * A copy of {@code sourceRoot} without {@code module-info.java}. With the descriptor in its source path javadoc
     * documents the named module and wants JOCL and ASM on a module path; the comments it checks are the same either
     * way, and the test's class path already holds everything they refer to.
     */
    private static Path withoutModuleDescriptor(Path sourceRoot) throws Exception {
        Path copy = Files.createTempDirectory("javadoc-lint-sources");
        try (var paths = Files.walk(sourceRoot)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = copy.resolve(sourceRoot.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("module-info.java")) {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void lint_ofAMethodWithoutReturnTag_reportsIt() throws Exception {
        Path src = Files.createTempDirectory("javadoc-lint-src");
        try {
            Path pkg = Files.createDirectories(src.resolve("lintprobe"));
            Files.writeString(pkg.resolve("package-info.java"), "/** Probe. */\npackage lintprobe;\n");
            Files.writeString(pkg.resolve("Probe.java"), """
                    package lintprobe;

                    /** A probe. */
                    public final class Probe {
                        private Probe() {
                        }

                        /** Twice x. */
                        public static int twice(int x) {
                            return 2 * x;
                        }
                    }
                    """);
            List<String> problems = lint(src, "lintprobe");
            assertTrue(problems.stream().anyMatch(p -> p.contains("no @return")), problems::toString);
            assertTrue(problems.stream().anyMatch(p -> p.contains("no @param for x")), problems::toString);
        } finally {
            try (var paths = Files.walk(src)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
