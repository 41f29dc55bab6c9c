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

    private Elementwise() {
    }

    /**
     * Runs {@code kernel} over {@code input} (of {@code kernel.inputType()}); the result is a new buffer of
     * {@code kernel.outputType()} owned by the caller.
     *
     * @throws IllegalArgumentException when the input's type is not the kernel's
     */
    public static Buffer map(Backend b, MapKernel kernel, Buffer input, Phases phases) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(input, "input");
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
                    b.launch(k, LaunchRange.of(n),
                            new Object[] {input.chunkView(i), inOffset, out.chunkView(j), (long) n}, phases);
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
        boolean fp64 = kernel.inputType() == ElementType.F64 || kernel.outputType() == ElementType.F64;
        return new KernelSpec(kernel.name(), SIGNATURE, SkeletonSources.map(kernel), "", fp64, javaBody(kernel),
                SkeletonSources.ELEMENTWISE);
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
