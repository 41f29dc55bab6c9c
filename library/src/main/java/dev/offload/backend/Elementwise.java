package dev.offload.backend;

import dev.offload.ElementType;
import dev.offload.MapKernel;

import java.util.List;
import java.util.Objects;

/**
 * Elementwise maps as launches on the generic path, the same for every backend: {@code out[i] = f(in[i])} is the
 * skeleton {@code kernels/elementwise.cl} specialised by the kernel's expression (a {@link KernelSpec} whose Java
 * body is the kernel's own whole-range loop, {@link MapKernel#mapRange}), launched once per chunk of the output.
 * Output elements are at least as wide as input ones, so an output chunk lies inside one input chunk, which the
 * launch reads from an offset.
 */
public final class Elementwise {
    /** Signature of {@code kernels/elementwise.cl}: {@code in, inOffset, out, n}. */
    private static final List<ArgType> SIGNATURE = List.of(ArgType.BUFFER, ArgType.LONG, ArgType.BUFFER, ArgType.LONG);
    /** The same with the fault record of a kernel translated from Java ({@link MapKernel#fromJava()}). */
    private static final List<ArgType> SIGNATURE_WITH_FAULTS = List.of(ArgType.BUFFER, ArgType.LONG, ArgType.BUFFER,
            ArgType.LONG, ArgType.BUFFER);

    private Elementwise() {
    }

    /**
     * Runs {@code kernel} over {@code input} (of {@code kernel.inputType()}); the result is a new buffer of
     * {@code kernel.outputType()} owned by the caller.
     *
     * @throws IllegalArgumentException when the input's type is not the kernel's
     * @throws IllegalStateException    for a kernel translated from Java, which needs a fault record
     */
    public static Buffer map(Backend b, MapKernel kernel, Buffer input, Phases phases) {
        return map(b, kernel, input, null, phases);
    }

    /**
     * As {@link #map(Backend, MapKernel, Buffer, Phases)}, with the fault record ({@code int[4]}, zeroed) that a
     * kernel translated from Java ({@link MapKernel#fromJava()}) writes its first fault into; every chunk's launch
     * shares it. The caller reads it after the call and discards the result when {@code faults[0] != 0}.
     *
     * @param faults the fault record, or null for an OpenCL C kernel
     * @throws IllegalArgumentException when the input's type is not the kernel's
     * @throws IllegalStateException    when {@code faults} is null for a translated kernel, or given for another
     */
    public static Buffer map(Backend b, MapKernel kernel, Buffer input, Buffer faults, Phases phases) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(input, "input");
        if (kernel.fromJava() != (faults != null)) {
            throw new IllegalStateException("kernel " + kernel.name() + (kernel.fromJava()
                    ? " is translated from Java and needs a fault record" : " is OpenCL C and takes no fault record"));
        }
        requireType(kernel.name(), kernel.inputType(), input.type());
        Buffer out = b.allocateUninitialized(kernel.outputType(), input.length(), phases);
        try {
            if (out.length() == 0) {
                return out;
            }
            PreparedKernel k = PreparedKernels.get(b, kernel, () -> spec(kernel));
            long outPer = out.chunkElements();
            long inPer = input.chunkElements();
            return b.inOneTurn(phases, () -> {
                for (int j = 0; j < out.chunkCount(); j++) {
                    long start = j * outPer;
                    int n = (int) Math.min(outPer, out.length() - start);
                    int i = (int) (start / inPer);
                    long inOffset = start - i * inPer;
                    Object[] args = faults == null
                            ? new Object[] {input.chunkView(i), inOffset, out.chunkView(j), (long) n}
                            : new Object[] {input.chunkView(i), inOffset, out.chunkView(j), (long) n, faults};
                    b.launch(k, LaunchRange.of(n), args, phases);
                }
                return out;
            });
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    static void requireType(String kernel, ElementType expected, ElementType given) {
        if (given != expected) {
            throw new IllegalArgumentException("kernel " + kernel + " takes " + expected.tag() + " input, not "
                    + given.tag());
        }
    }

    private static KernelSpec spec(MapKernel kernel) {
        return new KernelSpec(kernel.name(), kernel.fromJava() ? SIGNATURE_WITH_FAULTS : SIGNATURE,
                SkeletonSources.map(kernel), "", kernel.needsFp64(), sliced(kernel, javaBody(kernel)),
                SkeletonSources.ELEMENTWISE);
    }

    /**
     * An OpenCL C expression kernel (the built-ins, an expert's map) is a streaming pass: large slices on the Java
     * backends. One written in Java may do any amount of work per element, so it keeps the default slices.
     */
    private static JavaBody sliced(MapKernel kernel, JavaBody body) {
        return kernel.fromJava() ? body : JavaBody.streaming(body);
    }

    private static JavaBody javaBody(MapKernel kernel) {
        return switch (kernel.inputType()) {
            case I32 -> (args, from, to) -> {
                requireNoOffset(kernel, args);
                kernel.mapRange((int[]) args[0], (long[]) args[2], from, to);
            };
            case I64 -> (args, from, to) -> {
                requireNoOffset(kernel, args);
                kernel.mapRange((long[]) args[0], (long[]) args[2], from, to);
            };
            case F64 -> (args, from, to) -> {
                requireNoOffset(kernel, args);
                kernel.mapRange((double[]) args[0], (double[]) args[2], from, to);
            };
            default -> (args, from, to) -> {
                throw new IllegalArgumentException("unsupported input " + kernel.inputType() + " for " + kernel);
            };
        };
    }

    /** Host buffers are one chunk, so a Java launch never reads from an offset. */
    private static void requireNoOffset(MapKernel kernel, Object[] args) {
        if ((Long) args[1] != 0) {
            throw new IllegalStateException("map " + kernel.name() + ": a host buffer read from offset " + args[1]);
        }
    }
}
