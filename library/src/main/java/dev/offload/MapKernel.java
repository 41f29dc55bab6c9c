package dev.offload;


import dev.offload.translate.KernelTranslator;
import dev.offload.translate.TranslatedFunctions;
import dev.offload.translate.TranslationFailure;
import dev.offload.translate.TranslationOptions;

import java.io.IOException;
import java.io.Serializable;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToLongFunction;
import java.util.function.LongUnaryOperator;
import java.util.regex.Pattern;

/**
 * An elementwise map {@code out[i] = f(in[i])}, written once as an OpenCL C expression and once as Java, the Java
 * form being both the fallback and the definition of the right answer. offload wraps the expression in its own
 * kernel skeleton (launch geometry chosen per device), so the expression only says what happens to one element,
 * named {@code x}. The built-in {@link Offload#squares(int[])} is such a kernel.
 *
 * <pre>{@code
 * MapKernel cubes = MapKernel.ofInts("cubes_i32_i64", "(long)x * x * x", x -> (long) x * x * x);
 * long[] c = off.map(cubes, new int[] {1, 2, 3});          // [1, 8, 27]
 *
 * MapKernel clamp = MapKernel.ofDoubles("clamp_f64", "clamp01(x)", x -> Math.min(1, Math.max(0, x)))
 *         .withPreamble("double clamp01(double v) { return fmin(1.0, fmax(0.0, v)); }");
 * }</pre>
 *
 * <p>Or written once, in Java only: {@link #of(IntMap)}, {@link #ofLongs(LongMap)} and {@link #ofDoubles(DoubleMap)}
 * translate the function to OpenCL C (as {@link Offload#parallelFor(int, ForBody)} does a loop body) when the kernel
 * is made, with Java's semantics; on the device a division by zero or an index out of bounds then throws as in Java,
 * and nothing is returned.
 *
 * <pre>{@code
 * MapKernel cubes = MapKernel.of(x -> (long) x * x * x);   // no OpenCL C: translated from the lambda
 * long[] c = off.map(cubes, new int[] {1, 2, 3});          // [1, 8, 27] on every backend
 * }</pre>
 *
 * <p>Instances are immutable and may be shared across threads and {@link Offload}s. On OpenCL devices the program is
 * built on first use and cached per device.
 */
public final class MapKernel {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String name;
    private final ElementType inputType;
    private final ElementType outputType;
    private final String expression;
    private final String preamble;
    private final IntToLongFunction intFunction;
    private final DoubleUnaryOperator doubleFunction;
    private final IntRange intRange;
    private final DoubleRange doubleRange;
    private final LongUnaryOperator longFunction;
    /** The translation of a Java-only kernel, whose expression calls it; null for an OpenCL C one. */
    private final TranslatedFunctions translated;

    private MapKernel(String name, ElementType inputType, ElementType outputType, String expression, String preamble,
                      IntToLongFunction intFunction, DoubleUnaryOperator doubleFunction, IntRange intRange,
                      DoubleRange doubleRange) {
        this(name, inputType, outputType, expression, preamble, intFunction, doubleFunction, intRange, doubleRange,
                null);
    }

    private MapKernel(String name, ElementType inputType, ElementType outputType, String expression, String preamble,
                      IntToLongFunction intFunction, DoubleUnaryOperator doubleFunction, IntRange intRange,
                      DoubleRange doubleRange, LongUnaryOperator longFunction) {
        this(name, inputType, outputType, expression, preamble, intFunction, doubleFunction, intRange, doubleRange,
                longFunction, null);
    }

    private MapKernel(String name, ElementType inputType, ElementType outputType, String expression, String preamble,
                      IntToLongFunction intFunction, DoubleUnaryOperator doubleFunction, IntRange intRange,
                      DoubleRange doubleRange, LongUnaryOperator longFunction, TranslatedFunctions translated) {
        this.translated = translated;
        this.name = checkName(name);
        this.inputType = inputType;
        this.outputType = outputType;
        this.expression = checkExpression(expression, "expression");
        this.preamble = Objects.requireNonNull(preamble, "preamble");
        this.intFunction = intFunction;
        this.doubleFunction = doubleFunction;
        this.intRange = intRange;
        this.doubleRange = doubleRange;
        this.longFunction = longFunction;
    }

    /**
     * A map from {@code int} to {@code long}.
     *
     * @param name       the kernel's name, an OpenCL identifier such as {@code cubes_i32_i64}
     * @param expression OpenCL C expression of {@code int x} whose value is a {@code long}
     * @param java       the same function in Java
     * @return the kernel
     */
    public static MapKernel ofInts(String name, String expression, IntToLongFunction java) {
        return new MapKernel(name, ElementType.I32, ElementType.I64, expression, "",
                Objects.requireNonNull(java, "java"), null, null, null);
    }

    /**
     * A map from {@code double} to {@code double}. Devices without {@code cl_khr_fp64} cannot run it.
     *
     * @param name       the kernel's name, an OpenCL identifier such as {@code clamp_f64}
     * @param expression OpenCL C expression of {@code double x}
     * @param java       the same function in Java
     * @return the kernel
     */
    public static MapKernel ofDoubles(String name, String expression, DoubleUnaryOperator java) {
        return new MapKernel(name, ElementType.F64, ElementType.F64, expression, "", null,
                Objects.requireNonNull(java, "java"), null, null);
    }

    /**
     * A map from {@code long} to {@code long}. Java's {@code long} arithmetic wraps modulo 2<sup>64</sup> and OpenCL
     * C's does not promise to for signed overflow: compute in {@code ulong} where it can overflow, e.g.
     * {@code (long)((ulong)x * (ulong)x)} for {@code x * x}, to get the same bits on every backend.
     *
     * @param name       the kernel's name, an OpenCL identifier such as {@code negate_i64}
     * @param expression OpenCL C expression of {@code long x} whose value is a {@code long}
     * @param java       the same function in Java
     * @return the kernel
     */
    public static MapKernel ofLongs(String name, String expression, LongUnaryOperator java) {
        return new MapKernel(name, ElementType.I64, ElementType.I64, expression, "", null, null, null, null,
                Objects.requireNonNull(java, "java"));
    }

    /**
     * A map from {@code int} to {@code long} written in Java only: the function is translated to OpenCL C now, and
     * on the Java backends it runs as it is. It may use what a {@link Offload#parallelFor(int, ForBody)} body may,
     * except captures: it is shared by every call, so it captures nothing.
     *
     * <pre>{@code
     * MapKernel cubes = MapKernel.of(x -> (long) x * x * x);
     * }</pre>
     *
     * @param f the function of one element
     * @return the kernel, named after the lambda's method
     * @throws KernelTranslationException if {@code f} captures values or uses what a device cannot run (naming file,
     *                                    line and construct)
     */
    public static MapKernel of(IntMap f) {
        Objects.requireNonNull(f, "f");
        TranslatedFunctions t = translate(f, "(I)J");
        return new MapKernel(t.name(), ElementType.I32, ElementType.I64, t.calls().get(0).formatted("x"), t.code(),
                f::apply, null, null, null, null, t);
    }

    /**
     * A map from {@code long} to {@code long} written in Java only; otherwise as {@link #of(IntMap)}.
     *
     * @param f the function of one element
     * @return the kernel
     * @throws KernelTranslationException as {@link #of(IntMap)}
     */
    public static MapKernel ofLongs(LongMap f) {
        Objects.requireNonNull(f, "f");
        TranslatedFunctions t = translate(f, "(J)J");
        return new MapKernel(t.name(), ElementType.I64, ElementType.I64, t.calls().get(0).formatted("x"), t.code(),
                null, null, null, null, f::apply, t);
    }

    /**
     * A map from {@code double} to {@code double} written in Java only; otherwise as {@link #of(IntMap)}. Devices
     * without {@code cl_khr_fp64} cannot run it.
     *
     * @param f the function of one element
     * @return the kernel
     * @throws KernelTranslationException as {@link #of(IntMap)}
     */
    public static MapKernel ofDoubles(DoubleMap f) {
        Objects.requireNonNull(f, "f");
        TranslatedFunctions t = translate(f, "(D)D");
        return new MapKernel(t.name(), ElementType.F64, ElementType.F64, t.calls().get(0).formatted("x"), t.code(),
                null, f::apply, null, null, null, t);
    }

    private static TranslatedFunctions translate(Object f, String signature) {
        try {
            return KernelTranslator.translateFunctions(List.of(f), List.of(signature), TranslationOptions.DEFAULT);
        } catch (TranslationFailure e) {
            throw new KernelTranslationException(e.getMessage(), e);
        }
    }

    /**
     * A copy with OpenCL C source (helper functions, constants) placed before the kernel.
     *
     * @param openClSource OpenCL C source
     * @return the copy
     * @throws IllegalStateException for a kernel written in Java only, whose OpenCL C is the translator's
     */
    public MapKernel withPreamble(String openClSource) {
        requireNotFromJava("withPreamble");
        return new MapKernel(name, inputType, outputType, expression, Objects.requireNonNull(openClSource, "openClSource"),
                intFunction, doubleFunction, intRange, doubleRange, longFunction);
    }

    /**
     * Whether this kernel was written in Java only ({@link #of(IntMap)} ...): its OpenCL C is translated, and its
     * program takes a fault record (see {@code kernels/elementwise.cl}).
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
        return inputType == ElementType.F64 || outputType == ElementType.F64
                || (translated != null && translated.usesDoubles());
    }

    /** {@code File.java:LINE} per fault site of a translated kernel; empty for an OpenCL C one. */
    List<String> faultSites() {
        return translated == null ? List.of() : translated.faultSites();
    }

    private void requireNotFromJava(String what) {
        if (translated != null) {
            throw new IllegalStateException(what + ": kernel " + name + " is written in Java and translated; its "
                    + "OpenCL C cannot be changed");
        }
    }

    /** An {@code int -> long} function of one element, serializable so that its code can be translated. */
    @FunctionalInterface
    public interface IntMap extends Serializable {
        /**
         * The image of one element.
         *
         * @param x the element
         * @return its image
         */
        long apply(int x);
    }

    /** A {@code long -> long} function of one element, serializable so that its code can be translated. */
    @FunctionalInterface
    public interface LongMap extends Serializable {
        /**
         * The image of one element.
         *
         * @param x the element
         * @return its image
         */
        long apply(long x);
    }

    /** A {@code double -> double} function of one element, serializable so that its code can be translated. */
    @FunctionalInterface
    public interface DoubleMap extends Serializable {
        /**
         * The image of one element.
         *
         * @param x the element
         * @return its image
         */
        double apply(double x);
    }

    /**
     * A copy whose Java side also has a whole-range loop, used by the Java backends instead of calling the
     * per-element function: a loop of its own is compiled for this kernel alone (and vectorized), where the generic
     * loop's call site is shared by every kernel and stops being inlined once several have run. Must give the same
     * result as the per-element definition.
     *
     * @param range the whole-range loop
     * @return the copy
     */
    public MapKernel withJavaIntRange(IntRange range) {
        if (inputType != ElementType.I32) {
            throw new IllegalArgumentException(name + " takes " + inputType.tag() + " input, not i32");
        }
        return new MapKernel(name, inputType, outputType, expression, preamble, intFunction, doubleFunction,
                Objects.requireNonNull(range, "range"), null, longFunction, translated);
    }

    /**
     * The {@code double} counterpart of {@link #withJavaIntRange(IntRange)}.
     *
     * @param range the whole-range loop
     * @return the copy
     */
    public MapKernel withJavaDoubleRange(DoubleRange range) {
        if (inputType != ElementType.F64) {
            throw new IllegalArgumentException(name + " takes " + inputType.tag() + " input, not f64");
        }
        return new MapKernel(name, inputType, outputType, expression, preamble, intFunction, doubleFunction, null,
                Objects.requireNonNull(range, "range"), longFunction, translated);
    }

    /**
     * Maps {@code in[from, to)} into {@code out[from, to)} in Java, with the whole-range loop if there is one.
     *
     * @param in   the input
     * @param out  where the results go, at the same positions
     * @param from the first index, inclusive
     * @param to   the end index, exclusive
     */
    public void mapRange(int[] in, long[] out, int from, int to) {
        requireInput(ElementType.I32);
        if (intRange != null) {
            intRange.map(in, out, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            out[i] = intFunction.applyAsLong(in[i]);
        }
    }

    /**
     * Maps {@code in[from, to)} of doubles into {@code out[from, to)} in Java.
     *
     * @param in   the input
     * @param out  where the results go, at the same positions
     * @param from the first index, inclusive
     * @param to   the end index, exclusive
     */
    public void mapRange(double[] in, double[] out, int from, int to) {
        requireInput(ElementType.F64);
        if (doubleRange != null) {
            doubleRange.map(in, out, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            out[i] = doubleFunction.applyAsDouble(in[i]);
        }
    }

    /**
     * Maps {@code in[from, to)} of longs into {@code out[from, to)} in Java.
     *
     * @param in   the input
     * @param out  where the results go, at the same positions
     * @param from the first index, inclusive
     * @param to   the end index, exclusive
     * @throws IllegalArgumentException when this kernel does not take {@code i64} input
     */
    public void mapRange(long[] in, long[] out, int from, int to) {
        requireInput(ElementType.I64);
        for (int i = from; i < to; i++) {
            out[i] = longFunction.applyAsLong(in[i]);
        }
    }

    /** A whole-range Java map of ints: {@code out[i] = f(in[i])} for {@code from <= i < to}. */
    @FunctionalInterface
    public interface IntRange {
        /**
         * Maps {@code in[from, to)} into the same positions of {@code out}.
         *
         * @param in   the input
         * @param out  where the results go, at the same positions
         * @param from the first index, inclusive
         * @param to   the end index, exclusive
         */
        void map(int[] in, long[] out, int from, int to);
    }

    /** A whole-range Java map of doubles. */
    @FunctionalInterface
    public interface DoubleRange {
        /**
         * Maps {@code in[from, to)} into the same positions of {@code out}.
         *
         * @param in   the input
         * @param out  where the results go, at the same positions
         * @param from the first index, inclusive
         * @param to   the end index, exclusive
         */
        void map(double[] in, double[] out, int from, int to);
    }

    /**
     * A copy whose preamble is read from a class path resource (UTF-8), e.g. {@code "kernels/my_helpers.cl"}.
     *
     * @param classpathResource a class path resource name such as {@code kernels/my.cl}
     * @return the copy
     * @throws IllegalStateException for a kernel written in Java only
     */
    public MapKernel withPreambleResource(String classpathResource) {
        requireNotFromJava("withPreambleResource");
        return withPreamble(readResource(classpathResource));
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
     * The output element type.
     *
     * @return the output element type
     */
    public ElementType outputType() {
        return outputType;
    }

    /**
     * The OpenCL C expression of {@code x}.
     *
     * @return the expression
     */
    public String expression() {
        return expression;
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
     * Applies the Java definition to an {@code int} (for {@code i32} input kernels).
     *
     * @param x the element
     * @return its image
     */
    public long applyAsLong(int x) {
        requireInput(ElementType.I32);
        return intFunction.applyAsLong(x);
    }

    /**
     * Applies the Java definition to a {@code long} (for {@code i64} input kernels).
     *
     * @param x the element
     * @return its image
     * @throws IllegalArgumentException when this kernel does not take {@code i64} input
     */
    public long applyAsLong(long x) {
        requireInput(ElementType.I64);
        return longFunction.applyAsLong(x);
    }

    /**
     * Applies the Java definition to a {@code double} (for {@code f64} input kernels).
     *
     * @param x the element
     * @return its image
     */
    public double applyAsDouble(double x) {
        requireInput(ElementType.F64);
        return doubleFunction.applyAsDouble(x);
    }

    @Override
    public String toString() {
        return "MapKernel[" + name + ": " + inputType.tag() + " -> " + outputType.tag() + ", " + expression + "]";
    }

    private void requireInput(ElementType given) {
        requireInput(name, inputType, given);
    }

    /**
     * Checks the input type of a call to a kernel's Java side.
     *
     * @throws IllegalArgumentException naming the kernel when {@code given} is not its input type
     */
    static void requireInput(String kernel, ElementType expected, ElementType given) {
        if (expected != given) {
            throw new IllegalArgumentException("kernel " + kernel + " takes " + expected.tag() + " input, not "
                    + given.tag());
        }
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("kernel name must be an OpenCL identifier (letters, digits, _): \"" + name + '"');
        }
        return name;
    }

    /** The expression, checked; {@code parameter} is the factory parameter's name, for the message. */
    static String checkExpression(String expression, String parameter) {
        Objects.requireNonNull(expression, parameter);
        if (expression.isBlank()) {
            throw new IllegalArgumentException(parameter + " is blank: \"" + expression + '"');
        }
        return expression;
    }

    static String readResource(String classpathResource) {
        Objects.requireNonNull(classpathResource, "classpathResource");
        String path = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = MapKernel.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no class path resource \"" + classpathResource + '"');
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class path resource \"" + classpathResource + '"', e);
        }
    }
}
