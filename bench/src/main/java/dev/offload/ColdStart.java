package dev.offload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The first {@code wordLengths} of a new JVM whose programs come from the on-disk program cache (issue #10: at most
 * 150 ms with PoCL's own cache off). Not JMH: every sample is a fresh JVM. For each class path given (one per
 * library build, so an old and a new build are timed in the same run), this driver makes a temporary cache folder,
 * runs one JVM that fills it (open, {@code wordLengths}, close), then starts {@code runs} measuring JVMs per class
 * path, alternating the class paths round by round so that both see the same load. Every child runs with
 * {@code POCL_KERNEL_CACHE=0}, the filling one too unless {@code --fill-with-pocl-cache} (then the binary it stores
 * holds whatever PoCL's own cache had gathered for that source, from every earlier run on the machine). Each
 * measuring JVM reports: JVM start to {@code main} (the driver's {@link System#nanoTime} before the start against the
 * child's at {@code main}: one monotonic clock on Linux), {@link Offload#open(String)}, the first
 * {@code wordLengths}, the second one, and {@code close}; the driver adds the child's whole life ({@code total}).
 * Medians are printed per class path, and of open + first.
 *
 * <p>Run (the driver's JVM options are passed to the children):
 * <pre>{@code
 * LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.offload.ColdStart [--runs 7] [--device opencl] [--cp LABEL=CLASSPATH]... [--keep]
 * }</pre>
 * Without {@code --cp} the driver's own class path is timed. {@code bench/cold-start.sh} runs it so.
 */
public final class ColdStart {
    private static final String CHILD = "--child";
    private static final String[] FIGURES = {"startToMain", "open", "first", "second", "close", "total"};

    private ColdStart() {
    }

    /**
     * The driver, or (with {@code --child}) one measured JVM.
     *
     * @param args {@code --runs N}, {@code --device SELECTOR}, {@code --cp LABEL=CLASSPATH} (repeatable),
     *             {@code --keep} (leave the cache folders), {@code --fill-with-pocl-cache}
     * @throws Exception when a child fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child(Long.parseLong(args[1]), args[2], args[3].equals("fill"));
            return;
        }
        int runs = 7;
        String device = "opencl";
        boolean keep = false;
        boolean fillWithPoclCache = false;
        Map<String, String> classPaths = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--device" -> device = args[++i];
                case "--keep" -> keep = true;
                case "--fill-with-pocl-cache" -> fillWithPoclCache = true;
                case "--cp" -> {
                    String[] kv = args[++i].split("=", 2);
                    classPaths.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (classPaths.isEmpty()) {
            classPaths.put("this", System.getProperty("java.class.path"));
        }
        Map<String, Path> caches = new LinkedHashMap<>();
        Map<String, List<Map<String, Double>>> samples = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> cp : classPaths.entrySet()) {
                Path dir = Files.createTempDirectory("offload-cold-" + cp.getKey() + "-");
                caches.put(cp.getKey(), dir);
                samples.put(cp.getKey(), new ArrayList<>());
                Map<String, Double> fill = runChild(cp.getValue(), dir, device, true, fillWithPoclCache);
                System.out.printf("%-8s fill JVM: first %.0f ms, close %.0f ms (cache %s: %d files)%n", cp.getKey(),
                        fill.get("first"), fill.get("close"), dir, count(dir));
            }
            for (int r = 0; r < runs; r++) {
                for (Map.Entry<String, String> cp : classPaths.entrySet()) {
                    Map<String, Double> s = runChild(cp.getValue(), caches.get(cp.getKey()), device, false, false);
                    samples.get(cp.getKey()).add(s);
                    System.out.printf("%-8s run %d: %s%n", cp.getKey(), r, format(s));
                }
            }
            for (Map.Entry<String, List<Map<String, Double>>> e : samples.entrySet()) {
                Map<String, Double> median = new LinkedHashMap<>();
                for (String f : FIGURES) {
                    double[] v = e.getValue().stream().mapToDouble(m -> m.get(f)).sorted().toArray();
                    median.put(f, v[v.length / 2]);
                }
                median.put("open+first", median(e.getValue().stream()
                        .mapToDouble(m -> m.get("open") + m.get("first")).toArray()));
                System.out.printf("%-8s median of %d JVMs: %s%n", e.getKey(), runs, format(median));
            }
        } finally {
            if (!keep) {
                for (Path dir : caches.values()) {
                    delete(dir);
                }
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String format(Map<String, Double> s) {
        StringBuilder sb = new StringBuilder();
        s.forEach((k, v) -> sb.append(String.format("%s %.1f ms  ", k, v)));
        return sb.toString().strip();
    }

    /** Starts one child JVM with the driver's JVM options and returns its figures (ms). */
    private static Map<String, Double> runChild(String classPath, Path cache, String device, boolean fill,
                                                boolean fillWithPoclCache)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-Doffload.programCache") && !a.startsWith("-agentlib")).toList());
        cmd.add("-Doffload.programCache=" + cache);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(ColdStart.class.getName());
        cmd.add(CHILD);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (!fill || !fillWithPoclCache) {
            pb.environment().put("POCL_KERNEL_CACHE", "0");
        }
        long t0 = System.nanoTime();
        cmd.add(Long.toString(t0));
        cmd.add(device);
        cmd.add(fill ? "fill" : "measure");
        Process p = pb.command(cmd).start();
        Map<String, Double> figures = new LinkedHashMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("COLD ")) {
                    for (String kv : line.substring(5).trim().split("\\s+")) {
                        String[] parts = kv.split("=");
                        figures.put(parts[0], Double.parseDouble(parts[1]));
                    }
                } else {
                    output.add(line);
                }
            }
        }
        int rc = p.waitFor();
        figures.put("total", (System.nanoTime() - t0) / 1e6);
        if (rc != 0 || !figures.containsKey("first")) {
            throw new IllegalStateException("child JVM failed (exit " + rc + "): " + String.join("\n", output));
        }
        output.forEach(l -> System.out.println("    | " + l));
        return figures;
    }

    /** One measured JVM: open, two {@code wordLengths}, close; prints its figures on one {@code COLD} line. */
    private static void child(long parentStart, String device, boolean fill) {
        long main = System.nanoTime();
        byte[] text = text();
        long t0 = System.nanoTime();
        Offload off = Offload.open(device);
        long t1 = System.nanoTime();
        int[] first = off.wordLengths(text);
        long t2 = System.nanoTime();
        int[] second = off.wordLengths(text);
        long t3 = System.nanoTime();
        off.close();
        long t4 = System.nanoTime();
        // Checked after the timing, so that the oracle's classes do not load before the timed calls.
        int[] expected = dev.offload.text.JavaWordLengths.wordLengths(text, false);
        if (!Arrays.equals(expected, first) || !Arrays.equals(expected, second)) {
            throw new IllegalStateException("wrong word lengths: " + first.length + " words, " + expected.length
                    + " expected");
        }
        System.out.printf("COLD startToMain=%.2f open=%.2f first=%.2f second=%.3f close=%.2f%n",
                (main - parentStart) / 1e6, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
        if (fill && !off.device().isOpenCl()) {
            throw new IllegalStateException("not an OpenCL device: " + off.device().describe());
        }
    }

    /** About 4 KB of UTF-8, multi-byte sequences included: 600 words. */
    private static byte[] text() {
        String[] words = {"lorem", "ipsum", "dolor", "sit", "amet,", "Grüße", "naïve", "日本語", "😀x", "end."};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            sb.append(words[i % words.length]).append(i % 7 == 0 ? "\n" : " ");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
