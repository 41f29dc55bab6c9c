package dev.offload;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@code ```java} block of README.md compiles as shown, against the library's classes. Each block becomes the
 * body of a method in a class of its own, which has the block's {@code import} lines, {@code import dev.offload.*;}
 * (README says the examples assume it) and nothing else: a type from elsewhere, {@code List} or {@code Future}
 * included, must be imported in the block itself, as a user copying it would need. The variables README leaves to
 * the reader ({@code xs}, {@code n}, {@code off} outside a {@code try}, ...) are declared in {@link #PRELUDE}, so the
 * blocks stay short. A block that cannot compile here (Spark's, which need the spark module) is preceded by an HTML
 * comment {@code <!-- readme-test: skip, REASON -->}; a block with neither is compiled.
 */
class ReadmeExamplesTest {
    /** The reader's own variables and helpers, as fields and static methods of every example's class. */
    static final String PRELUDE = """
                static Offload off;
                static int[] xs = {1, 2, 3};
                static double[] doubles = {1.5, 2.5};
                static int n = 3, h = 2, w = 2;
                static int[] img = new int[h * w];
                static int[] hist = new int[16];
                static byte[] utf8Bytes = {'a', ' ', 'b'};
                static String text = "a b";
                static dev.offload.pool.TaskPool pool;
                static dev.offload.pool.Task<Integer, Long> f;
                static java.util.List<Integer> items = java.util.List.of(1, 2, 3);
                static int bin(float v) { return Math.min(15, Math.max(0, (int) v)); }
                static final class Fractal {
                    static int mandel(int r, int c, int w, int h, int maxIter) { return r + c; }
                }
            """;
    private static final Pattern FENCE = Pattern.compile("^( *)```(\\w*)\\s*$");
    private static final Pattern SKIP = Pattern.compile("<!--\\s*readme-test:\\s*skip,\\s*(\\S.*?)\\s*-->");

    record Block(int line, String code, String skipReason) {
    }

    static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("library"))) {
                return p.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }

    static List<Block> javaBlocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
                String l = lines.get(i);
                code.append(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l)
                        .append('\n');
            }
            if (open.group(2).equals("java")) {
                String skip = null;
                for (int j = start - 1; j >= 0 && j >= start - 2; j--) {
                    Matcher m = SKIP.matcher(lines.get(j));
                    if (m.find()) {
                        skip = m.group(1);
                    }
                }
                blocks.add(new Block(start + 1, code.toString(), skip));
            }
        }
        return blocks;
    }

    /** The block as a compilation unit; imports lifted to the top, the rest the body of a method. */
    static String unit(String className, Block b) {
        Set<String> imports = new LinkedHashSet<>(List.of("import dev.offload.*;"));
        StringBuilder body = new StringBuilder();
        for (String l : b.code().split("\n", -1)) {
            if (l.startsWith("import ")) {
                imports.add(l.replaceAll("//.*", "").trim());
                body.append('\n');          // keep line numbers
            } else {
                body.append(l).append('\n');
            }
        }
        return String.join(" ", imports) + "\n@SuppressWarnings(\"all\") class " + className + " {\n" + PRELUDE
                + "static void example() throws Exception {\n" + body + "}\n}\n";
    }

    /** Compiles the units; returns the errors, each with the README line it comes from. */
    static List<String> compile(List<String> names, List<String> sources, List<Block> blocks) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler (a JRE, not a JDK?)");
        Path out = Files.createTempDirectory("readme-examples");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> files = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String src = sources.get(i);
            files.add(new SimpleJavaFileObject(URI.create("string:///" + names.get(i) + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                }
            });
        }
        String classPath = Offload.class.getProtectionDomain().getCodeSource().getLocation().getPath()
                + File.pathSeparator + System.getProperty("java.class.path");
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            javac.getTask(null, fm, diagnostics, List.of("-proc:none", "-d", out.toString(), "-cp", classPath),
                    null, files).call();
        } finally {
            try (var paths = Files.walk(out)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String name = d.getSource().getName().replaceAll(".*/|\\.java$", "");
            int i = names.indexOf(name);
            long prefixLines = sources.get(i).lines().takeWhile(l -> !l.startsWith("static void example()")).count();
            long readmeLine = blocks.get(i).line() + d.getLineNumber() - prefixLines - 1;
            errors.add("README.md:" + readmeLine + ": " + d.getMessage(null).lines().findFirst().orElse(""));
        }
        return errors;
    }

    @Test
    void javaBlocks_compileAsShown() throws Exception {
        List<Block> blocks = javaBlocks(Files.readAllLines(readme()));
        List<Block> compiled = blocks.stream().filter(b -> b.skipReason() == null).toList();
        assertTrue(compiled.size() >= 6, () -> "only " + compiled.size() + " java blocks found in README.md");
        List<String> names = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Block b : compiled) {
            names.add("ReadmeLine" + b.line());
            sources.add(unit("ReadmeLine" + b.line(), b));
        }
        List<String> errors = compile(names, sources, compiled);
        assertEquals(List.of(), errors, () -> "README examples do not compile:\n" + String.join("\n", errors));
    }

    /** Block 100 starts with its fence on README line 100, so its first line of code is line 101. */
    @Test
    void compile_ofABlockMissingAnImport_reportsTheReadmeLine() throws Exception {
        Block b = new Block(100, "List<Long> r = List.of(1L);\n", null);
        List<String> errors = compile(List.of("ReadmeLine100"), List.of(unit("ReadmeLine100", b)), List.of(b));
        assertFalse(errors.isEmpty());
        assertTrue(errors.get(0).startsWith("README.md:101: cannot find symbol"), errors.toString());
        Block ok = new Block(5, "import java.util.List;\nList<Long> r = List.of(1L);\n", null);
        assertEquals(List.of(), compile(List.of("ReadmeLine5"), List.of(unit("ReadmeLine5", ok)), List.of(ok)));
    }

    @Test
    void javaBlocks_skipped_sayWhy() throws Exception {
        for (Block b : javaBlocks(Files.readAllLines(readme()))) {
            if (b.skipReason() != null) {
                assertTrue(b.skipReason().length() > 5, () -> "README.md:" + b.line() + ": say why it is skipped");
            }
        }
        List<Block> fake = javaBlocks(List.of("<!-- readme-test: skip, needs Spark -->", "```java", "x", "```"));
        assertEquals("needs Spark", fake.get(0).skipReason());
        if (fake.size() != 1) {
            fail(fake.toString());
        }
    }
}
