package dev.offload.translate.fuzz;

import java.util.Random;

/** Random inputs with edge values mixed in (MIN/MAX, NaN, +-0, +-inf, subnormals), and their Java literals. */
final class Inputs {
    private static final int[] INTS = {0, 1, -1, 2, -2, 31, 32, 33, 63, 64, 255, 65535, 0x8000, Integer.MAX_VALUE,
            Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1};
    private static final long[] LONGS = {0, 1, -1, 2, 63, 64, 65, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffffffffL,
            1L << 32, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1L << 53, (1L << 53) + 1};
    private static final float[] FLOATS = {0f, -0f, 1f, -1f, 0.5f, -0.5f, 1.5f, 2.5f, -2.5f, Float.NaN,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
            Float.MAX_VALUE, -Float.MAX_VALUE, 0x1p31f, -0x1p31f, 0x1p63f, -0x1p63f, 1e-40f, 8388607.5f,
            0.49999997f, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000)};
    private static final double[] DOUBLES = {0d, -0d, 1d, -1d, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0x1p31, -0x1p31, 0x1p63, -0x1p63, 0x1p52 + 0.5,
            2147483647.5, -2147483648.5, 1e19, 1e-310, Math.PI, Double.longBitsToDouble(0xfff8000000000001L)};

    private Inputs() {
    }

    static int anInt(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> INTS[r.nextInt(INTS.length)];
            case 1 -> r.nextInt(70) - 35;
            default -> r.nextInt();
        };
    }

    static long aLong(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> LONGS[r.nextInt(LONGS.length)];
            case 1 -> r.nextInt(140) - 70;
            case 2 -> r.nextInt();
            default -> r.nextLong();
        };
    }

    static float aFloat(Random r) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> FLOATS[r.nextInt(FLOATS.length)];
            case 2 -> Float.intBitsToFloat(r.nextInt());
            case 3 -> Float.intBitsToFloat(r.nextInt(0x800000) | (r.nextBoolean() ? 0x80000000 : 0));  // subnormal
            case 4 -> (r.nextFloat() - 0.5f) * 10;
            default -> r.nextInt(20) - 10 + 0.5f * r.nextInt(3);
        };
    }

    static double aDouble(Random r) {
        return switch (r.nextInt(6)) {
            case 0, 1 -> DOUBLES[r.nextInt(DOUBLES.length)];
            case 2 -> Double.longBitsToDouble(r.nextLong());
            case 3 -> Double.longBitsToDouble((r.nextLong() & 0xfffffffffffffL) | (r.nextBoolean() ? Long.MIN_VALUE : 0));
            case 4 -> (r.nextDouble() - 0.5) * 10;
            default -> r.nextGaussian() * 1e6;
        };
    }

    static String intLiteral(int v) {
        return v == Integer.MIN_VALUE ? "Integer.MIN_VALUE" : v < 0 ? "(" + v + ")" : Integer.toString(v);
    }

    static String longLiteral(long v) {
        return v == Long.MIN_VALUE ? "Long.MIN_VALUE" : v < 0 ? "(" + v + "L)" : v + "L";
    }

    static String floatLiteral(float v) {
        if (Float.isNaN(v)) {
            int bits = Float.floatToRawIntBits(v);
            return bits == Float.floatToRawIntBits(Float.NaN) ? "Float.NaN" : "Float.intBitsToFloat(0x" + Integer.toHexString(bits) + ")";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
        }
        String s = Float.toHexString(v) + "f";
        return s.startsWith("-") ? "(" + s + ")" : s;
    }

    static String doubleLiteral(double v) {
        if (Double.isNaN(v)) {
            long bits = Double.doubleToRawLongBits(v);
            return bits == Double.doubleToRawLongBits(Double.NaN) ? "Double.NaN"
                    : "Double.longBitsToDouble(0x" + Long.toHexString(bits) + "L)";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        String s = Double.toHexString(v);
        return s.startsWith("-") ? "(" + s + ")" : s;
    }

    /** A value and its bits, for reports. */
    static String show(Object v) {
        if (v instanceof Float f) {
            return f + " (" + floatLiteral(f) + ", bits 0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
        }
        if (v instanceof Double d) {
            return d + " (" + doubleLiteral(d) + ", bits 0x" + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
        }
        if (v instanceof Long l) {
            return l + "L";
        }
        return String.valueOf(v);
    }
}
