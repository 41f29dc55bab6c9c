package dev.offload.backend;

import java.util.List;
import java.util.Objects;

/**
 * A kernel as data, prepared once per device ({@link Backend#prepare}) and launched many times
 * ({@link Backend#launch}): the PyOpenCL model, where every operation is built on one generic launch.
 *
 * <p>The device source is a complete OpenCL C program whose {@code __kernel} function {@code name} takes exactly the
 * arguments of {@code signature}, in order. The program is cached per device keyed by its source text and build
 * options, so generated source (a translated Java lambda) caches as well as a file. A 1-D kernel receives no range
 * argument of its own: its signature ends with whatever bounds it declares, and the launcher may round the global
 * size up, so a kernel must guard its work-items. The backend defines {@code OFFLOAD_CONTIGUOUS} (a {@code #define}
 * placed before the source) as 1 on devices where each work-item should walk one contiguous slice (CPU devices) and
 * 0 where a grid-stride loop is right (GPUs).
 *
 * @param name         the {@code __kernel} function's name; also the name errors use
 * @param signature    the arguments' types, in order
 * @param source       the complete OpenCL C program
 * @param buildOptions extra build options (may be empty), appended to the backend's own
 * @param needsFp64    whether the program uses {@code double} (refused on devices without {@code cl_khr_fp64})
 * @param javaBody     what the kernel does, for the Java backends; null for device-only kernels
 * @param origin       where the source comes from, for messages (such as {@code "kernels/reduce.cl"}); may be null
 */
public record KernelSpec(String name, List<ArgType> signature, String source, String buildOptions,
                         boolean needsFp64, JavaBody javaBody, String origin) {

    /** A spec of generated source (no origin). */
    public KernelSpec(String name, List<ArgType> signature, String source, String buildOptions, boolean needsFp64,
                      JavaBody javaBody) {
        this(name, signature, source, buildOptions, needsFp64, javaBody, null);
    }

    /** Checks the parts and copies the signature. */
    public KernelSpec {
        Objects.requireNonNull(name, "name");
        signature = List.copyOf(Objects.requireNonNull(signature, "signature"));
        Objects.requireNonNull(source, "source");
        buildOptions = buildOptions == null ? "" : buildOptions;
    }

    /**
     * Checks {@code args} against the signature.
     *
     * @throws IllegalArgumentException naming the kernel, the position and both types when one does not fit
     */
    public void check(Object[] args) {
        if (args.length != signature.size()) {
            throw new IllegalArgumentException("kernel " + name + " takes " + signature.size() + " arguments, not "
                    + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            if (!signature.get(i).accepts(args[i])) {
                throw new IllegalArgumentException("kernel " + name + " argument " + i + " must be "
                        + signature.get(i) + ", not " + (args[i] == null ? "null" : args[i].getClass().getName()));
            }
        }
    }
}
