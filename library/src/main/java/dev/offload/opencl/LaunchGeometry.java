package dev.offload.opencl;

/**
 * Global and local sizes of 1-D launches, by device type: on GPUs a grid-stride loop over a few waves of
 * work-groups (coalesced); on CPU and accelerator devices a few small groups per core, each work-item walking one
 * contiguous slice, which PoCL runs 30-60 times faster ({@link ClSettings#contiguous()}).
 */
final class LaunchGeometry {
    /** Work-items per group asked for on GPUs (the kernel's limit may be lower); the text passes use it too. */
    static final long GPU_LOCAL_TARGET = 256;
    private static final long GPU_GROUPS_PER_UNIT = 16;
    // Measured on PoCL (2^24 ints, 2 cores): contiguous slices beat a grid-stride loop 30-60x; local sizes 1-4096
    // and 1-8 groups per core were within noise of each other. A group on a CPU device runs as one loop on one core.
    static final long CPU_LOCAL_TARGET = 8;
    private static final long CPU_GROUPS_PER_UNIT = 4;

    private final int units;
    private final boolean contiguous;

    LaunchGeometry(int computeUnits, boolean contiguous) {
        this.units = Math.max(1, computeUnits);
        this.contiguous = contiguous;
    }

    /** Global and local size of a 1-D launch. */
    record Launch(long global, long local) {
        long groups() {
            return global / local;
        }
    }

    /** The local size to aim for on this device. */
    long localTarget() {
        return contiguous ? CPU_LOCAL_TARGET : GPU_LOCAL_TARGET;
    }

    /**
     * A launch of {@code kernel} for {@code n} elements (global a multiple of local): GPUs get up to
     * {@value #GPU_GROUPS_PER_UNIT} groups per compute unit, CPU devices {@value #CPU_GROUPS_PER_UNIT}.
     */
    Launch of(ClKernel kernel, long n) {
        long local = kernel.localSize(localTarget());
        long perUnit = contiguous ? CPU_GROUPS_PER_UNIT : GPU_GROUPS_PER_UNIT;
        long groups = Math.max(1, Math.min(ceilDiv(Math.max(n, 1), local), units * perUnit));
        return new Launch(groups * local, local);
    }

    /** One work-group of the size GPUs are asked for (a reduction's finish folds its partials in one group). */
    Launch oneGroup(ClKernel kernel) {
        long local = kernel.localSize(GPU_LOCAL_TARGET);
        return new Launch(local, local);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
