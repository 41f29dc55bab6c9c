package dev.offload;

import dev.offload.backend.Backend;

import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the two halves of a {@link MapKernel} (its OpenCL C expression and its Java function) against each other
 * the first time the kernel runs on an OpenCL device: the first {@link #SAMPLE} results of that run are compared
 * with the Java function on the same inputs, so the check costs no extra launch. A mismatch throws
 * {@link IllegalStateException} naming the kernel and the first differing element; otherwise the two halves would
 * silently answer differently per backend. Integer results must be equal; {@code double} results equal, both NaN,
 * or within {@link #ULPS} ulps (an expression may call OpenCL's {@code sin}, {@code exp}, ... whose bounds reach
 * 16 ulps for {@code pow}). The system property {@code offload.checkKernelHalves=false}, read here only, turns the
 * check off.
 */
final class HalvesCheck {
    /** The system property that turns the check off when {@code false}. */
    static final String PROPERTY = "offload.checkKernelHalves";
    static final int SAMPLE = 256;
    static final int ULPS = 16;

    /** Kernels already checked, per backend; weak so that kernels and backends can go away. */
    private static final Map<Backend, Set<MapKernel>> CHECKED = new WeakHashMap<>();

    private HalvesCheck() {
    }

    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /** Checks {@code out}, the device's result of {@code kernel} over {@code xs}, once per kernel and backend. */
    static void onFirstRun(Backend b, MapKernel kernel, Object xs, Object out) {
        if (b.device().kind().isJava() || !enabled()) {
            return;
        }
        Set<MapKernel> done;
        synchronized (CHECKED) {
            done = CHECKED.computeIfAbsent(b, k -> ConcurrentHashMap.newKeySet());
        }
        if (done.contains(kernel)) {
            return;
        }
        if (xs instanceof int[] in) {
            long[] got = (long[]) out;
            for (int i = 0; i < Math.min(SAMPLE, in.length); i++) {
                long java = kernel.applyAsLong(in[i]);
                if (got[i] != java) {
                    throw mismatch(kernel, b, i, Integer.toString(in[i]), Long.toString(got[i]), Long.toString(java));
                }
            }
        } else if (xs instanceof long[] in) {
            long[] got = (long[]) out;
            long[] java = new long[Math.min(SAMPLE, in.length)];
            kernel.mapRange(in, java, 0, java.length);
            for (int i = 0; i < java.length; i++) {
                if (got[i] != java[i]) {
                    throw mismatch(kernel, b, i, Long.toString(in[i]), Long.toString(got[i]), Long.toString(java[i]));
                }
            }
        } else {
            double[] in = (double[]) xs;
            double[] got = (double[]) out;
            for (int i = 0; i < Math.min(SAMPLE, in.length); i++) {
                double java = kernel.applyAsDouble(in[i]);
                if (!close(got[i], java)) {
                    throw mismatch(kernel, b, i, Double.toString(in[i]), Double.toString(got[i]),
                            Double.toString(java));
                }
            }
        }
        done.add(kernel);
    }

    private static boolean close(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b);
        }
        if (a == b) {
            return true;
        }
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return false;
        }
        return Math.abs(ordered(a) - ordered(b)) <= ULPS;
    }

    private static long ordered(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits < 0 ? Long.MIN_VALUE - bits : bits;
    }

    private static IllegalStateException mismatch(MapKernel k, Backend b, int i, String x, String device, String java) {
        return new IllegalStateException("kernel " + k.name() + ": its OpenCL C expression \"" + k.expression()
                + "\" and its Java function disagree at element " + i + " (x = " + x + "): " + b.device().id()
                + " gives " + device + ", Java gives " + java + " (turn this check off with -D" + PROPERTY
                + "=false)");
    }
}
