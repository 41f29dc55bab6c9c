package dev.offload.backend;

/**
 * What a kernel does, in Java: the Java backends run it where an OpenCL backend runs the device source. It is
 * called with the launch's arguments (a {@link Buffer}'s host array, see {@link Buffer#hostArray()}, in place of the
 * buffer; boxed scalars as given) and one slice of the range: work-items {@code [from, to)} of a 1-D range, or rows
 * {@code [from, to)} of a 2-D one. Slices run concurrently on the parallel Java backend, so a body may only write
 * what its own work-items own (or use atomics).
 */
@FunctionalInterface
public interface JavaBody {
    /** Runs work-items (or rows) {@code [from, to)}. */
    void run(Object[] args, int from, int to);

    /**
     * Runs work-group {@code group} of a 1-D launch, work-items {@code [from, to)}: the Java backends split a 1-D
     * range into {@link Backend#groups} contiguous slices, one call each ({@link LaunchRange#oneGroup} is group 0 over
     * the whole range). Bodies that write one result per group, such as a reduction's partials, override this; the
     * default runs the slice.
     */
    default void runGroup(Object[] args, int group, int from, int to) {
        run(args, from, to);
    }

    /**
     * Work-items per slice below which the parallel Java backend does not split a 1-D range further (and the
     * sequential one makes no more groups). The default suits a kernel whose work per item is unknown (one
     * multiply-add, or a Mandelbrot orbit); {@link #streaming} bodies take larger slices.
     */
    default int minSlice() {
        return 1 << 10;
    }

    /**
     * Work-items per slice of a {@link #streaming} body: a pass of a few nanoseconds per element gains from a second
     * core only when each slice outlasts the fork/join hand-off. Measured on 2 cores (sum of squares from a heap
     * array, JMH, one run each): 2^18 ints took 23 us on one thread and 40 us in two slices of 2^17; 2^19 took 44 us on
     * one and 55 us in two slices of 2^18; 2^20 took 85 us on one and 76 us in four slices of 2^18.
     */
    int STREAMING_SLICE = 1 << 19;

    /** {@code body} with {@link #STREAMING_SLICE} as its {@link #minSlice}: for the built-in maps and reductions. */
    static JavaBody streaming(JavaBody body) {
        return new JavaBody() {
            @Override
            public void run(Object[] args, int from, int to) {
                body.run(args, from, to);
            }

            @Override
            public void runGroup(Object[] args, int group, int from, int to) {
                body.runGroup(args, group, from, to);
            }

            @Override
            public int minSlice() {
                return STREAMING_SLICE;
            }
        };
    }
}
