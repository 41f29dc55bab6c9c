package dev.offload.translate;

import java.util.List;
import java.util.Objects;

/**
 * A Java lambda translated to an OpenCL C 1.2 program holding one {@code __kernel} function, {@link #name()}.
 *
 * <h2>Arguments, in order (the launcher sets them by index)</h2>
 * First, for every {@link KernelParam} in {@link #params()} order: a {@code SCALAR} is one argument of
 * {@link ParamType#scalarC()}; an {@code ARRAY} or {@code DEVICE_ARRAY} is two, {@code __global T* NAME} (T =
 * {@link ParamType#elementC()}) and {@code const int NAME_len}. Then, by {@link #shape()}:
 * <ul>
 *   <li>{@code FOR_1D}: {@code const int n, __global int* faults}. Any global and local size: each work-item runs
 *       {@code i} over one contiguous slice when the program is built with {@code -D OFFLOAD_CONTIGUOUS=1} (CPU
 *       devices), else over a grid-stride loop.</li>
 *   <li>{@code FOR_2D}: {@code const int rows, const int cols, __global int* faults}, launched as a 2-D NDRange
 *       with <b>dimension 0 = columns, dimension 1 = rows</b> (neighbouring work-items take neighbouring columns,
 *       which in row-major arrays are neighbouring addresses). Any global size: both dimensions are grid-stride
 *       loops, so rounded-up sizes are guarded and smaller grids still cover every cell.</li>
 *   <li>{@code SUM_LONG}, {@code SUM_DOUBLE}: {@code const int n, __global ACC* partials, __local ACC* scratch,
 *       __global int* faults}.</li>
 *   <li>{@code REDUCE_LONG}, {@code REDUCE_DOUBLE}: {@code const int n, const ACC identity, __global ACC* partials,
 *       __local ACC* scratch, __global int* faults}.</li>
 * </ul>
 * ACC is {@code long} or {@code double}; {@code scratch} is local size x sizeof(ACC) bytes; the global size must be
 * a multiple of the local size (any local size, powers of two or not). Each work-group writes
 * {@code partials[get_group_id(0)]}: the identity (0 for sums) for a group without elements; the host folds the
 * partials with the Java combiner.
 *
 * <h2>Faults</h2>
 * {@code faults} is {@code int[4]}, zeroed by the host: {@code {kind, index, length, site}}. Kinds: 1 = array index
 * out of bounds (index, length), 2 = integer division or remainder by zero (0, 0), 3 = negative array size (size,
 * 0). The first fault wins ({@code atomic_cmpxchg} on {@code faults[0]}); {@code faultSites().get(site)} is its
 * {@code File.java:LINE}. A faulting work-item never touches memory out of bounds and stops at once (a reduction's
 * work-item stops its loop but still takes part in the group fold, whose barriers every work-item must reach);
 * the rest of the grid runs to completion, so arrays may be partly written: the host should throw rather than copy
 * results back.
 *
 * <h2>Build options</h2>
 * {@code -cl-std=CL1.2}; {@code -D OFFLOAD_CONTIGUOUS=1} on CPU devices ({@code 0} or nothing elsewhere); where the
 * device reports {@code CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT}, {@code -cl-fp32-correctly-rounded-divide-sqrt
 * -D OFFLOAD_FP32_CORRECTLY_ROUNDED=1} (without it float division is computed in double and rounded once, which is
 * just as exact). Never {@code -cl-mad-enable}, {@code -cl-fast-relaxed-math}, {@code -cl-unsafe-math-optimizations}
 * or {@code -cl-denorms-are-zero}: they break Java's rounding. A kernel with {@link #usesDoubles()} needs
 * {@code cl_khr_fp64}; run it elsewhere (the Java fallback) on a device without.
 *
 * @param name        the {@code __kernel} function's name, {@code k_<Class>_<method>}
 * @param shape       what the kernel computes
 * @param params      one per captured value, in capture order
 * @param source      the complete program
 * @param faultSites  {@code File.java:LINE} per fault site id
 * @param usesDoubles whether the program needs {@code cl_khr_fp64}
 */
public record TranslatedKernel(String name, KernelShape shape, List<KernelParam> params, String source,
                               List<String> faultSites, boolean usesDoubles) {
    /** Checks and copies the components. */
    public TranslatedKernel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        params = List.copyOf(params);
        Objects.requireNonNull(source, "source");
        faultSites = List.copyOf(faultSites);
    }
}
