package dev.offload.translate;

import org.objectweb.asm.Type;

import java.util.List;

/**
 * The {@code __kernel} function around a translated body: the argument list of the ABI ({@link TranslatedKernel}),
 * the loop over indices (contiguous slices or grid-stride, as {@code kernels/elementwise.cl}), and for reductions
 * the per-item accumulator and the group fold of {@code kernels/reduce.cl}, which works for any local size. With an
 * in-range copy of the body ({@link Translation#inRange}) the 1-D loop is versioned: {@code if (n <= len && ...)}
 * the copy without the index checks, else the checked body.
 */
final class KernelSkeleton {
    private final KernelShape shape;
    private final String name;
    private final List<KernelParam> params;
    private final String bodyFunction;
    private final Type[] bodyArgs;
    private final int captures;
    private final Type bodyReturn;
    private final String combine;
    /** The body without the checks of accesses by the index itself, or null ({@link Translation#inRange}). */
    private final String inRangeFunction;
    /** The array parameters whose length must be at least {@code n} for {@link #inRangeFunction} to run. */
    private final List<String> inRangeArrays;

    KernelSkeleton(KernelShape shape, String name, List<KernelParam> params, String bodyFunction, Type[] bodyArgs,
                   int captures, Type bodyReturn, String combine, String inRangeFunction, List<String> inRangeArrays) {
        this.shape = shape;
        this.name = name;
        this.params = params;
        this.bodyFunction = bodyFunction;
        this.bodyArgs = bodyArgs;
        this.captures = captures;
        this.bodyReturn = bodyReturn;
        this.combine = combine;
        this.inRangeFunction = inRangeFunction;
        this.inRangeArrays = List.copyOf(inRangeArrays);
    }

    String source() {
        String acc = shape.doubleAccumulator() ? "double" : "long";
        StringBuilder b = new StringBuilder();
        String combineTemplate = switch (shape) {
            case SUM_LONG -> "j_ladd(%1$s, %2$s)";
            case SUM_DOUBLE -> "(%1$s + %2$s)";
            default -> combine;
        };
        if (shape.isReduction()) {
            b.append("/* Folds scratch[0 .. local size) into scratch[0] with the combiner; any local size. */\n");
            b.append("static ").append(acc).append(' ').append(name).append("_fold(__local ").append(acc)
                    .append(" *scratch, ").append(acc).append(" acc, __global int *faults, int *ofs) {\n");
            b.append("""
                        const uint lid = get_local_id(0);
                        const uint lsize = get_local_size(0);
                        scratch[lid] = acc;
                        barrier(CLK_LOCAL_MEM_FENCE);
                        uint stride = 1;
                        while (stride < lsize) {
                            stride <<= 1;
                        }
                        for (stride >>= 1; stride > 0; stride >>= 1) {
                            if (lid < stride && lid + stride < lsize) {
                    """);
            b.append("                scratch[lid] = ").append(String.format(combineTemplate, "scratch[lid]",
                    "scratch[lid + stride]")).append(";\n");
            b.append("""
                            }
                            barrier(CLK_LOCAL_MEM_FENCE);
                        }
                        return scratch[0];
                    }

                    """);
        }
        b.append("__kernel void ").append(name).append('(');
        for (KernelParam p : params) {
            if (p.isArray()) {
                b.append("__global ").append(p.type().elementC()).append(" *").append(p.name()).append(", const int ")
                        .append(p.name()).append("_len, ");
            } else {
                b.append("const ").append(p.type().scalarC()).append(' ').append(p.name()).append(", ");
            }
        }
        switch (shape) {
            case FOR_1D -> b.append("const int n, __global int *faults) {\n");
            case FOR_2D -> b.append("const int rows, const int cols, __global int *faults) {\n");
            case SUM_LONG, SUM_DOUBLE -> b.append("const int n, __global ").append(acc).append(" *partials, __local ")
                    .append(acc).append(" *scratch, __global int *faults) {\n");
            default -> b.append("const int n, const ").append(acc).append(" identity, __global ").append(acc)
                    .append(" *partials, __local ").append(acc).append(" *scratch, __global int *faults) {\n");
        }
        b.append("    int stop = 0;\n    int *ofs = &stop;\n");
        if (shape == KernelShape.FOR_2D) {
            b.append("    for (long r = get_global_id(1); r < rows; r += get_global_size(1)) {\n");
            b.append("        for (long c = get_global_id(0); c < cols; c += get_global_size(0)) {\n");
            b.append("            ").append(call(bodyFunction, "r", "c")).append(";\n");
            b.append("            if (stop) return;\n        }\n    }\n}\n");
            return b.toString();
        }
        if (shape != KernelShape.FOR_1D) {
            b.append("    ").append(acc).append(" acc = ").append(shape == KernelShape.SUM_LONG ? "0L"
                    : shape == KernelShape.SUM_DOUBLE ? "0.0" : "identity").append(";\n");
        }
        b.append("    const long items = get_global_size(0);\n    const long id = get_global_id(0);\n");
        if (inRangeFunction == null) {
            loops(b, bodyFunction, combineTemplate, acc);
        } else {
            // Loop versioning: one test per work-item instead of one per access (the checks keep LLVM from
            // vectorising the loop: a checked sum of squares ran ~3.5x slower than the built-in on PoCL).
            b.append("    if (").append(inRangeArrays.stream().map(a -> "n <= " + a + "_len")
                    .collect(java.util.stream.Collectors.joining(" && "))).append(") {\n");
            loops(b, inRangeFunction, combineTemplate, acc);
            b.append("    } else {\n");
            loops(b, bodyFunction, combineTemplate, acc);
            b.append("    }\n");
        }
        if (shape.isReduction()) {
            b.append("    acc = ").append(name).append("_fold(scratch, acc, faults, ofs);\n");
            b.append("    if (get_local_id(0) == 0) {\n        partials[get_group_id(0)] = acc;\n    }\n");
        }
        b.append("}\n");
        return b.toString();
    }

    /** The 1-D loop over {@code [0, n)} calling {@code function}: contiguous slices or grid-stride. */
    private void loops(StringBuilder b, String function, String combineTemplate, String acc) {
        String step;
        if (shape == KernelShape.FOR_1D) {
            step = "        " + call(function, "i") + ";\n        if (stop) return;\n";
        } else {
            step = "        " + acc + " t = (" + acc + ") " + call(function, "i") + ";\n        if (stop) break;\n"
                    + "        acc = " + String.format(combineTemplate, "acc", "t") + ";\n        if (stop) break;\n";
        }
        b.append("#if defined(OFFLOAD_CONTIGUOUS) && OFFLOAD_CONTIGUOUS\n");
        b.append("    const long span = ((long) n + items - 1) / items;\n");
        b.append("    const long end = min(id * span + span, (long) n);\n");
        b.append("    for (long i = id * span; i < end; i++) {\n").append(step).append("    }\n");
        b.append("#else\n");
        b.append("    for (long i = id; i < n; i += items) {\n").append(step).append("    }\n");
        b.append("#endif\n");
    }

    /** {@code function}'s call for index variables {@code indices} (long in the loop; the body takes int or wider). */
    private String call(String function, String... indices) {
        StringBuilder c = new StringBuilder(function).append('(');
        for (KernelParam p : params) {
            if (p.isArray()) {
                c.append(p.name()).append(", ").append(p.name()).append("_len, ");
            } else {
                c.append(switch (p.type()) {
                    case BOOLEAN, BYTE, SHORT, CHAR -> "(int) ";
                    default -> "";
                }).append(p.name()).append(", ");
            }
        }
        for (int k = 0; k < indices.length; k++) {
            Type t = bodyArgs[captures + k];
            String cType = switch (t.getSort()) {
                case Type.LONG -> "long";
                case Type.FLOAT -> "float";
                case Type.DOUBLE -> "double";
                default -> "int";
            };
            c.append('(').append(cType).append(") ").append(indices[k]).append(", ");
        }
        return c.append("faults, ofs)").toString();
    }
}
