package dev.offload.translate;

import dev.offload.ForBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every JVM integer and floating-point operator, comparison and conversion, on edge values (MIN/MAX, 0, -1, NaN,
 * +-0.0, +-inf, subnormals) and all their pairs: the device must match Java bit for bit.
 */
class OperatorsTest {
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

    static ForBody intOps(int[] a, int[] b, int[] o) {
        return i -> {
            int x = a[i];
            int y = b[i];
            int k = i * 24;
            o[k] = x + y;
            o[k + 1] = x - y;
            o[k + 2] = x * y;
            o[k + 3] = y == 0 ? 0 : x / y;
            o[k + 4] = y == 0 ? 0 : x % y;
            o[k + 5] = x << y;
            o[k + 6] = x >> y;
            o[k + 7] = x >>> y;
            o[k + 8] = x & y;
            o[k + 9] = x | y;
            o[k + 10] = x ^ y;
            o[k + 11] = -x;
            o[k + 12] = (byte) x;
            o[k + 13] = (short) x;
            o[k + 14] = (char) x;
            o[k + 15] = x < y ? 1 : 0;
            o[k + 16] = x <= y ? 1 : 0;
            o[k + 17] = x == y ? 1 : 0;
            o[k + 18] = x != y ? 2 : 3;
            o[k + 19] = x > y ? 1 : 0;
            o[k + 20] = x >= y ? 1 : 0;
            o[k + 21] = ~x;
            o[k + 22] = x == 0 ? 5 : x < 0 ? 6 : 7;
            int z = x;
            z += 17;
            z -= 100000;
            o[k + 23] = z;
        };
    }

    @Test
    void intOperators_edgePairs_sameAsJava() {
        Oracle.forEach1D(cl, () -> {
            int[][] p = Edge.pairs(Edge.ints(300, 1), Edge.ints(300, 2));
            return intOps(p[0], p[1], new int[p[0].length * 24]);
        }, Edge.INTS.length * Edge.INTS.length + 300);
    }

    static ForBody longOps(long[] a, long[] b, long[] o, int[] c) {
        return i -> {
            long x = a[i];
            long y = b[i];
            int k = i * 16;
            o[k] = x + y;
            o[k + 1] = x - y;
            o[k + 2] = x * y;
            o[k + 3] = y == 0 ? 0 : x / y;
            o[k + 4] = y == 0 ? 0 : x % y;
            o[k + 5] = x << y;
            o[k + 6] = x >> y;
            o[k + 7] = x >>> (int) y;
            o[k + 8] = x & y;
            o[k + 9] = x | y;
            o[k + 10] = x ^ y;
            o[k + 11] = -x;
            o[k + 12] = (int) x;
            o[k + 13] = (long) (int) y + x;
            o[k + 14] = x << 3 | y >>> 60;
            o[k + 15] = ~x;
            int j = i * 6;
            c[j] = x < y ? 1 : 0;
            c[j + 1] = x <= y ? 1 : 0;
            c[j + 2] = x == y ? 1 : 0;
            c[j + 3] = x > y ? 1 : 0;
            c[j + 4] = Long.compare(x, y);
            c[j + 5] = (int) (x >>> 32);
        };
    }

    @Test
    void longOperators_edgePairs_sameAsJava() {
        Oracle.forEach1D(cl, () -> {
            long[][] p = Edge.pairs(Edge.longs(300, 3), Edge.longs(300, 4));
            return longOps(p[0], p[1], new long[p[0].length * 16], new int[p[0].length * 6]);
        }, Edge.LONGS.length * Edge.LONGS.length + 300);
    }

    static ForBody floatOps(float[] a, float[] b, float[] o, int[] c, long[] l) {
        return i -> {
            float x = a[i];
            float y = b[i];
            int k = i * 8;
            o[k] = x + y;
            o[k + 1] = x - y;
            o[k + 2] = x * y;
            o[k + 3] = x / y;
            o[k + 4] = x % y;
            o[k + 5] = -x;
            o[k + 6] = (float) (double) x * 3;
            o[k + 7] = (float) ((double) x / (double) y);
            int j = i * 10;
            c[j] = x < y ? 1 : 0;
            c[j + 1] = x <= y ? 1 : 0;
            c[j + 2] = x == y ? 1 : 0;
            c[j + 3] = x != y ? 1 : 0;
            c[j + 4] = x > y ? 1 : 0;
            c[j + 5] = x >= y ? 1 : 0;
            c[j + 6] = (int) x;
            c[j + 7] = (int) y;
            c[j + 8] = (byte) x;
            c[j + 9] = (char) y;
            l[i * 2] = (long) x;
            l[i * 2 + 1] = (long) y;
        };
    }

    @Test
    void floatOperators_edgePairs_sameAsJava() {
        Oracle.forEach1D(cl, () -> {
            float[][] p = Edge.pairs(Edge.floats(400, 5), Edge.floats(400, 6));
            int n = p[0].length;
            return floatOps(p[0], p[1], new float[n * 8], new int[n * 10], new long[n * 2]);
        }, Edge.FLOATS.length * Edge.FLOATS.length + 400);
    }

    @Test
    void floatDivision_correctlyRoundedBuildOption_sameAsJava() {
        cl.extraOptions = "-cl-fp32-correctly-rounded-divide-sqrt -D OFFLOAD_FP32_CORRECTLY_ROUNDED=1";
        try {
            Oracle.forEach1D(cl, () -> {
                float[][] p = Edge.pairs(Edge.floats(400, 7), Edge.floats(400, 8));
                int n = p[0].length;
                return floatOps(p[0], p[1], new float[n * 8], new int[n * 10], new long[n * 2]);
            }, Edge.FLOATS.length * Edge.FLOATS.length + 400);
        } finally {
            cl.extraOptions = "";
        }
    }

    static ForBody doubleOps(double[] a, double[] b, double[] o, int[] c, long[] l, float[] f) {
        return i -> {
            double x = a[i];
            double y = b[i];
            int k = i * 7;
            o[k] = x + y;
            o[k + 1] = x - y;
            o[k + 2] = x * y;
            o[k + 3] = x / y;
            o[k + 4] = x % y;
            o[k + 5] = -x;
            o[k + 6] = x * y + x;
            int j = i * 9;
            c[j] = x < y ? 1 : 0;
            c[j + 1] = x <= y ? 1 : 0;
            c[j + 2] = x == y ? 1 : 0;
            c[j + 3] = x != y ? 1 : 0;
            c[j + 4] = x > y ? 1 : 0;
            c[j + 5] = x >= y ? 1 : 0;
            c[j + 6] = (int) x;
            c[j + 7] = (short) y;
            c[j + 8] = (int) (float) x;
            l[i * 2] = (long) x;
            l[i * 2 + 1] = (long) y;
            f[i] = (float) x;
        };
    }

    @Test
    void doubleOperators_edgePairs_sameAsJava() {
        Oracle.forEach1D(cl, () -> {
            double[][] p = Edge.pairs(Edge.doubles(400, 9), Edge.doubles(400, 10));
            int n = p[0].length;
            return doubleOps(p[0], p[1], new double[n * 7], new int[n * 9], new long[n * 2], new float[n]);
        }, Edge.DOUBLES.length * Edge.DOUBLES.length + 400);
    }

    static ForBody conversions(int[] a, long[] b, float[] f, double[] d) {
        return i -> {
            int x = a[i];
            long y = b[i];
            f[i * 4] = x;
            f[i * 4 + 1] = y;
            f[i * 4 + 2] = (float) (x * 3);
            f[i * 4 + 3] = (float) (y >> 3);
            d[i * 3] = x;
            d[i * 3 + 1] = y;
            d[i * 3 + 2] = (double) (y >>> 11) * 0x1p-53;
        };
    }

    @Test
    void intAndLongToFloatAndDouble_roundToNearestEven_sameAsJava() {
        Oracle.forEach1D(cl, () -> {
            int[] a = Edge.ints(2000, 11);
            long[] b = Edge.longs(2000, 12);
            return conversions(a, b, new float[a.length * 4], new double[a.length * 3]);
        }, 2000);
    }

    static ForBody smallTypes(byte[] b, short[] s, char[] c, boolean[] z, int[] o) {
        return i -> {
            b[i] = (byte) (b[i] * 3 + 1);
            s[i] = (short) (s[i] - 7000);
            c[i] = (char) (c[i] + 40000);
            z[i] = !z[i] || (i & 3) == 0;
            o[i] = b[i] + s[i] + c[i] + (z[i] ? 1 : 0);
        };
    }

    @Test
    void byteShortCharBooleanArrays_narrowAsJava() {
        Oracle.forEach1D(cl, () -> {
            int n = 1000;
            int[] r = Edge.ints(n, 13);
            byte[] b = new byte[n];
            short[] s = new short[n];
            char[] c = new char[n];
            boolean[] z = new boolean[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) r[i];
                s[i] = (short) (r[i] >> 8);
                c[i] = (char) (r[i] >>> 16);
                z[i] = (r[i] & 1) != 0;
            }
            return smallTypes(b, s, c, z, new int[n]);
        }, 1000);
    }

    static ForBody scalars(boolean flag, byte b, short s, char c, long l, double d, int[] o, double[] od) {
        return i -> {
            o[i] = (flag ? 1 : 0) + b * 2 + s * 3 + c * 5 + (int) l + i;
            od[i] = d * i + l;
        };
    }

    @Test
    void scalarCapturesOfEveryType_passedByTheAbi() {
        Oracle.forEach1D(cl, () -> scalars(true, (byte) -5, (short) -300, '\uffff', 1L << 40, -0.25,
                new int[100], new double[100]), 100);
    }
}
