package dev.offload;

/**
 * The built-in kernels, as data. {@link Offload}'s named operations ({@link Offload#squares(int[])},
 * {@link Offload#sum(int[])}, ...) run exactly these through {@link Offload#map(MapKernel, int[])} and
 * {@link Offload#reduce(ReduceKernel, int[])}; they double as examples for writing your own.
 *
 * <p>Names follow the kernel files: operation, then input and accumulator types. The same names appear in
 * {@link Profile#operation()} and in the command line.
 */
public final class Kernels {
    private Kernels() {
    }

    /** {@code out[i] = (long) x * x}: squares of ints, exact in 64 bits. */
    public static final MapKernel SQUARES_I32 =
            MapKernel.ofInts("squares_i32_i64", "(long)x * (long)x", x -> (long) x * x)
                    .withJavaIntRange((in, out, from, to) -> {
                        for (int i = from; i < to; i++) {
                            out[i] = (long) in[i] * in[i];
                        }
                    });

    /** {@code out[i] = x * x} for doubles. */
    public static final MapKernel SQUARES_F64 =
            MapKernel.ofDoubles("squares_f64", "x * x", x -> x * x)
                    .withJavaDoubleRange((in, out, from, to) -> {
                        for (int i = from; i < to; i++) {
                            out[i] = in[i] * in[i];
                        }
                    });

    /** Sum of ints in a 64-bit accumulator. */
    public static final ReduceKernel SUM_I32 =
            ReduceKernel.ofInts("sum_i32_i64", 0L, "0L", "(long)x", x -> x, "a + b", Long::sum)
                    .withJavaIntRange((xs, from, to) -> {
                        long s = 0;
                        for (int i = from; i < to; i++) {
                            s += xs[i];
                        }
                        return s;
                    });

    /** Fused sum of squares of ints: one pass, no squares array, 64-bit accumulator. */
    public static final ReduceKernel SUM_SQUARES_I32 =
            ReduceKernel.ofInts("sum_squares_i32_i64", 0L, "0L", "(long)x * (long)x", x -> (long) x * x, "a + b",
                    Long::sum)
                    .withJavaIntRange((xs, from, to) -> {
                        long s = 0;
                        for (int i = from; i < to; i++) {
                            s += (long) xs[i] * xs[i];
                        }
                        return s;
                    });

    /** Minimum of ints (the neutral value {@code Long.MAX_VALUE} marks an empty input). */
    public static final ReduceKernel MIN_I32 =
            ReduceKernel.ofInts("min_i32", Long.MAX_VALUE, "LONG_MAX", "(long)x", x -> x, "min(a, b)", Math::min)
                    .withJavaIntRange((xs, from, to) -> {
                        int m = Integer.MAX_VALUE;
                        for (int i = from; i < to; i++) {
                            m = Math.min(m, xs[i]);
                        }
                        return from == to ? Long.MAX_VALUE : m;
                    });

    /** Maximum of ints (the neutral value {@code Long.MIN_VALUE} marks an empty input). */
    public static final ReduceKernel MAX_I32 =
            ReduceKernel.ofInts("max_i32", Long.MIN_VALUE, "LONG_MIN", "(long)x", x -> x, "max(a, b)", Math::max)
                    .withJavaIntRange((xs, from, to) -> {
                        int m = Integer.MIN_VALUE;
                        for (int i = from; i < to; i++) {
                            m = Math.max(m, xs[i]);
                        }
                        return from == to ? Long.MIN_VALUE : m;
                    });

    /**
     * {@code out[i] = x * x} for longs, wrapping modulo 2<sup>64</sup> exactly as Java's {@code long} multiply does
     * (exact while {@code |x| <= 3037000499}). The OpenCL side multiplies in {@code ulong}, whose wrap-around is
     * defined, where signed overflow is not.
     */
    public static final MapKernel SQUARES_I64 =
            MapKernel.ofLongs("squares_i64", "(long)((ulong)x * (ulong)x)", x -> x * x);

    /** Sum of longs, wrapping modulo 2<sup>64</sup> like Java's {@code long} addition, on every backend. */
    public static final ReduceKernel SUM_I64 =
            ReduceKernel.ofLongs("sum_i64", 0L, "0L", "x", x -> x, "(long)((ulong)a + (ulong)b)", Long::sum);

    /**
     * Fused sum of squares of longs: each square and the sum wrap modulo 2<sup>64</sup> like Java's {@code long}
     * arithmetic ({@code s += x * x}), the same bits on every backend. Exact while every {@code |x| <= 3037000499}
     * and the sum stays within {@code Long.MAX_VALUE}; beyond that it is the wrapped value, not the true sum.
     */
    public static final ReduceKernel SUM_SQUARES_I64 =
            ReduceKernel.ofLongs("sum_squares_i64", 0L, "0L", "(long)((ulong)x * (ulong)x)", x -> x * x,
                    "(long)((ulong)a + (ulong)b)", Long::sum);

    /** Minimum of longs (the neutral value {@code Long.MAX_VALUE} is also what an empty input gives). */
    public static final ReduceKernel MIN_I64 =
            ReduceKernel.ofLongs("min_i64", Long.MAX_VALUE, "LONG_MAX", "x", x -> x, "min(a, b)", Math::min);

    /** Maximum of longs (the neutral value {@code Long.MIN_VALUE} is also what an empty input gives). */
    public static final ReduceKernel MAX_I64 =
            ReduceKernel.ofLongs("max_i64", Long.MIN_VALUE, "LONG_MIN", "x", x -> x, "max(a, b)", Math::max);

    /** Sum of doubles. */
    public static final ReduceKernel SUM_F64 =
            ReduceKernel.ofDoubles("sum_f64", 0.0, "0.0", "x", x -> x, "a + b", Double::sum)
                    .withJavaDoubleRange((xs, from, to) -> {
                        double s = 0;
                        for (int i = from; i < to; i++) {
                            s += xs[i];
                        }
                        return s;
                    });

    /** Fused sum of squares of doubles. */
    public static final ReduceKernel SUM_SQUARES_F64 =
            ReduceKernel.ofDoubles("sum_squares_f64", 0.0, "0.0", "x * x", x -> x * x, "a + b", Double::sum)
                    .withJavaDoubleRange((xs, from, to) -> {
                        double s = 0;
                        for (int i = from; i < to; i++) {
                            s += xs[i] * xs[i];
                        }
                        return s;
                    });

    /**
     * Minimum of doubles, exactly {@link Math#min(double, double)} on every backend: NaN if any element is NaN, and
     * {@code -0.0} below {@code 0.0}. (OpenCL's {@code fmin} ignores a NaN and may return either zero, so the
     * combine is written out.)
     */
    public static final ReduceKernel MIN_F64 =
            ReduceKernel.ofDoubles("min_f64", Double.POSITIVE_INFINITY, "INFINITY", "x", x -> x,
                    "(isnan(a) || isnan(b)) ? NAN : (a < b || (a == b && signbit(a))) ? a : b", Math::min);

    /**
     * Maximum of doubles, exactly {@link Math#max(double, double)} on every backend: NaN if any element is NaN, and
     * {@code 0.0} above {@code -0.0}.
     */
    public static final ReduceKernel MAX_F64 =
            ReduceKernel.ofDoubles("max_f64", Double.NEGATIVE_INFINITY, "-INFINITY", "x", x -> x,
                    "(isnan(a) || isnan(b)) ? NAN : (a > b || (a == b && !signbit(a))) ? a : b", Math::max);

    /** The kernels above, for {@link #isBuiltIn}. Filled after them: static fields initialise in textual order. */
    private static final java.util.List<Object> BUILT_IN = java.util.List.of(SQUARES_I32, SQUARES_F64, SUM_I32,
            SUM_SQUARES_I32, MIN_I32, MAX_I32, SQUARES_I64, SUM_I64, SUM_SQUARES_I64, MIN_I64, MAX_I64, SUM_F64,
            SUM_SQUARES_F64, MIN_F64, MAX_F64);

    /**
     * Whether {@code kernel} is one of these (the very object): a single cheap pass whose cost per byte offload has
     * measured, unlike a kernel a user wrote.
     */
    static boolean isBuiltIn(Object kernel) {
        for (Object k : BUILT_IN) {
            if (k == kernel) {
                return true;
            }
        }
        return false;
    }
}
