package dev.offload.translate;

import dev.offload.ForBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.invoke.SerializedLambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every supported {@code Math}, {@code StrictMath}, {@code Integer}, {@code Long}, {@code Float} and {@code Double}
 * method on edge values: the exact ones bit for bit, the transcendental ones within the OpenCL bound of the ULP
 * table in {@code package-info.java} plus Java's own 1 ulp.
 */
class MathTest {
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

    static ForBody exactDouble(double[] a, double[] b, double[] o, long[] l) {
        return i -> {
            double x = a[i];
            double y = b[i];
            int k = i * 19;
            o[k] = Math.abs(x);
            o[k + 1] = Math.min(x, y);
            o[k + 2] = Math.max(x, y);
            o[k + 3] = Math.sqrt(x);
            o[k + 4] = Math.floor(x);
            o[k + 5] = Math.ceil(x);
            o[k + 6] = Math.rint(x);
            o[k + 7] = Math.signum(x);
            o[k + 8] = Math.copySign(x, y);
            o[k + 9] = StrictMath.copySign(x, y);
            o[k + 10] = Math.toRadians(x);
            o[k + 11] = Math.toDegrees(x);
            o[k + 12] = Math.fma(x, y, 1.0);
            o[k + 13] = Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ 1);
            o[k + 14] = Double.isNaN(x) ? 1 : Double.isInfinite(x) ? 2 : Double.isFinite(x) ? 3 : 4;
            o[k + 15] = Double.compare(x, y);
            o[k + 16] = Double.min(x, y) + Double.max(x, y);
            o[k + 17] = Double.sum(x, y);
            o[k + 18] = StrictMath.sqrt(y);
            l[i * 3] = Math.round(x);
            l[i * 3 + 1] = Double.doubleToLongBits(x);
            l[i * 3 + 2] = Math.round(y * 0.5);
        };
    }

    @Test
    void exactDoubleMath_edgePairs_bitIdentical() {
        Oracle.forEach1D(cl, () -> {
            double[][] p = Edge.pairs(Edge.doubles(300, 21), Edge.doubles(300, 22));
            return exactDouble(p[0], p[1], new double[p[0].length * 19], new long[p[0].length * 3]);
        }, Edge.DOUBLES.length * Edge.DOUBLES.length + 300);
    }

    static ForBody exactFloat(float[] a, float[] b, float[] o, int[] c) {
        return i -> {
            float x = a[i];
            float y = b[i];
            int k = i * 9;
            o[k] = Math.abs(x);
            o[k + 1] = Math.min(x, y);
            o[k + 2] = Math.max(x, y);
            o[k + 3] = Math.signum(x);
            o[k + 4] = Math.copySign(x, y);
            o[k + 5] = Math.fma(x, y, -x);
            o[k + 6] = Float.intBitsToFloat(Float.floatToRawIntBits(y) + 1);
            o[k + 7] = (float) Math.sqrt(x);
            o[k + 8] = StrictMath.copySign(y, x);
            int j = i * 5;
            c[j] = Math.round(x);
            c[j + 1] = Float.floatToIntBits(y);
            c[j + 2] = Float.compare(x, y);
            c[j + 3] = Float.isNaN(x) ? 1 : Float.isInfinite(x) ? 2 : Float.isFinite(y) ? 3 : 4;
            c[j + 4] = Math.round(y);
        };
    }

    @Test
    void exactFloatMath_edgePairs_bitIdentical() {
        Oracle.forEach1D(cl, () -> {
            float[][] p = Edge.pairs(Edge.floats(300, 23), Edge.floats(300, 24));
            return exactFloat(p[0], p[1], new float[p[0].length * 9], new int[p[0].length * 5]);
        }, Edge.FLOATS.length * Edge.FLOATS.length + 300);
    }

    static ForBody intBits(int[] a, int[] b, int[] o, long[] l) {
        return i -> {
            int x = a[i];
            int y = b[i];
            int k = i * 20;
            o[k] = Integer.bitCount(x);
            o[k + 1] = Integer.numberOfLeadingZeros(x);
            o[k + 2] = Integer.numberOfTrailingZeros(x);
            o[k + 3] = Integer.rotateLeft(x, y);
            o[k + 4] = Integer.rotateRight(x, y);
            o[k + 5] = Integer.reverse(x);
            o[k + 6] = Integer.reverseBytes(x);
            o[k + 7] = Integer.highestOneBit(x);
            o[k + 8] = Integer.lowestOneBit(x);
            o[k + 9] = Integer.signum(x);
            o[k + 10] = Integer.compare(x, y);
            o[k + 11] = Integer.compareUnsigned(x, y);
            o[k + 12] = Integer.min(x, y) ^ Integer.max(x, y);
            o[k + 13] = Integer.sum(x, y);
            o[k + 14] = Math.abs(x);
            o[k + 15] = y == 0 ? 0 : Math.floorDiv(x, y);
            o[k + 16] = y == 0 ? 0 : Math.floorMod(x, y);
            o[k + 17] = y == 0 ? 0 : Integer.divideUnsigned(x, y);
            o[k + 18] = y == 0 ? 0 : Integer.remainderUnsigned(x, y);
            o[k + 19] = Math.min(x, y) - Math.max(x, y);
            l[i] = Integer.toUnsignedLong(x);
        };
    }

    @Test
    void integerMethods_edgePairs_exact() {
        Oracle.forEach1D(cl, () -> {
            int[][] p = Edge.pairs(Edge.ints(300, 25), Edge.ints(300, 26));
            return intBits(p[0], p[1], new int[p[0].length * 20], new long[p[0].length]);
        }, Edge.INTS.length * Edge.INTS.length + 300);
    }

    static ForBody longBits(long[] a, long[] b, long[] o) {
        return i -> {
            long x = a[i];
            long y = b[i];
            int k = i * 21;
            o[k] = Long.bitCount(x);
            o[k + 1] = Long.numberOfLeadingZeros(x);
            o[k + 2] = Long.numberOfTrailingZeros(x);
            o[k + 3] = Long.rotateLeft(x, (int) y);
            o[k + 4] = Long.rotateRight(x, (int) y);
            o[k + 5] = Long.reverse(x);
            o[k + 6] = Long.reverseBytes(x);
            o[k + 7] = Long.highestOneBit(x);
            o[k + 8] = Long.lowestOneBit(x);
            o[k + 9] = Long.signum(x);
            o[k + 10] = Long.compare(x, y);
            o[k + 11] = Long.compareUnsigned(x, y);
            o[k + 12] = Long.min(x, y) ^ Long.max(x, y);
            o[k + 13] = Long.sum(x, y);
            o[k + 14] = Math.abs(x);
            o[k + 15] = y == 0 ? 0 : Math.floorDiv(x, y);
            o[k + 16] = y == 0 ? 0 : Math.floorMod(x, y);
            o[k + 17] = y == 0 ? 0 : Long.divideUnsigned(x, y);
            o[k + 18] = y == 0 ? 0 : Long.remainderUnsigned(x, y);
            o[k + 19] = Math.multiplyHigh(x, y);
            o[k + 20] = Math.unsignedMultiplyHigh(x, y);
        };
    }

    @Test
    void longMethods_edgePairs_exact() {
        Oracle.forEach1D(cl, () -> {
            long[][] p = Edge.pairs(Edge.longs(300, 27), Edge.longs(300, 28));
            return longBits(p[0], p[1], new long[p[0].length * 21]);
        }, Edge.LONGS.length * Edge.LONGS.length + 300);
    }

    static final String[] TRANSCENDENTAL = {"sin", "cos", "tan", "asin", "acos", "atan", "atan2", "exp", "log",
            "log10", "pow", "sinh", "cosh", "tanh", "expm1", "log1p", "cbrt", "hypot"};
    /** The OpenCL 1.2 double bounds (package-info's table), plus Java's own 1 ulp. */
    static final int[] ULPS = {4, 4, 5, 4, 4, 5, 6, 3, 3, 3, 16, 4, 4, 5, 3, 2, 2, 4};

    static ForBody transcendental(double[] a, double[] b, double[] o) {
        return i -> {
            double x = a[i];
            double y = b[i];
            int k = i * 18;
            o[k] = Math.sin(x);
            o[k + 1] = Math.cos(x);
            o[k + 2] = Math.tan(x);
            o[k + 3] = Math.asin(x);
            o[k + 4] = Math.acos(x);
            o[k + 5] = Math.atan(x);
            o[k + 6] = Math.atan2(x, y);
            o[k + 7] = Math.exp(x);
            o[k + 8] = Math.log(x);
            o[k + 9] = Math.log10(x);
            o[k + 10] = Math.pow(x, y);
            o[k + 11] = Math.sinh(x);
            o[k + 12] = Math.cosh(x);
            o[k + 13] = Math.tanh(x);
            o[k + 14] = Math.expm1(x);
            o[k + 15] = Math.log1p(x);
            o[k + 16] = StrictMath.cbrt(x);
            o[k + 17] = Math.hypot(x, y);
        };
    }

    @Test
    void transcendentalMath_withinUlpBounds() {
        double[][] p1 = Edge.pairs(Edge.doubles(500, 29), Edge.doubles(500, 30));
        double[][] p2 = Edge.pairs(Edge.doubles(500, 29), Edge.doubles(500, 30));
        int n = p1[0].length;
        ForBody java = transcendental(p1[0], p1[1], new double[n * 18]);
        for (int i = 0; i < n; i++) {
            java.apply(i);
        }
        ForBody device = transcendental(p2[0], p2[1], new double[n * 18]);
        TranslatedKernel k = KernelTranslator.translate(device, KernelShape.FOR_1D);
        Clang.compileForNvidia(k.source());
        assertArrayEquals(new int[4], cl.run1D(k, device, n));
        double[] expected = (double[]) ClHarness.serialized(java).getCapturedArg(2);
        SerializedLambda d = ClHarness.serialized(device);
        double[] actual = null;
        for (int c = 0; c < d.getCapturedArgCount(); c++) {
            if (d.getCapturedArg(c) instanceof double[] o && o.length == n * 18) {
                actual = o;
            }
        }
        if (ClHarness.serialized(java).getCapturedArg(2) instanceof double[] e && e.length == n * 18) {
            expected = e;
        } else {
            for (int c = 0; c < d.getCapturedArgCount(); c++) {
                if (ClHarness.serialized(java).getCapturedArg(c) instanceof double[] o && o.length == n * 18) {
                    expected = o;
                }
            }
        }
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            int f = i % 18;
            if (Double.doubleToLongBits(e) == Double.doubleToLongBits(a)) {
                continue;
            }
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                ok = false;
            } else {
                double ulps = Math.abs(e - a) / Math.ulp(e);
                ok = ulps <= ULPS[f] + 1;
            }
            if (!ok && failures.length() < 2000) {
                int row = i / 18;
                failures.append(TRANSCENDENTAL[f]).append('(').append(p1[0][row]).append(", ").append(p1[1][row])
                        .append("): Java ").append(e).append(", device ").append(a).append('\n');
            }
        }
        if (failures.length() > 0) {
            fail("beyond the ULP bound:\n" + failures);
        }
    }
}
