package dev.offload;

import dev.offload.translate.KernelTranslator;
import dev.offload.translate.TranslatedFunctions;
import dev.offload.translate.TranslationFailure;
import dev.offload.translate.TranslationOptions;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToLongFunction;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A reduction, as data (the PyOpenCL model): a neutral value, a map applied to each element {@code x}, and an
 * associative, commutative combine of two partial results {@code a} and {@code b}; each in OpenCL C and in Java.
 * Integer inputs ({@code int} or {@code long}) accumulate in 64 bits ({@code long}), so sums of squares of
 * {@code int}s are exact up to 2<sup>63</sup> and wrap identically on every backend beyond it; {@code double} inputs
 * accumulate in {@code double}.
 * The built-in {@link Offload#sum(int[])}, {@link Offload#sumOfSquares(int[])}, {@link Offload#min(int[])} and
 * {@link Offload#max(int[])} are such kernels.
 *
 * <pre>{@code
 * ReduceKernel sumOfCubes = ReduceKernel.ofInts("sum_cubes_i32_i64",
 *         0L, "0", "(long)x * x * x", x -> (long) x * x * x, "a + b", Long::sum);
 * long s = off.reduce(sumOfCubes, xs);
 * }</pre>
 *
 * <p>Or in Java only, translated to OpenCL C when the kernel is made (capture-free functions; see
 * {@link MapKernel#of(MapKernel.IntMap)}):
 *
 * <pre>{@code
 * ReduceKernel sumOfCubes = ReduceKernel.ofInts(0L, x -> (long) x * x * x, Long::sum);
 * ReduceKernel maxAbs = ReduceKernel.ofDoubles(0.0, x -> Math.abs(x), Math::max);
 * }</pre>
 *
 * <p>Floating-point results may differ between backends in the last bits, since they add in different orders.
 * Instances are immutable and thread-safe.
 */
public final class ReduceKernel {
    private final String name;
    private final ElementType inputType;
    private final ElementType accumulatorType;
    private final String neutralExpression;
    private final String mapExpression;
    private final String reduceExpression;
    private final String preamble;
    private final long longNeutral;
    private final double doubleNeutral;
    private final IntToLongFunction intMap;
    private final LongBinaryOperator longReduce;
    private final DoubleUnaryOperator doubleMap;
    private final DoubleBinaryOperator doubleReduce;
    private final IntRange intRange;
    private final DoubleRange doubleRange;
    private final LongUnaryOperator longMap;
    /** The translation of a Java-only kernel (map, then combiner), which its expressions call; else null. */
    private final TranslatedFunctions translated;

    private ReduceKernel(String name, ElementType inputType, ElementType accumulatorType, String neutralExpression,
                         String mapExpression, String reduceExpression, String preamble, long longNeutral,
                         double doubleNeutral, IntToLongFunction intMap, LongBinaryOperator longReduce,
                         DoubleUnaryOperator doubleMap, DoubleBinaryOperator doubleReduce, IntRange intRange,
                         DoubleRange doubleRange) {
        this(name, inputType, accumulatorType, neutralExpression, mapExpression, reduceExpression, preamble,
                longNeutral, doubleNeutral, intMap, longReduce, doubleMap, doubleReduce, intRange, doubleRange, null);
    }

    private ReduceKernel(String name, ElementType inputType, ElementType accumulatorType, String neutralExpression,
                         String mapExpression, String reduceExpression, String preamble, long longNeutral,
                         double doubleNeutral, IntToLongFunction intMap, LongBinaryOperator longReduce,
                         DoubleUnaryOperator doubleMap, DoubleBinaryOperator doubleReduce, IntRange intRange,
                         DoubleRange doubleRange, LongUnaryOperator longMap) {
        this(name, inputType, accumulatorType, neutralExpression, mapExpression, reduceExpression, preamble,
                longNeutral, doubleNeutral, intMap, longReduce, doubleMap, doubleReduce, intRange, doubleRange, longMap,
                null);
    }

    private ReduceKernel(String name, ElementType inputType, ElementType accumulatorType, String neutralExpression,
                         String mapExpression, String reduceExpression, String preamble, long longNeutral,
                         double doubleNeutral, IntToLongFunction intMap, LongBinaryOperator longReduce,
                         DoubleUnaryOperator doubleMap, DoubleBinaryOperator doubleReduce, IntRange intRange,
                         DoubleRange doubleRange, LongUnaryOperator longMap, TranslatedFunctions translated) {
        this.translated = translated;
        this.name = MapKernel.checkName(name);
        this.inputType = inputType;
        this.accumulatorType = accumulatorType;
        this.neutralExpression = MapKernel.checkExpression(neutralExpression, "neutralCl");
        this.mapExpression = MapKernel.checkExpression(mapExpression, "mapCl");
        this.reduceExpression = MapKernel.checkExpression(reduceExpression, "reduceCl");
        this.preamble = Objects.requireNonNull(preamble, "preamble");
        this.longNeutral = longNeutral;
        this.doubleNeutral = doubleNeutral;
        this.intMap = intMap;
        this.longReduce = longReduce;
        this.doubleMap = doubleMap;
        this.doubleReduce = doubleReduce;
        this.intRange = intRange;
        this.doubleRange = doubleRange;
        this.longMap = longMap;
    }

    /**
     * A reduction of {@code int}s with a {@code long} accumulator.
     *
     * @param name        an OpenCL identifier such as {@code sum_squares_i32_i64}
     * @param neutral     the neutral value in Java (0 for a sum, {@code Long.MAX_VALUE} for a minimum)
     * @param neutralCl   the same value as an OpenCL C expression of type {@code long}
     * @param mapCl       OpenCL C expression of {@code int x}, of type {@code long}
     * @param map         the same map in Java
     * @param reduceCl    OpenCL C expression of {@code long a, b}, of type {@code long}
     * @param reduce      the same combine in Java
     * @return the kernel
     */
    public static ReduceKernel ofInts(String name, long neutral, String neutralCl, String mapCl, IntToLongFunction map,
                                      String reduceCl, LongBinaryOperator reduce) {
        return new ReduceKernel(name, ElementType.I32, ElementType.I64, neutralCl, mapCl, reduceCl, "", neutral, 0,
                Objects.requireNonNull(map, "map"), Objects.requireNonNull(reduce, "reduce"), null, null, null, null);
    }

    /**
     * A reduction of {@code double}s with a {@code double} accumulator. Devices without {@code cl_khr_fp64} cannot
     * run it.
     *
     * @param name      an OpenCL identifier such as {@code sum_squares_f64}
     * @param neutral   the neutral value in Java
     * @param neutralCl the same value as an OpenCL C expression ({@code INFINITY} for a minimum)
     * @param mapCl     OpenCL C expression of {@code double x}
     * @param map       the same map in Java
     * @param reduceCl  OpenCL C expression of {@code double a, b}
     * @param reduce    the same combine in Java
     * @return the kernel
     */
    public static ReduceKernel ofDoubles(String name, double neutral, String neutralCl, String mapCl,
                                         DoubleUnaryOperator map, String reduceCl, DoubleBinaryOperator reduce) {
        return new ReduceKernel(name, ElementType.F64, ElementType.F64, neutralCl, mapCl, reduceCl, "", 0, neutral,
                null, null, Objects.requireNonNull(map, "map"), Objects.requireNonNull(reduce, "reduce"), null, null);
    }

    /**
     * A reduction of {@code long}s with a {@code long} accumulator. Java's {@code long} arithmetic wraps modulo
     * 2<sup>64</sup> and OpenCL C's does not promise to for signed overflow: compute in {@code ulong} where it can
     * overflow (the built-in {@link Kernels#SUM_I64} adds {@code (long)((ulong)a + (ulong)b)}) to get the same bits on
     * every backend.
     *
     * @param name      an OpenCL identifier such as {@code sum_i64}
     * @param neutral   the neutral value in Java (0 for a sum, {@code Long.MAX_VALUE} for a minimum)
     * @param neutralCl the same value as an OpenCL C expression of type {@code long}
     * @param mapCl     OpenCL C expression of {@code long x}, of type {@code long}
     * @param map       the same map in Java
     * @param reduceCl  OpenCL C expression of {@code long a, b}, of type {@code long}
     * @param reduce    the same combine in Java
     * @return the kernel
     */
    public static ReduceKernel ofLongs(String name, long neutral, String neutralCl, String mapCl, LongUnaryOperator map,
                                       String reduceCl, LongBinaryOperator reduce) {
        return new ReduceKernel(name, ElementType.I64, ElementType.I64, neutralCl, mapCl, reduceCl, "", neutral, 0,
                null, Objects.requireNonNull(reduce, "reduce"), null, null, null, null,
                Objects.requireNonNull(map, "map"));
    }

    /**
     * A reduction of {@code int}s with a {@code long} accumulator, written in Java only: the map and the combiner are
     * translated to OpenCL C now (they capture nothing), and on the Java backends they run as they are.
     *
     * <pre>{@code
     * ReduceKernel sumOfCubes = ReduceKernel.ofInts(0L, x -> (long) x * x * x, Long::sum);
     * }</pre>
     *
     * @param neutral the combiner's neutral value, the result of empty input
     * @param map     the map of one element
     * @param combine an associative, commutative combine of two partial results: a lambda, a static method, or
     *                {@code Long::sum}, {@code Math::max}, {@code Math::min}
     * @return the kernel, named after the map's method
     * @throws KernelTranslationException if a function captures values or uses what a device cannot run
     */
    public static ReduceKernel ofInts(long neutral, MapKernel.IntMap map, LongCombiner combine) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(combine, "combine");
        TranslatedFunctions t = translate(map, "(I)J", combine, "(JJ)J");
        return new ReduceKernel(t.name(), ElementType.I32, ElementType.I64, longLiteral(neutral),
                t.calls().get(0).formatted("x"), t.calls().get(1).formatted("a", "b"), t.code(), neutral, 0,
                map::apply, combine::apply, null, null, null, null, null, t);
    }

    /**
     * A reduction of {@code long}s written in Java only; otherwise as {@link #ofInts(long, MapKernel.IntMap,
     * LongCombiner)}.
     *
     * @param neutral the combiner's neutral value, the result of empty input
     * @param map     the map of one element
     * @param combine an associative, commutative combine of two partial results
     * @return the kernel
     * @throws KernelTranslationException if a function captures values or uses what a device cannot run
     */
    public static ReduceKernel ofLongs(long neutral, MapKernel.LongMap map, LongCombiner combine) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(combine, "combine");
        TranslatedFunctions t = translate(map, "(J)J", combine, "(JJ)J");
        return new ReduceKernel(t.name(), ElementType.I64, ElementType.I64, longLiteral(neutral),
                t.calls().get(0).formatted("x"), t.calls().get(1).formatted("a", "b"), t.code(), neutral, 0,
                null, combine::apply, null, null, null, null, map::apply, t);
    }

    /**
     * A reduction of {@code double}s written in Java only; otherwise as {@link #ofInts(long, MapKernel.IntMap,
     * LongCombiner)}. Devices without {@code cl_khr_fp64} cannot run it.
     *
     * @param neutral the combiner's neutral value, the result of empty input
     * @param map     the map of one element
     * @param combine an associative, commutative combine of two partial results, e.g. {@code Double::sum},
     *                {@code Math::max}
     * @return the kernel
     * @throws KernelTranslationException if a function captures values or uses what a device cannot run
     */
    public static ReduceKernel ofDoubles(double neutral, MapKernel.DoubleMap map, DoubleCombiner combine) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(combine, "combine");
        TranslatedFunctions t = translate(map, "(D)D", combine, "(DD)D");
        String bits = "as_double(0x" + Long.toHexString(Double.doubleToRawLongBits(neutral)) + "UL)";
        return new ReduceKernel(t.name(), ElementType.F64, ElementType.F64, bits, t.calls().get(0).formatted("x"),
                t.calls().get(1).formatted("a", "b"), t.code(), 0, neutral, null, null, map::apply, combine::apply,
                null, null, null, t);
    }

    private static TranslatedFunctions translate(Object map, String mapSignature, Object combine,
                                                 String combineSignature) {
        try {
            return KernelTranslator.translateFunctions(List.of(map, combine),
                    List.of(mapSignature, combineSignature), TranslationOptions.DEFAULT);
        } catch (TranslationFailure e) {
            throw new KernelTranslationException(e.getMessage(), e);
        }
    }

    /** A {@code long} as OpenCL C, exact for every value ({@code -9223372036854775808L} is not a C literal). */
    private static String longLiteral(long v) {
        return "as_long(0x" + Long.toHexString(v) + "UL)";
    }

    /**
     * Whether this kernel was written in Java only: its OpenCL C is translated, and its program takes a fault
     * record (see {@code kernels/reduce.cl}).
     *
     * @return true for a translated kernel
     */
    public boolean fromJava() {
        return translated != null;
    }

    /**
     * Whether the device must have {@code cl_khr_fp64} to run this kernel: its types, or, for a translated one, any
     * {@code double} in its code.
     *
     * @return true when the program uses {@code double}
     */
    public boolean needsFp64() {
        return inputType == ElementType.F64 || accumulatorType == ElementType.F64
                || (translated != null && translated.usesDoubles());
    }

    /** {@code File.java:LINE} per fault site of a translated kernel; empty for an OpenCL C one. */
    List<String> faultSites() {
        return translated == null ? List.of() : translated.faultSites();
    }

    /**
     * A copy with OpenCL C source (helper functions, constants) placed before the kernel.
     *
     * @param openClSource OpenCL C source
     * @return the copy
     * @throws IllegalStateException for a kernel written in Java only, whose OpenCL C is the translator's
     */
    public ReduceKernel withPreamble(String openClSource) {
        if (translated != null) {
            throw new IllegalStateException("withPreamble: kernel " + name + " is written in Java and translated; its"
                    + " OpenCL C cannot be changed");
        }
        return new ReduceKernel(name, inputType, accumulatorType, neutralExpression, mapExpression, reduceExpression,
                Objects.requireNonNull(openClSource, "openClSource"), longNeutral, doubleNeutral, intMap, longReduce,
                doubleMap, doubleReduce, intRange, doubleRange, longMap);
    }

    /**
     * A copy whose Java side also has a whole-range loop, used by the Java backends instead of calling the
     * per-element functions. Worth it for kernels used in hot paths: a loop of its own is compiled for this kernel
     * alone (and vectorized), while the generic loop calls the element functions through a call site shared by
     * every kernel, which the JIT cannot inline once several kernels have run. Must give the same result as the
     * per-element definition.
     *
     * @param range the whole-range loop
     * @return the copy
     */
    public ReduceKernel withJavaIntRange(IntRange range) {
        if (inputType != ElementType.I32) {
            throw new IllegalArgumentException(name + " takes " + inputType.tag() + " input, not i32");
        }
        return new ReduceKernel(name, inputType, accumulatorType, neutralExpression, mapExpression, reduceExpression,
                preamble, longNeutral, doubleNeutral, intMap, longReduce, doubleMap, doubleReduce,
                Objects.requireNonNull(range, "range"), null, longMap, translated);
    }

    /**
     * The {@code double} counterpart of {@link #withJavaIntRange(IntRange)}.
     *
     * @param range the whole-range loop
     * @return the copy
     */
    public ReduceKernel withJavaDoubleRange(DoubleRange range) {
        if (inputType != ElementType.F64) {
            throw new IllegalArgumentException(name + " takes " + inputType.tag() + " input, not f64");
        }
        return new ReduceKernel(name, inputType, accumulatorType, neutralExpression, mapExpression, reduceExpression,
                preamble, longNeutral, doubleNeutral, intMap, longReduce, doubleMap, doubleReduce, null,
                Objects.requireNonNull(range, "range"), longMap, translated);
    }

    /**
     * Reduces {@code xs[from, to)} in Java, starting from the neutral value: with the whole-range loop if the kernel
     * has one, else element by element.
     *
     * @param xs   the elements
     * @param from the first index, inclusive
     * @param to   the end index, exclusive
     * @return the reduction of the range; the neutral value when it is empty
     */
    public long reduceRange(int[] xs, int from, int to) {
        requireInput(ElementType.I32);
        if (intRange != null) {
            return intRange.reduce(xs, from, to);
        }
        long acc = longNeutral;
        for (int i = from; i < to; i++) {
            acc = longReduce.applyAsLong(acc, intMap.applyAsLong(xs[i]));
        }
        return acc;
    }

    /**
     * Reduces {@code xs[from, to)} of longs in Java, element by element, starting from the neutral value.
     *
     * @param xs   the input
     * @param from the first index, inclusive
     * @param to   the end index, exclusive
     * @return the reduction of the range; the neutral value when it is empty
     * @throws IllegalArgumentException when this kernel does not take {@code i64} input
     */
    public long reduceRange(long[] xs, int from, int to) {
        requireInput(ElementType.I64);
        long acc = longNeutral;
        for (int i = from; i < to; i++) {
            acc = longReduce.applyAsLong(acc, longMap.applyAsLong(xs[i]));
        }
        return acc;
    }

    /**
     * Reduces {@code xs[from, to)} of doubles in Java, starting from the neutral value.
     *
     * @param xs   the elements
     * @param from the first index, inclusive
     * @param to   the end index, exclusive
     * @return the reduction of the range; the neutral value when it is empty
     */
    public double reduceRange(double[] xs, int from, int to) {
        requireInput(ElementType.F64);
        if (doubleRange != null) {
            return doubleRange.reduce(xs, from, to);
        }
        double acc = doubleNeutral;
        for (int i = from; i < to; i++) {
            acc = doubleReduce.applyAsDouble(acc, doubleMap.applyAsDouble(xs[i]));
        }
        return acc;
    }

    /** A whole-range Java reduction of ints: the reduction of {@code map(xs[i])} for {@code from <= i < to}. */
    @FunctionalInterface
    public interface IntRange {
        /**
         * Reduces {@code xs[from, to)}, starting from the neutral value.
         *
         * @param xs   the elements
         * @param from the first index, inclusive
         * @param to   the end index, exclusive
         * @return the reduction of the range
         */
        long reduce(int[] xs, int from, int to);
    }

    /** A whole-range Java reduction of doubles. */
    @FunctionalInterface
    public interface DoubleRange {
        /**
         * Reduces {@code xs[from, to)}, starting from the neutral value.
         *
         * @param xs   the elements
         * @param from the first index, inclusive
         * @param to   the end index, exclusive
         * @return the reduction of the range
         */
        double reduce(double[] xs, int from, int to);
    }

    /**
     * A copy whose preamble is read from a class path resource (UTF-8).
     *
     * @param classpathResource a class path resource name such as {@code kernels/my.cl}
     * @return the copy
     */
    public ReduceKernel withPreambleResource(String classpathResource) {
        return withPreamble(MapKernel.readResource(classpathResource));
    }

    /**
     * The kernel's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The input element type.
     *
     * @return the input element type
     */
    public ElementType inputType() {
        return inputType;
    }

    /**
     * The accumulator (and result) type: {@code i64} for integer input, {@code f64} for doubles.
     *
     * @return the accumulator type
     */
    public ElementType accumulatorType() {
        return accumulatorType;
    }

    /**
     * The neutral value as OpenCL C.
     *
     * @return the expression
     */
    public String neutralExpression() {
        return neutralExpression;
    }

    /**
     * The map of one element {@code x}, as OpenCL C.
     *
     * @return the expression
     */
    public String mapExpression() {
        return mapExpression;
    }

    /**
     * The combine of {@code a} and {@code b}, as OpenCL C.
     *
     * @return the expression
     */
    public String reduceExpression() {
        return reduceExpression;
    }

    /**
     * OpenCL C source placed before the kernel; empty when there is none.
     *
     * @return the preamble, possibly empty
     */
    public String preamble() {
        return preamble;
    }

    /**
     * The neutral value of a {@code long} accumulator.
     *
     * @return the neutral value
     */
    public long longNeutral() {
        return longNeutral;
    }

    /**
     * The neutral value of a {@code double} accumulator.
     *
     * @return the neutral value
     */
    public double doubleNeutral() {
        return doubleNeutral;
    }

    /**
     * The Java map for {@code int} input.
     *
     * @param x the element
     * @return its mapped value, of the accumulator type
     */
    public long mapInt(int x) {
        requireInput(ElementType.I32);
        return intMap.applyAsLong(x);
    }

    /**
     * The Java map for {@code long} input.
     *
     * @param x the element
     * @return its mapped value, of the accumulator type
     * @throws IllegalArgumentException when this kernel does not take {@code i64} input
     */
    public long mapLong(long x) {
        requireInput(ElementType.I64);
        return longMap.applyAsLong(x);
    }

    /**
     * The Java combine for {@code long} accumulators (kernels of {@code i32} or {@code i64} input).
     *
     * @param a a partial result
     * @param b another partial result
     * @return the combination
     */
    public long combineLongs(long a, long b) {
        if (accumulatorType != ElementType.I64) {
            requireInput(ElementType.I32);   // the message names the kernel and its input type
        }
        return longReduce.applyAsLong(a, b);
    }

    /**
     * The Java map for {@code double} input.
     *
     * @param x the element
     * @return its mapped value
     */
    public double mapDouble(double x) {
        requireInput(ElementType.F64);
        return doubleMap.applyAsDouble(x);
    }

    /**
     * The Java combine for {@code double} accumulators.
     *
     * @param a a partial result
     * @param b another partial result
     * @return the combination
     */
    public double combineDoubles(double a, double b) {
        requireInput(ElementType.F64);
        return doubleReduce.applyAsDouble(a, b);
    }

    private void requireInput(ElementType given) {
        MapKernel.requireInput(name, inputType, given);
    }

    @Override
    public String toString() {
        return "ReduceKernel[" + name + ": " + inputType.tag() + " -> " + accumulatorType.tag() + "]";
    }
}
