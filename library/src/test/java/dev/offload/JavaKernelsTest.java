package dev.offload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernels written in Java, end to end through {@link Offload}: the example programs of a first GPU course (saxpy,
 * vector add, Mandelbrot, matrix multiply, blur, an N-body step, a histogram with atomics, helpers, a resident loop)
 * on every backend, each checked against the same lambda run by plain Java. Java defines the answers, so integer
 * and {@code + - * / sqrt} results must be bit-identical; only sums of doubles may differ in the last bits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaKernelsTest {
    private static final int[] SIZES = {0, 1, 7, 255, 1000, 65_537};

    /** The device matrix: both Java backends, and the first OpenCL device (PoCL here and in CI). */
    Stream<String> devices() {
        return Stream.of("java-seq", "java", "opencl");
    }

    // ---------------------------------------------------------------- loops

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor_saxpy_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            for (int n : SIZES) {
                float a = 2.5f;
                float[] x = randomFloats(n, 1);
                float[] y = randomFloats(n, 2);
                float[] expected = y.clone();
                for (int i = 0; i < n; i++) {
                    expected[i] = a * x[i] + expected[i];
                }
                off.parallelFor(n, i -> y[i] = a * x[i] + y[i]);
                assertArrayEquals(expected, y, "saxpy n=" + n + " on " + device);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor_longVectorAddWraps_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int n = 4099;
            long[] a = randomLongs(n, 3);
            long[] b = randomLongs(n, 4);
            a[0] = Long.MAX_VALUE;
            b[0] = 1;
            long[] c = new long[n];
            off.parallelFor(n, i -> c[i] = a[i] + b[i] * 3 - (a[i] >>> 7) + (b[i] << 65));
            for (int i = 0; i < n; i++) {
                assertEquals(a[i] + b[i] * 3 - (a[i] >>> 7) + (b[i] << 65), c[i], "i=" + i);
            }
        }
    }

    static int mandel(int row, int col, int w, int h, int maxIter) {
        float cr = -2.0f + 3.0f * col / w;
        float ci = -1.2f + 2.4f * row / h;
        float zr = 0f;
        float zi = 0f;
        int k = 0;
        while (k < maxIter && zr * zr + zi * zi <= 4.0f) {
            float t = zr * zr - zi * zi + cr;
            zi = 2.0f * zr * zi + ci;
            zr = t;
            k++;
        }
        return k;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor2D_mandelbrotWithAHelper_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int w = 97;
            int h = 61;
            int[] img = new int[w * h];
            off.parallelFor(h, w, (r, c) -> img[r * w + c] = mandel(r, c, w, h, 200));
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    assertEquals(mandel(r, c, w, h, 200), img[r * w + c], "pixel " + r + "," + c);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor2D_naiveMatmulFloatAndDouble_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int m = 33;
            int k = 17;
            int n = 29;
            float[] a = randomFloats(m * k, 5);
            float[] b = randomFloats(k * n, 6);
            float[] c = new float[m * n];
            off.parallelFor(m, n, (i, j) -> {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            });
            double[] ad = randomDoubles(m * k, 7);
            double[] bd = randomDoubles(k * n, 8);
            double[] cd = new double[m * n];
            off.parallelFor(m, n, (i, j) -> {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += ad[i * k + p] * bd[p * n + j];
                }
                cd[i * n + j] = s;
            });
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    double sd = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[i * k + p] * b[p * n + j];
                        sd += ad[i * k + p] * bd[p * n + j];
                    }
                    assertEquals(s, c[i * n + j], "float c[" + i + "][" + j + "]");
                    assertEquals(sd, cd[i * n + j], "double c[" + i + "][" + j + "]");
                }
            }
        }
    }

    static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor2D_blur3x3ClampedEdges_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int w = 40;
            int h = 23;
            float[] in = randomFloats(w * h, 9);
            float[] out = new float[w * h];
            off.parallelFor(h, w, (r, c) -> {
                float s = 0f;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        s += in[clamp(r + dr, 0, h - 1) * w + clamp(c + dc, 0, w - 1)];
                    }
                }
                out[r * w + c] = s / 9f;
            });
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    float s = 0f;
                    for (int dr = -1; dr <= 1; dr++) {
                        for (int dc = -1; dc <= 1; dc++) {
                            s += in[clamp(r + dr, 0, h - 1) * w + clamp(c + dc, 0, w - 1)];
                        }
                    }
                    assertEquals(s / 9f, out[r * w + c], "pixel " + r + "," + c);
                }
            }
        }
    }

    static void nbodyStep(int i, int n, float[] px, float[] py, float[] vx, float[] vy, float dt) {
        float ax = 0f;
        float ay = 0f;
        for (int j = 0; j < n; j++) {
            float dx = px[j] - px[i];
            float dy = py[j] - py[i];
            float r2 = dx * dx + dy * dy + 0.01f;
            float inv = 1.0f / (float) Math.sqrt(r2);
            float inv3 = inv * inv * inv;
            ax += dx * inv3;
            ay += dy * inv3;
        }
        vx[i] += ax * dt;
        vy[i] += ay * dt;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor_nbodyStep_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int n = 300;
            float[] px = randomFloats(n, 10);
            float[] py = randomFloats(n, 11);
            float[] vx = new float[n];
            float[] vy = new float[n];
            float[] ex = new float[n];
            float[] ey = new float[n];
            float dt = 0.01f;
            off.parallelFor(n, i -> nbodyStep(i, n, px, py, vx, vy, dt));
            for (int i = 0; i < n; i++) {
                nbodyStep(i, n, px, py, ex, ey, dt);
            }
            assertArrayEquals(ex, vx);
            assertArrayEquals(ey, vy);
        }
    }

    static int bin(float v) {
        return Math.min(15, Math.max(0, (int) (v * 16f)));
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor_histogramWithAtomics_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int n = 100_003;
            float[] x = randomFloats(n, 12);
            int[] hist = new int[16];
            long[] weights = new long[16];
            off.parallelFor(n, i -> {
                Atomics.add(hist, bin(x[i]), 1);
                Atomics.add(weights, bin(x[i]), 1L << 33);
            });
            int[] expected = new int[16];
            for (float v : x) {
                expected[bin(v)]++;
            }
            assertArrayEquals(expected, hist);
            for (int b = 0; b < 16; b++) {
                assertEquals((long) expected[b] << 33, weights[b]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor_residentLoopOf100Steps_matchesJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int n = 1001;
            float a = 0.5f;
            float[] x = randomFloats(n, 13);
            float[] y = randomFloats(n, 14);
            float[] expected = y.clone();
            for (int step = 0; step < 100; step++) {
                for (int i = 0; i < n; i++) {
                    expected[i] = expected[i] + a * x[i];
                }
            }
            try (DeviceFloats dx = off.upload(x); DeviceFloats dy = off.upload(y)) {
                for (int step = 0; step < 100; step++) {
                    off.parallelFor(n, i -> dy.set(i, dy.get(i) + a * dx.get(i)));
                }
                assertArrayEquals(expected, dy.toArray());
            }
            float[] original = randomFloats(n, 14);
            assertArrayEquals(original, y, "the host array is not touched by a resident loop");
        }
    }

    // ---------------------------------------------------------------- reductions

    @ParameterizedTest
    @MethodSource("devices")
    void sumLongAndReduceLong_everySize_matchJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            for (int n : SIZES) {
                int[] xs = randomInts(n, 15);
                long ss = 0;
                long hi = Long.MIN_VALUE;
                for (int x : xs) {
                    ss += (long) x * x;
                    hi = Math.max(hi, x);
                }
                assertEquals(ss, off.sumLong(n, i -> (long) xs[i] * xs[i]), "sum of squares n=" + n);
                assertEquals(hi, off.reduceLong(n, Long.MIN_VALUE, i -> xs[i], Math::max), "max n=" + n);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void sumDoubleAndReduceDouble_matchJava(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            for (int n : SIZES) {
                double[] y = randomDoubles(n, 16);
                double s = 0;
                double m = Double.NEGATIVE_INFINITY;
                for (double v : y) {
                    s += v * 0.5;
                    m = Math.max(m, v);
                }
                assertEquals(s, off.sumDouble(n, i -> y[i] * 0.5), 1e-9 * Math.max(1, n), "sum n=" + n);
                assertEquals(m, off.reduceDouble(n, Double.NEGATIVE_INFINITY, i -> y[i], Math::max), "max n=" + n);
            }
        }
    }

    // ---------------------------------------------------------------- faults

    @ParameterizedTest
    @MethodSource("devices")
    void parallelFor_indexOutOfBounds_throwsAndCopiesNothingBack(String device) {
        try (Offload off = Offload.open(device.equals("opencl") ? requireCl() : device)) {
            int[] a = new int[10];
            int[] out = new int[11];
            var e = assertThrows(ArrayIndexOutOfBoundsException.class, () -> off.parallelFor(11, i -> out[i] = a[i] + 1));
            assertTrue(e.getMessage().contains("10"), e.getMessage());
            if (device.equals("opencl")) {
                assertTrue(e.getMessage().contains("JavaKernelsTest.java:"), e.getMessage());
                assertArrayEquals(new int[11], out, "nothing copied back after a fault");
            }
        }
    }

    /** The device records the fault and the call throws it, naming the kernel's source line; nothing is copied back. */
    @Test
    void parallelFor_integerDivisionByZeroOnTheDevice_throwsArithmeticException() {
        try (Offload off = Offload.open(requireCl())) {
            int[] a = {1, 2, 3, 0};
            int[] out = new int[4];
            var e = assertThrows(ArithmeticException.class, () -> off.parallelFor(4, i -> out[i] = 12 / a[i]));
            assertTrue(e.getMessage().contains("JavaKernelsTest.java:"), e.getMessage());
            assertArrayEquals(new int[4], out, "nothing copied back after a fault");
        }
    }

    /**
     * On the Java backends the lambda itself throws, also after PoCL has built kernels in this JVM: PoCL's LLVM installs
     * its own SIGFPE handler, and without the JDK's {@code libjsig.so} preloaded (as the test forks are, see
     * {@code SignalChainingTest}) {@code 12 / 0} in interpreted Java code then silently gives 12.
     */
    @ParameterizedTest
    @ValueSource(strings = {"java-seq", "java"})
    void parallelFor_integerDivisionByZeroInJavaAfterAPoclBuild_throwsArithmeticException(String device) {
        TestDevices.requireOpenCl();
        try (Offload cl = Offload.open("opencl")) {
            int[] built = new int[3];
            cl.parallelFor(3, i -> built[i] = i * 7 + 1);      // a build of a kernel that no other test makes
            assertArrayEquals(new int[] {1, 8, 15}, built);
        }
        try (Offload off = Offload.open(device)) {
            int[] a = {1, 2, 3, 0};
            int[] out = new int[4];
            assertThrows(ArithmeticException.class, () -> off.parallelFor(4, i -> out[i] = 12 / a[i]));
        }
    }

    @Test
    void parallelFor_negativeRange_throwsIllegalArgument() {
        try (Offload off = Offload.open("java-seq")) {
            assertThrows(IllegalArgumentException.class, () -> off.parallelFor(-1, i -> { }));
            assertThrows(NullPointerException.class, () -> off.parallelFor(1, null));
        }
    }

    // ---------------------------------------------------------------- data

    private static String requireCl() {
        TestDevices.requireOpenCl();
        return "opencl";
    }

    static float[] randomFloats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble();
        }
        return a;
    }

    static double[] randomDoubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble(-1e6, 1e6);
        }
        return a;
    }

    static long[] randomLongs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextLong();
        }
        return a;
    }

    static int[] randomInts(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt();
        }
        return a;
    }
}
