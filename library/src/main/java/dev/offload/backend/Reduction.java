package dev.offload.backend;

import dev.offload.ElementType;
import dev.offload.ReduceKernel;

import java.util.List;
import java.util.Objects;

/**
 * Reductions as launches on the generic path, the same for every backend (PyOpenCL's two stages): stage one
 * ({@code kernels/reduce.cl}'s {@code KERNEL_NAME}) runs once per chunk of the input and writes one partial per
 * work-group into a partials buffer; the finish ({@code FINISH_NAME}) folds the partials in one work-group
 * ({@link LaunchRange#oneGroup}), unless there is only one; the result's one element is downloaded. The Java bodies are the kernel's own
 * whole-range loops: {@link ReduceKernel#reduceRange} per group, then its combiner over the partials in group order.
 */
public final class Reduction {
    /** Stage one: {@code in, inOffset, n, partials, partialOffset, scratch}. */
    private static final List<ArgType> STAGE = List.of(ArgType.BUFFER, ArgType.LONG, ArgType.LONG, ArgType.BUFFER,
            ArgType.LONG, ArgType.LOCAL_PER_ITEM);
    /** The finish: {@code partials, count, out, scratch}. */
    private static final List<ArgType> FINISH = List.of(ArgType.BUFFER, ArgType.LONG, ArgType.BUFFER,
            ArgType.LOCAL_PER_ITEM);
    /** Both with the fault record of a kernel translated from Java ({@link ReduceKernel#fromJava()}). */
    private static final List<ArgType> STAGE_WITH_FAULTS = List.of(ArgType.BUFFER, ArgType.LONG, ArgType.LONG,
            ArgType.BUFFER, ArgType.LONG, ArgType.LOCAL_PER_ITEM, ArgType.BUFFER);
    private static final List<ArgType> FINISH_WITH_FAULTS = List.of(ArgType.BUFFER, ArgType.LONG, ArgType.BUFFER,
            ArgType.LOCAL_PER_ITEM, ArgType.BUFFER);

    // equals and hashCode written out: a record's own are bound through invokedynamic at first use, ~10 ms of a new
    // JVM's first call.
    private record Key(ReduceKernel kernel, boolean finish) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && kernel.equals(k.kernel) && finish == k.finish;
        }

        @Override
        public int hashCode() {
            return kernel.hashCode() * 2 + (finish ? 1 : 0);
        }
    }

    private Reduction() {
    }

    /**
     * Reduces the whole of {@code input} (of {@code kernel.inputType()}). An empty buffer gives the neutral value.
     *
     * @return the value, typed by the accumulator: a {@link Long} for {@code i64}, a {@link Double} for {@code f64}
     * @throws IllegalArgumentException when the input's type is not the kernel's
     * @throws IllegalStateException    for a kernel translated from Java, which needs a fault record
     */
    public static Number reduce(Backend b, ReduceKernel kernel, Buffer input, Phases phases) {
        return reduce(b, kernel, input, null, phases);
    }

    /**
     * As {@link #reduce(Backend, ReduceKernel, Buffer, Phases)}, with the fault record ({@code int[4]}, zeroed) that a
     * kernel translated from Java writes its first fault into; the caller reads it after the call and discards the
     * value when {@code faults[0] != 0}.
     *
     * @param faults the fault record, or null for an OpenCL C kernel
     * @throws IllegalStateException when {@code faults} is null for a translated kernel, or given for another
     */
    public static Number reduce(Backend b, ReduceKernel kernel, Buffer input, Buffer faults, Phases phases) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(input, "input");
        if (kernel.fromJava() != (faults != null)) {
            throw new IllegalStateException("kernel " + kernel.name() + (kernel.fromJava()
                    ? " is translated from Java and needs a fault record" : " is OpenCL C and takes no fault record"));
        }
        Elementwise.requireType(kernel.name(), kernel.inputType(), input.type());
        ElementType acc = kernel.accumulatorType();
        boolean isDouble = acc == ElementType.F64;
        if (input.length() == 0) {
            return isDouble ? (Number) kernel.doubleNeutral() : (Number) kernel.longNeutral();
        }
        PreparedKernel stage = PreparedKernels.get(b, new Key(kernel, false), () -> spec(kernel, false));
        PreparedKernel finish = PreparedKernels.get(b, new Key(kernel, true), () -> spec(kernel, true));
        int chunks = input.chunkCount();
        long per = input.chunkElements();
        int[] groups = new int[chunks];
        long total = 0;
        for (int c = 0; c < chunks; c++) {
            groups[c] = b.groups(stage, chunkLength(input, per, c));
            total += groups[c];
        }
        long partialCount = total;
        return b.inOneTurn(phases, () -> {
            try (Buffer partials = b.allocateUninitialized(acc, partialCount, phases)) {
                long offset = 0;
                for (int c = 0; c < chunks; c++) {
                    int n = chunkLength(input, per, c);
                    b.launch(stage, LaunchRange.of(n), withFaults(faults,
                            input.chunkView(c), 0L, (long) n, partials, offset, acc.bytes()), phases);
                    offset += groups[c];
                }
                if (partialCount == 1) {
                    // One group folded everything from the neutral value: its partial is the result, no finish needed.
                    return download(b, partials, isDouble, phases);
                }
                try (Buffer result = b.allocateUninitialized(acc, 1, phases)) {
                    b.launch(finish, LaunchRange.oneGroup((int) partialCount),
                            withFaults(faults, partials, partialCount, result, acc.bytes()), phases);
                    return download(b, result, isDouble, phases);
                }
            }
        });
    }

    private static Number download(Backend b, Buffer one, boolean isDouble, Phases phases) {
        if (isDouble) {
            double[] value = new double[1];
            b.downloadInto(one, value, phases);
            return value[0];
        }
        long[] value = new long[1];
        b.downloadInto(one, value, phases);
        return value[0];
    }

    /** The arguments, then the fault record when there is one. */
    private static Object[] withFaults(Buffer faults, Object... args) {
        if (faults == null) {
            return args;
        }
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = faults;
        return all;
    }

    private static int chunkLength(Buffer b, long per, int c) {
        return (int) Math.min(per, b.length() - c * per);
    }

    private static KernelSpec spec(ReduceKernel kernel, boolean finish) {
        List<ArgType> signature = kernel.fromJava() ? (finish ? FINISH_WITH_FAULTS : STAGE_WITH_FAULTS)
                : (finish ? FINISH : STAGE);
        return new KernelSpec(finish ? kernel.name() + "_finish" : kernel.name(), signature,
                SkeletonSources.reduce(kernel), "", kernel.needsFp64(),
                finish ? finishBody(kernel) : sliced(kernel, stageBody(kernel)),
                SkeletonSources.REDUCE);
    }

    /**
     * An OpenCL C reduction (the built-ins, an expert's) is a streaming pass: large slices on the Java backends, as
     * {@link Elementwise}'s maps. One written in Java may do any amount of work per element: default slices.
     */
    private static JavaBody sliced(ReduceKernel kernel, JavaBody stage) {
        return kernel.fromJava() ? stage : JavaBody.streaming(stage);
    }

    /** One partial per group: {@code partials[partialOffset + group]}. */
    private static JavaBody stageBody(ReduceKernel kernel) {
        return new JavaBody() {
            @Override
            public void run(Object[] args, int from, int to) {
                throw new IllegalStateException("stage one of " + kernel.name() + " runs per work-group");
            }

            @Override
            public void runGroup(Object[] args, int group, int from, int to) {
                if ((Long) args[1] != 0) {
                    throw new IllegalStateException("reduce " + kernel.name() + ": a host buffer read from offset "
                            + args[1]);
                }
                int at = (int) ((Long) args[4] + group);
                switch (kernel.inputType()) {
                    case I32 -> ((long[]) args[3])[at] = kernel.reduceRange((int[]) args[0], from, to);
                    case I64 -> ((long[]) args[3])[at] = kernel.reduceRange((long[]) args[0], from, to);
                    case F64 -> ((double[]) args[3])[at] = kernel.reduceRange((double[]) args[0], from, to);
                    default -> throw new IllegalArgumentException("unsupported input " + kernel.inputType() + " for "
                            + kernel);
                }
            }
        };
    }

    /** The partials folded in group order, from the neutral value. */
    private static JavaBody finishBody(ReduceKernel kernel) {
        return (args, from, to) -> {
            int count = (int) (long) (Long) args[1];
            if (kernel.accumulatorType() == ElementType.F64) {
                double[] partials = (double[]) args[0];
                double acc = kernel.doubleNeutral();
                for (int i = 0; i < count; i++) {
                    acc = kernel.combineDoubles(acc, partials[i]);
                }
                ((double[]) args[2])[0] = acc;
            } else {
                long[] partials = (long[]) args[0];
                long acc = kernel.longNeutral();
                for (int i = 0; i < count; i++) {
                    acc = kernel.combineLongs(acc, partials[i]);
                }
                ((long[]) args[2])[0] = acc;
            }
        };
    }
}
