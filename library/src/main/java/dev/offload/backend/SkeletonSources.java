package dev.offload.backend;

import dev.offload.ElementType;
import dev.offload.MapKernel;
import dev.offload.ReduceKernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenCL C of the built-in plans: the skeletons {@code kernels/elementwise.cl} and {@code kernels/reduce.cl}
 * (class path resources, read once) specialised for one kernel by {@code #define}s of its types, expressions and
 * names placed before the skeleton's text. The layout ({@code CONTIGUOUS}) is the backend's
 * {@code OFFLOAD_CONTIGUOUS}, so one source serves every device. Public (in an internal package) for the tests that
 * compile these programs for other targets.
 */
public final class SkeletonSources {
    static final String ELEMENTWISE = "kernels/elementwise.cl";
    static final String REDUCE = "kernels/reduce.cl";
    private static final String ELEMENTWISE_TEXT = resource(ELEMENTWISE);
    private static final String REDUCE_TEXT = resource(REDUCE);

    private SkeletonSources() {
    }

    /**
     * The whole program of a map.
     *
     * @param k the kernel
     * @return its program
     */
    public static String map(MapKernel k) {
        return mapPrefix(k) + "\n" + ELEMENTWISE_TEXT;
    }

    /**
     * The whole program of a reduction (stage one {@code k.name()}, the finish {@code k.name() + "_finish"}).
     *
     * @param k the kernel
     * @return its program
     */
    public static String reduce(ReduceKernel k) {
        return reducePrefix(k) + "\n" + REDUCE_TEXT;
    }

    private static String mapPrefix(MapKernel k) {
        StringBuilder sb = new StringBuilder();
        define(sb, "IN_T", k.inputType().openClType());
        define(sb, "OUT_T", k.outputType().openClType());
        define(sb, "MAP(x)", "((OUT_T)(" + oneLine(k.expression()) + "))");
        define(sb, "KERNEL_NAME", k.name());
        define(sb, "CONTIGUOUS", "OFFLOAD_CONTIGUOUS");
        if (k.fromJava()) {
            define(sb, "WITH_FAULTS", "1");
        }
        fp64Pragma(sb, k.inputType(), k.outputType());
        return sb.append(k.preamble()).toString();
    }

    private static String reducePrefix(ReduceKernel k) {
        StringBuilder sb = new StringBuilder();
        define(sb, "IN_T", k.inputType().openClType());
        define(sb, "ACC_T", k.accumulatorType().openClType());
        define(sb, "MAP(x)", "((ACC_T)(" + oneLine(k.mapExpression()) + "))");
        define(sb, "REDUCE(a, b)", "((ACC_T)(" + oneLine(k.reduceExpression()) + "))");
        define(sb, "NEUTRAL", "((ACC_T)(" + oneLine(k.neutralExpression()) + "))");
        define(sb, "KERNEL_NAME", k.name());
        define(sb, "FINISH_NAME", k.name() + "_finish");
        define(sb, "CONTIGUOUS", "OFFLOAD_CONTIGUOUS");
        if (k.fromJava()) {
            define(sb, "WITH_FAULTS", "1");
        }
        fp64Pragma(sb, k.inputType(), k.accumulatorType());
        return sb.append(k.preamble()).toString();
    }

    private static void define(StringBuilder sb, String name, String value) {
        sb.append("#define ").append(name).append(' ').append(value).append('\n');
    }

    private static void fp64Pragma(StringBuilder sb, ElementType a, ElementType b) {
        if (a == ElementType.F64 || b == ElementType.F64) {
            sb.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        }
    }

    /** A macro body is one line; expressions may span several (no {@code //} comments in them). */
    private static String oneLine(String expression) {
        return expression.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** A class path resource's text (kernel sources of this package's plans). */
    static String resource(String name) {
        // Through the class, not its loader: on the module path "kernels" is a package of this module, and a
        // module's resources are hidden from ClassLoader.getResourceAsStream unless opened.
        try (InputStream in = SkeletonSources.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + name, e);
        }
    }
}
