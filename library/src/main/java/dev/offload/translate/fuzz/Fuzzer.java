package dev.offload.translate.fuzz;

import dev.offload.ForBody;
import dev.offload.Offload;
import dev.offload.translate.fuzz.Expr.Ty;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A differential fuzzer of the Java-kernel translator: random well-typed expressions and small loops over
 * {@code int}, {@code long}, {@code float} and {@code double} (see {@code ExprGenerator} for what they use),
 * compiled in process with {@link ToolProvider#getSystemJavaCompiler()} into {@link ForBody} lambdas that write
 * {@code out[i * K + slot] = expr(ia[i], ib[i], la[i], ...)}, run on a device through
 * {@link Offload#parallelFor(int, ForBody)} and in Java by calling the lambda, and compared: bit patterns, NaN-ness
 * for NaNs (payloads are not compared), and for a transcendental call at the root the documented ULP bound plus one.
 * Many expressions share one generated class and one kernel (a batch), so the device compiles few programs. A
 * mismatch is shrunk on its input row (nodes replaced by their operands or by leaves, loops cut, while it still
 * mismatches) and reported with its Java source and inputs.
 *
 * <pre>{@code
 * try (Offload cl = Offload.open("opencl")) {
 *     Fuzzer.Report r = Fuzzer.run(cl, 2000, 42L, new PrintWriter(System.out, true));
 *     r.findings().forEach(System.out::println);
 * }
 * }</pre>
 *
 * Internal: used by the library's tests and by {@code offload fuzz}; not part of the API. Needs a JDK (javac).
 */
public final class Fuzzer {
    /** Expressions per generated kernel. */
    static final int BATCH = 100;
    /** Input rows per kernel launch. */
    static final int ROWS = 48;
    private static final int MAX_SHRINK_ROUNDS = 60;
    private static final Ty[] OUTPUT_TYPES = {Ty.I, Ty.J, Ty.F, Ty.D};
    private static final AtomicInteger CLASSES = new AtomicInteger();
    private static final Pattern VARIABLE = Pattern.compile("\\b(ia|ib|la|lb|fa|fb|da|db)\\b");

    private final Offload device;
    private final PrintWriter log;
    private final Path work;
    private int launches;
    private long values;

    /**
     * The outcome of a run.
     *
     * @param kernels  expressions and loops generated and compared
     * @param launches kernels launched on the device, shrinking included
     * @param values   output values compared
     * @param findings one report per mismatch or device error: a minimal reproducer, its inputs and both results
     */
    public record Report(int kernels, int launches, long values, List<String> findings) {
        /** Copies the findings. */
        public Report {
            findings = List.copyOf(findings);
        }
    }

    private Fuzzer(Offload device, PrintWriter log, Path work) {
        this.device = device;
        this.log = log;
        this.work = work;
    }

    /**
     * Generates {@code kernels} random cases from {@code seed}, runs them on {@code device} and in Java, and
     * reports every mismatch, shrunk. The same seed gives the same cases.
     *
     * @param device  where to run the translated kernels (an OpenCL device; a Java backend compares Java with itself)
     * @param kernels how many expressions and loops to generate, at least 1
     * @param seed    the generator's seed
     * @param log     progress lines (one per batch), or null for none
     * @throws IllegalArgumentException when {@code kernels < 1}
     * @throws IllegalStateException    when no Java compiler is available (a JRE, not a JDK)
     */
    public static Report run(Offload device, int kernels, long seed, PrintWriter log) {
        Objects.requireNonNull(device, "device");
        if (kernels < 1) {
            throw new IllegalArgumentException("kernels must be at least 1: " + kernels);
        }
        Path work;
        try {
            work = Files.createTempDirectory("offload-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Fuzzer(device, log, work).fuzz(kernels, seed);
        } finally {
            deleteTree(work);
        }
    }

    /** The cases of a seed, as Java statements (for tests and reports). */
    static List<FuzzCase> generate(int kernels, long seed) {
        Random r = new Random(seed);
        List<FuzzCase> cases = new ArrayList<>(kernels);
        for (int c = 0; c < kernels; c++) {
            Ty t = OUTPUT_TYPES[r.nextInt(OUTPUT_TYPES.length)];
            if (r.nextInt(5) == 0) {
                Expr init = new ExprGenerator(r, List.of()).gen(t, 2);
                Expr body = new ExprGenerator(r, FuzzCase.accLeaf(t)).gen(t, 3);
                cases.add(new FuzzCase(t, init, body, 1 + r.nextInt(4)));
            } else {
                cases.add(new FuzzCase(t, new ExprGenerator(r, List.of()).root(t, 1 + r.nextInt(4)), null, 0));
            }
        }
        return cases;
    }

    private Report fuzz(int kernels, long seed) {
        List<FuzzCase> cases = generate(kernels, seed);
        Random inputs = new Random(seed * 31 + 7);
        List<String> findings = new ArrayList<>();
        List<List<FuzzCase>> batches = new ArrayList<>();
        for (int from = 0; from < cases.size(); from += BATCH) {
            batches.add(cases.subList(from, Math.min(cases.size(), from + BATCH)));
        }
        List<Method> factories = compile(batches);
        for (int b = 0; b < batches.size(); b++) {
            Rows rows = Rows.random(ROWS, inputs);
            runBatch(batches.get(b), factories.get(b), rows, findings);
            if (log != null) {
                log.printf("batch %d/%d: %d cases, %d findings so far%n", b + 1, batches.size(), batches.get(b).size(),
                        findings.size());
            }
        }
        return new Report(kernels, launches, values, findings);
    }

    /** Runs one batch; a device error splits it until the failing case stands alone. */
    private void runBatch(List<FuzzCase> batch, Method factory, Rows rows, List<String> findings) {
        Outcome o;
        try {
            o = execute(batch, factory, rows);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                findings.add("device error on " + batch.get(0) + ":\n  " + e + "\n  inputs: " + rows.describe(0,
                        batch.get(0).toString()));
                return;
            }
            int half = batch.size() / 2;
            List<List<FuzzCase>> parts = List.of(batch.subList(0, half), batch.subList(half, batch.size()));
            List<Method> fs = compile(parts);
            runBatch(parts.get(0), fs.get(0), rows, findings);
            runBatch(parts.get(1), fs.get(1), rows, findings);
            return;
        }
        for (int c = 0; c < batch.size(); c++) {
            values += rows.n;
            for (int row = 0; row < rows.n; row++) {
                if (o.mismatch(batch, c, row) != null) {
                    findings.add(shrink(batch.get(c), rows.row(row)));
                    break;
                }
            }
        }
    }

    /** Greedy shrinking on one input row: each round runs every one-step-smaller case in one kernel. */
    private String shrink(FuzzCase original, Rows row) {
        FuzzCase best = original;
        int steps = 0;
        for (int round = 0; round < MAX_SHRINK_ROUNDS; round++) {
            List<FuzzCase> candidates = new ArrayList<>(best.shrinks());
            candidates.sort(Comparator.comparingInt(FuzzCase::size));
            if (candidates.size() > BATCH) {
                candidates = candidates.subList(0, BATCH);
            }
            if (candidates.isEmpty()) {
                break;
            }
            Outcome o;
            try {
                o = execute(candidates, compile(List.of(candidates)).get(0), row);
            } catch (RuntimeException e) {
                break;
            }
            FuzzCase next = null;
            for (int c = 0; c < candidates.size() && next == null; c++) {
                if (o.mismatch(candidates, c, 0) != null) {
                    next = candidates.get(c);
                }
            }
            if (next == null) {
                break;
            }
            best = next;
            steps++;
        }
        Outcome o = execute(List.of(best), compile(List.of(List.of(best))).get(0), row);
        String why = o.mismatch(List.of(best), 0, 0);
        return "mismatch on " + device.device().id() + (steps > 0 ? " (shrunk in " + steps + " steps from "
                + original.size() + " to " + best.size() + " nodes)" : "") + ":\n"
                + "  off.parallelFor(1, i -> " + best.statement("out[i]") + ");\n"
                + "  inputs: " + row.describe(0, best.toString()) + "\n  " + (why == null ? "(no longer mismatches alone: "
                + "was " + original + ")" : why);
    }

    // ---------------------------------------------------------------- running

    /** Java's and the device's outputs of one batch. */
    private record Outcome(Object[] java, Object[] device, int[] slots, int[] perType) {
        String mismatch(List<FuzzCase> batch, int c, int row) {
            FuzzCase fc = batch.get(c);
            int t = fc.type().ordinal();
            int idx = row * perType[t] + slots[c];
            Object a = Array.get(java[t], idx);
            Object b = Array.get(device[t], idx);
            if (same(a, b, fc.ulps())) {
                return null;
            }
            return "java: " + Inputs.show(a) + "\n  device: " + Inputs.show(b)
                    + (fc.ulps() > 0 ? "\n  allowed: " + fc.ulps() + " ulp" : "");
        }
    }

    private Outcome execute(List<FuzzCase> batch, Method factory, Rows rows) {
        int[] perType = new int[OUTPUT_TYPES.length];
        int[] slots = new int[batch.size()];
        for (int c = 0; c < batch.size(); c++) {
            slots[c] = perType[batch.get(c).type().ordinal()]++;
        }
        Object[] javaOut = outputs(perType, rows.n);
        Object[] deviceOut = outputs(perType, rows.n);
        ForBody inJava = body(factory, rows, javaOut);
        ForBody onDevice = body(factory, rows, deviceOut);
        for (int i = 0; i < rows.n; i++) {
            inJava.apply(i);
        }
        launches++;
        device.parallelFor(rows.n, onDevice);
        return new Outcome(javaOut, deviceOut, slots, perType);
    }

    private static Object[] outputs(int[] perType, int n) {
        return new Object[] {new int[perType[0] * n], new long[perType[1] * n], new float[perType[2] * n],
                new double[perType[3] * n]};
    }

    private static ForBody body(Method factory, Rows r, Object[] out) {
        try {
            return (ForBody) factory.invoke(null, r.ia, r.ib, r.la, r.lb, r.fa, r.fb, r.da, r.db, out[0], out[1],
                    out[2], out[3]);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("generated factory failed", e);
        }
    }

    /** Equal bits; NaN equals any NaN; with {@code ulps > 0}, doubles within that many ulps. */
    static boolean same(Object a, Object b, int ulps) {
        if (a instanceof Float x && b instanceof Float y) {
            return Float.isNaN(x) ? Float.isNaN(y) : Float.floatToRawIntBits(x) == Float.floatToRawIntBits(y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Double.isNaN(x) && Double.isNaN(y);
            }
            if (ulps == 0 || Double.isInfinite(x) || Double.isInfinite(y)) {
                return Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
            }
            return Math.abs(ordered(x) - ordered(y)) <= ulps;
        }
        return a.equals(b);
    }

    private static long ordered(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits < 0 ? Long.MIN_VALUE - bits : bits;
    }

    /** Input columns: row {@code i} of every variable. */
    record Rows(int n, int[] ia, int[] ib, long[] la, long[] lb, float[] fa, float[] fb, double[] da, double[] db) {
        static Rows random(int n, Random r) {
            Rows x = new Rows(n, new int[n], new int[n], new long[n], new long[n], new float[n], new float[n],
                    new double[n], new double[n]);
            for (int i = 0; i < n; i++) {
                x.ia[i] = Inputs.anInt(r);
                x.ib[i] = Inputs.anInt(r);
                x.la[i] = Inputs.aLong(r);
                x.lb[i] = Inputs.aLong(r);
                x.fa[i] = Inputs.aFloat(r);
                x.fb[i] = Inputs.aFloat(r);
                x.da[i] = Inputs.aDouble(r);
                x.db[i] = Inputs.aDouble(r);
            }
            return x;
        }

        Rows row(int i) {
            return new Rows(1, new int[] {ia[i]}, new int[] {ib[i]}, new long[] {la[i]}, new long[] {lb[i]},
                    new float[] {fa[i]}, new float[] {fb[i]}, new double[] {da[i]}, new double[] {db[i]});
        }

        /** The inputs of row {@code i} that {@code source} reads. */
        String describe(int i, String source) {
            List<String> parts = new ArrayList<>();
            var m = VARIABLE.matcher(source);
            List<String> seen = new ArrayList<>();
            while (m.find()) {
                String v = m.group(1);
                if (seen.contains(v)) {
                    continue;
                }
                seen.add(v);
                Object val = switch (v) {
                    case "ia" -> ia[i];
                    case "ib" -> ib[i];
                    case "la" -> la[i];
                    case "lb" -> lb[i];
                    case "fa" -> fa[i];
                    case "fb" -> fb[i];
                    case "da" -> da[i];
                    default -> db[i];
                };
                parts.add(v + " = " + Inputs.show(val));
            }
            return parts.isEmpty() ? "(none)" : String.join(", ", parts);
        }
    }

    // ---------------------------------------------------------------- compiling

    /** Compiles one class per batch in one javac run; returns each class's {@code body} factory. */
    private List<Method> compile(List<List<FuzzCase>> batches) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler: the fuzzer needs a JDK, not a JRE (java.home = "
                    + System.getProperty("java.home") + ")");
        }
        List<JavaFileObject> sources = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (List<FuzzCase> batch : batches) {
            String name = "FuzzBatch" + CLASSES.incrementAndGet();
            names.add(name);
            String src = source(name, batch);
            sources.add(new SimpleJavaFileObject(URI.create("string:///offloadfuzz/" + name + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                }
            });
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-proc:none", "-g", "-nowarn", "-Xlint:none", "-d", work.toString(),
                "-cp", classPathOf(ForBody.class));
        boolean ok = javac.getTask(null, null, diagnostics, options, null, sources).call();
        if (!ok) {
            StringBuilder s = new StringBuilder("generated source does not compile:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                s.append('\n').append(d);
            }
            throw new IllegalStateException(s.toString());
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {work.toUri().toURL()}, Fuzzer.class.getClassLoader());
            List<Method> out = new ArrayList<>();
            for (String n : names) {
                Class<?> c = Class.forName("offloadfuzz." + n, true, loader);
                out.add(c.getMethod("body", int[].class, int[].class, long[].class, long[].class, float[].class,
                        float[].class, double[].class, double[].class, int[].class, long[].class, float[].class,
                        double[].class));
            }
            return out;
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load generated classes from " + work, e);
        }
    }

    /** The generated class of a batch: one statement per line, so a fault names its case's line. */
    static String source(String className, List<FuzzCase> batch) {
        int[] perType = new int[OUTPUT_TYPES.length];
        StringBuilder body = new StringBuilder();
        for (FuzzCase c : batch) {
            int t = c.type().ordinal();
            String target = "o" + c.type().name() + "[i * K" + c.type().name() + " + " + perType[t]++ + "]";
            body.append("            ").append(c.statement(target)).append('\n');
        }
        StringBuilder s = new StringBuilder();
        s.append("package offloadfuzz;\n\nimport dev.offload.ForBody;\n\npublic final class ").append(className)
                .append(" {\n");
        s.append("    static int nz(int v) { return v == 0 ? 1 : v; }\n");
        s.append("    static long nzl(long v) { return v == 0 ? 1L : v; }\n\n");
        s.append("    public static ForBody body(int[] xia, int[] xib, long[] xla, long[] xlb, float[] xfa, float[] xfb,"
                + " double[] xda, double[] xdb, int[] oI, long[] oJ, float[] oF, double[] oD) {\n");
        for (Ty t : OUTPUT_TYPES) {
            s.append("        final int K").append(t.name()).append(" = ").append(perType[t.ordinal()]).append(";\n");
        }
        s.append("        return i -> {\n");
        s.append("            int ia = xia[i], ib = xib[i]; long la = xla[i], lb = xlb[i];"
                + " float fa = xfa[i], fb = xfb[i]; double da = xda[i], db = xdb[i];\n");
        s.append(body);
        s.append("        };\n    }\n}\n");
        return s.toString();
    }

    private static String classPathOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
