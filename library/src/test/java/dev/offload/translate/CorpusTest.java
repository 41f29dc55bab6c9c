package dev.offload.translate;

import dev.offload.Atomics;
import dev.offload.ForBody;
import dev.offload.ForBody2D;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus: real kernels (saxpy is in {@link SaxpyTest}), each translated, compiled for NVIDIA (clang-15 nvptx64)
 * and run on the OpenCL device against the Java lambda.
 */
class CorpusTest {
    static ClHarness cl;

    @BeforeAll
    static void open() {
        cl = ClHarness.open();
    }

    @AfterAll
    static void close() {
        if (cl != null) {
            cl.close();
        }
    }

    static float[] randomFloats(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }

    static ForBody longAdd(long[] a, long[] b, long[] c) {
        return i -> c[i] = a[i] + b[i];
    }

    @Test
    void longVectorAdd_wrapsAsJava() {
        Oracle.forEach1D(cl, () -> longAdd(Edge.longs(500, 1), Edge.longs(500, 2), new long[500]), 500);
    }

    static ForBody2D mandelbrot(int[] img, int w, int h) {
        return (r, c) -> img[r * w + c] = Fractal.mandel(r, c, w, h, 256);
    }

    @Test
    void mandelbrot2D_staticHelperInAnotherClass_sameAsJava() {
        TranslatedKernel k = KernelTranslator.translate(mandelbrot(new int[1], 1, 1), KernelShape.FOR_2D);
        assertTrue(k.source().contains("const int rows, const int cols, __global int *faults)"), k.source());
        Oracle.forEach2D(cl, () -> mandelbrot(new int[61 * 47], 61, 47), 47, 61);
    }

    static ForBody2D matmulF(float[] a, float[] b, float[] out, int n, int m, int p) {
        return (r, c) -> {
            float s = 0;
            for (int k = 0; k < m; k++) {
                s += a[r * m + k] * b[k * p + c];
            }
            out[r * p + c] = s;
        };
    }

    static ForBody2D matmulD(double[] a, double[] b, double[] out, int n, int m, int p) {
        return (r, c) -> {
            double s = 0;
            for (int k = 0; k < m; k++) {
                s += a[r * m + k] * b[k * p + c];
            }
            out[r * p + c] = s;
        };
    }

    @Test
    void naiveMatmul_floatAndDouble_bitIdentical() {
        Oracle.forEach2D(cl, () -> matmulF(randomFloats(30 * 20, 3), randomFloats(20 * 25, 4), new float[30 * 25],
                30, 20, 25), 30, 25);
        Oracle.forEach2D(cl, () -> {
            double[] a = new double[30 * 20];
            double[] b = new double[20 * 25];
            Random r = new Random(5);
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextGaussian();
            }
            return matmulD(a, b, new double[30 * 25], 30, 20, 25);
        }, 30, 25);
    }

    static ForBody2D blur(float[] img, float[] out, int w, int h) {
        return (r, c) -> {
            float s = 0;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    s += Fractal.at(img, w, h, r + dr, c + dc);
                }
            }
            out[r * w + c] = s / 9f;
        };
    }

    @Test
    void blur3x3_clampedEdges_helperTakesArray() {
        Oracle.forEach2D(cl, () -> blur(randomFloats(40 * 33, 6), new float[40 * 33], 40, 33), 33, 40);
    }

    static ForBody nbody(float[] px, float[] py, float[] pz, float[] m, float[] ax, float[] ay, float[] az, int n) {
        return i -> {
            float fx = 0;
            float fy = 0;
            float fz = 0;
            for (int j = 0; j < n; j++) {
                float dx = px[j] - px[i];
                float dy = py[j] - py[i];
                float dz = pz[j] - pz[i];
                float r2 = dx * dx + dy * dy + dz * dz + 1e-3f;
                float inv = 1f / (float) Math.sqrt(r2);
                float inv3 = inv * inv * inv;
                fx += m[j] * dx * inv3;
                fy += m[j] * dy * inv3;
                fz += m[j] * dz * inv3;
            }
            ax[i] = fx;
            ay[i] = fy;
            az[i] = fz;
        };
    }

    @Test
    void nbodyStep_sqrtAndInverseCube_bitIdentical() {
        int n = 300;
        Oracle.forEach1D(cl, () -> nbody(randomFloats(n, 7), randomFloats(n, 8), randomFloats(n, 9),
                randomFloats(n, 10), new float[n], new float[n], new float[n], n), n);
    }

    static ForBody histogram(float[] x, int[] hist, long[] weights, int bins) {
        return i -> {
            int b = Fractal.bin(x[i], bins);
            Atomics.add(hist, b, 1);
            Atomics.add(weights, b, (long) i << 33);
        };
    }

    @Test
    void histogram_atomicAddIntAndLong_exact() {
        TranslatedKernel k = KernelTranslator.translate(histogram(new float[1], new int[1], new long[1], 1),
                KernelShape.FOR_1D);
        KernelParam hist = k.params().stream().filter(p -> p.name().equals("p_hist")).findFirst().orElseThrow();
        assertTrue(hist.read() && hist.written(), hist.toString());
        Oracle.forEach1D(cl, () -> {
            float[] x = randomFloats(5000, 11);
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.abs(x[i]);
            }
            return histogram(x, new int[17], new long[17], 17);
        }, 5000);
    }

    static ForBody twoHelpers(long[] seeds, int[] out) {
        return i -> {
            long h = Fractal.mix(seeds[i], i);
            Fractal.scatter(out, 2 * i, (int) h);
        };
    }

    @Test
    void kernelCallingTwoHelpers_writesThroughHelper() {
        TranslatedKernel k = KernelTranslator.translate(twoHelpers(new long[1], new int[1]), KernelShape.FOR_1D);
        assertTrue(k.params().stream().anyMatch(p -> p.name().equals("p_out") && p.written() && !p.read()),
                "out is written by the helper: " + k.params());
        Oracle.forEach1D(cl, () -> twoHelpers(Edge.longs(300, 12), new int[600]), 300);
    }

    static ForBody switches(int[] a, int[] out) {
        return i -> {
            int v = a[i];
            int r;
            switch (v & 7) {
                case 0 -> r = 10;
                case 1 -> r = v * 3;
                case 2, 3 -> r = -v;
                case 5 -> r = v >>> 3;
                default -> r = 99;
            }
            switch (v) {
                case -1 -> r += 1000;
                case 1000000 -> r += 7;
                case Integer.MIN_VALUE -> r += 13;
                case 255 -> r -= 3;
                default -> {
                }
            }
            out[i] = r;
        };
    }

    @Test
    void tableAndLookupSwitch_sameAsJava() {
        Oracle.forEach1D(cl, () -> switches(Edge.ints(700, 13), new int[700]), 700);
    }

    static ForBody loops(int[] a, int[] out) {
        return i -> {
            int acc = 0;
            int k = 0;
            outer:
            for (int j = 0; j < 50; j++) {
                if ((j & 3) == 1) {
                    continue;
                }
                int w = a[i] ^ j;
                while (w != 0) {
                    if ((w & 0xff) == 0x3f) {
                        break outer;
                    }
                    acc += w & 1;
                    w >>>= 1;
                    if (acc > 600) {
                        break;
                    }
                }
                do {
                    k++;
                } while (k % 7 != 0);
            }
            boolean sc = acc > 100 && (k & 1) == 0 || a[i] < 0;
            out[i] = sc ? acc : -k;
        };
    }

    @Test
    void loopsWithBreakContinueAndShortCircuit_sameAsJava() {
        Oracle.forEach1D(cl, () -> loops(Edge.ints(500, 14), new int[500]), 500);
    }

    static ForBody privateArrays(int[] a, long[] out) {
        return i -> {
            int[] digits = new int[10];
            long[] pow = new long[4];
            pow[0] = 1;
            for (int k = 1; k < pow.length; k++) {
                pow[k] = pow[k - 1] * 31;
            }
            int v = a[i];
            for (int k = 0; k < 32; k++) {
                digits[Integer.remainderUnsigned(v, 10)]++;
                v = Integer.divideUnsigned(v, 10);
            }
            long s = 0;
            for (int k = 0; k < digits.length; k++) {
                s = s * pow[k & 3] + digits[k];
            }
            Fractal.scatter(digits, 0, (int) s);
            out[i] = s + digits[0] + digits[1];
        };
    }

    @Test
    void constantSizePrivateArrays_zeroedAndPassedToHelpers() {
        Oracle.forEach1D(cl, () -> privateArrays(Edge.ints(400, 15), new long[400]), 400);
    }
}
