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
}
