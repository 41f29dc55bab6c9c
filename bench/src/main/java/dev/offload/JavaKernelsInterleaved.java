package dev.offload;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link JavaKernelsBenchmark}'s warm pairs timed interleaved, call by call, in one JVM: on a shared machine whose
 * load changes from second to second, JMH's one-benchmark-after-another blocks can put a translated kernel and its
 * hand-written twin under different loads; alternating them puts both under the same, and the medians of the
 * per-round times give their ratio. Not a JMH benchmark (no blackholes, no forks): use it for ratios, JMH for
 * absolute times.
 * Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.offload.JavaKernelsInterleaved [device] [rounds]}.
 */
public final class JavaKernelsInterleaved {
    private JavaKernelsInterleaved() {
    }

    /**
     * Times each pair for {@code rounds} rounds (default 200) after as many warm-up rounds, and prints medians.
     *
     * @param args device selector (default {@code opencl}), rounds
     */
    public static void main(String[] args) {
        JavaKernelsBenchmark b = new JavaKernelsBenchmark();
        b.device = args.length > 0 ? args[0] : "opencl";
        b.log2n = 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        b.setUp();
        try {
            Map<String, Supplier<Object>> pairs = new LinkedHashMap<>();
            pairs.put("sumOfSquaresTranslated", b::sumOfSquaresTranslated);
            pairs.put("sumOfSquaresHandWritten", b::sumOfSquaresHandWritten);
            pairs.put("axpyTranslated", b::axpyTranslated);
            pairs.put("axpyHandWritten", b::axpyHandWritten);
            pairs.put("overheadN8Translated", b::overheadN8Translated);
            pairs.put("overheadN8SumLongTranslated", b::overheadN8SumLongTranslated);
            pairs.put("overheadN8SumOfSquaresHandWritten", b::overheadN8SumOfSquaresHandWritten);
            time(pairs, rounds, "");
            Map<String, Supplier<Object>> mandel = new LinkedHashMap<>();
            mandel.put("mandelbrotTranslated", b::mandelbrotTranslated);
            mandel.put("mandelbrotHandWritten", b::mandelbrotHandWritten);
            time(mandel, Math.max(10, rounds / 10), "");
        } finally {
            b.tearDown();
        }
    }

    private static void time(Map<String, Supplier<Object>> calls, int rounds, String prefix) {
        Map<String, long[]> times = new LinkedHashMap<>();
        calls.keySet().forEach(k -> times.put(k, new long[rounds]));
        long sink = 0;
        for (int r = -rounds; r < rounds; r++) {
            for (Map.Entry<String, Supplier<Object>> e : calls.entrySet()) {
                long t0 = System.nanoTime();
                sink += e.getValue().get().hashCode();
                long t = System.nanoTime() - t0;
                if (r >= 0) {
                    times.get(e.getKey())[r] = t;
                }
            }
        }
        for (Map.Entry<String, long[]> e : times.entrySet()) {
            long[] t = e.getValue().clone();
            Arrays.sort(t);
            System.out.printf("%s%-36s median %10.1f us  (p25 %10.1f, p75 %10.1f, %d rounds)%n", prefix, e.getKey(),
                    t[t.length / 2] / 1e3, t[t.length / 4] / 1e3, t[3 * t.length / 4] / 1e3, t.length);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
