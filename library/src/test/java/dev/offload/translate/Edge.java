package dev.offload.translate;

import java.util.Random;

/** Edge values for the operator and math tests, padded with seeded random values. */
final class Edge {
    static final int[] INTS = {0, 1, -1, 2, -2, 7, -7, 31, 32, 33, 63, 64, 65, 255, 256, 65535, 65536, 0x7fff, 0x8000,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1, 123456789, -987654321};
    static final long[] LONGS = {0, 1, -1, 2, -2, 7, -7, 31, 32, 63, 64, 65, Integer.MAX_VALUE, Integer.MIN_VALUE,
            0xffffffffL, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1,
            1234567890123456789L, -987654321987654321L};
    static final float[] FLOATS = {0f, -0f, 1f, -1f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, 3.4999998f, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 0x1p31f, -0x1p31f, 0x1p63f, -0x1p63f, 0x1p24f + 2, 1e-40f, 3e38f,
            8388607.5f, 0.49999997f, (float) Math.PI, 1e10f, -1e10f};
    static final double[] DOUBLES = {0d, -0d, 1d, -1d, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1p31, -0x1p31, 0x1p63, -0x1p63, 0x1p52 + 0.5,
            4503599627370495.5, Math.PI, Math.E, 1e300, -1e-300, 2147483647.5, -2147483648.5, 1e19};

    private Edge() {
    }

    static int[] ints(int n, long seed) {
        Random r = new Random(seed);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < INTS.length ? INTS[i] : r.nextInt(4) == 0 ? r.nextInt(70) - 35 : r.nextInt();
        }
        return a;
    }

    static long[] longs(int n, long seed) {
        Random r = new Random(seed);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < LONGS.length ? LONGS[i] : r.nextInt(4) == 0 ? r.nextInt(140) - 70 : r.nextLong();
        }
        return a;
    }

    static float[] floats(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < FLOATS.length ? FLOATS[i] : switch (r.nextInt(4)) {
                case 0 -> Float.intBitsToFloat(r.nextInt());
                case 1 -> (r.nextFloat() - 0.5f) * 10;
                case 2 -> (float) r.nextGaussian() * 1e6f;
                default -> r.nextInt(20) - 10 + 0.5f * r.nextInt(3);
            };
        }
        return a;
    }

    static double[] doubles(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < DOUBLES.length ? DOUBLES[i] : switch (r.nextInt(4)) {
                case 0 -> Double.longBitsToDouble(r.nextLong());
                case 1 -> (r.nextDouble() - 0.5) * 10;
                case 2 -> r.nextGaussian() * 1e12;
                default -> r.nextInt(20) - 10 + 0.5 * r.nextInt(3);
            };
        }
        return a;
    }

    /** Every pair of the first {@code k} values of {@code a}, then the rest: {@code out[0]} and {@code out[1]}. */
    static int[][] pairs(int[] a, int[] b) {
        int k = Math.min(a.length, INTS.length);
        int n = k * k + a.length;
        int[] x = new int[n];
        int[] y = new int[n];
        for (int i = 0; i < k * k; i++) {
            x[i] = a[i / k];
            y[i] = a[i % k];
        }
        System.arraycopy(a, 0, x, k * k, a.length);
        System.arraycopy(b, 0, y, k * k, b.length);
        return new int[][] {x, y};
    }

    static long[][] pairs(long[] a, long[] b) {
        int k = Math.min(a.length, LONGS.length);
        int n = k * k + a.length;
        long[] x = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < k * k; i++) {
            x[i] = a[i / k];
            y[i] = a[i % k];
        }
        System.arraycopy(a, 0, x, k * k, a.length);
        System.arraycopy(b, 0, y, k * k, b.length);
        return new long[][] {x, y};
    }

    static float[][] pairs(float[] a, float[] b) {
        int k = Math.min(a.length, FLOATS.length);
        int n = k * k + a.length;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < k * k; i++) {
            x[i] = a[i / k];
            y[i] = a[i % k];
        }
        System.arraycopy(a, 0, x, k * k, a.length);
        System.arraycopy(b, 0, y, k * k, b.length);
        return new float[][] {x, y};
    }

    static double[][] pairs(double[] a, double[] b) {
        int k = Math.min(a.length, DOUBLES.length);
        int n = k * k + a.length;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < k * k; i++) {
            x[i] = a[i / k];
            y[i] = a[i % k];
        }
        System.arraycopy(a, 0, x, k * k, a.length);
        System.arraycopy(b, 0, y, k * k, b.length);
        return new double[][] {x, y};
    }
}
