package dev.offload.translate;

import java.util.List;
import java.util.Objects;

/**
 * Capture-free Java functions translated to OpenCL C functions of one program, for kernels whose skeleton is not the
 * translator's: the element functions of a Java-only {@link dev.offload.MapKernel} or {@link dev.offload.ReduceKernel}
 * inside {@code kernels/elementwise.cl} and {@code kernels/reduce.cl}.
 *
 * <p>{@link #calls()} holds, per function, a {@link String#format} template of its call on {@code %1$s} (and
 * {@code %2$s} for a combiner). A call may name {@code faults} ({@code __global int *}, the fault record of
 * {@link TranslatedKernel}) and {@code ofs} ({@code int *}, set non-zero when the function faulted): the skeleton
 * must have both in scope.
 *
 * @param name        an OpenCL identifier for the kernel, from the first function: {@code k_<Class>_<method>}
 * @param calls       per function, its call template
 * @param code        the program text to place before the skeleton: the fp64 pragma when needed, the prelude, and
 *                    the functions
 * @param faultSites  {@code File.java:LINE} per fault site id
 * @param usesDoubles whether the program needs {@code cl_khr_fp64}
 */
public record TranslatedFunctions(String name, List<String> calls, String code, List<String> faultSites, boolean usesDoubles) {
    /** Checks and copies the components. */
    public TranslatedFunctions {
        Objects.requireNonNull(name, "name");
        calls = List.copyOf(calls);
        Objects.requireNonNull(code, "code");
        faultSites = List.copyOf(faultSites);
    }
}
