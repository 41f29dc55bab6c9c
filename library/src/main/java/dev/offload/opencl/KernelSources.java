package dev.offload.opencl;

import dev.offload.ElementType;
import dev.offload.MapKernel;
import dev.offload.ReduceKernel;

/**
 * The OpenCL C that specialises the skeletons {@code kernels/elementwise.cl} and {@code kernels/reduce.cl} for one
 * kernel: {@code #define}s of its types, expressions and names, placed before the skeleton's text.
 */
final class KernelSources {
    private KernelSources() {
    }

    /** The prefix of {@code kernels/elementwise.cl} for {@code k}. */
    static String mapPrefix(MapKernel k, boolean contiguous) {
        StringBuilder sb = new StringBuilder();
        define(sb, "IN_T", k.inputType().openClType());
        define(sb, "OUT_T", k.outputType().openClType());
        define(sb, "MAP(x)", "((OUT_T)(" + oneLine(k.expression()) + "))");
        define(sb, "KERNEL_NAME", k.name());
        define(sb, "CONTIGUOUS", contiguous ? "1" : "0");
        fp64Pragma(sb, k.inputType(), k.outputType());
        return sb.append(k.preamble()).toString();
    }

    /** The prefix of {@code kernels/reduce.cl} for {@code k}: stage one is {@code k.name()}, the finish {@code _finish}. */
    static String reducePrefix(ReduceKernel k, boolean contiguous) {
        StringBuilder sb = new StringBuilder();
        define(sb, "IN_T", k.inputType().openClType());
        define(sb, "ACC_T", k.accumulatorType().openClType());
        define(sb, "MAP(x)", "((ACC_T)(" + oneLine(k.mapExpression()) + "))");
        define(sb, "REDUCE(a, b)", "((ACC_T)(" + oneLine(k.reduceExpression()) + "))");
        define(sb, "NEUTRAL", "((ACC_T)(" + oneLine(k.neutralExpression()) + "))");
        define(sb, "KERNEL_NAME", k.name());
        define(sb, "FINISH_NAME", k.name() + "_finish");
        define(sb, "CONTIGUOUS", contiguous ? "1" : "0");
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
}
