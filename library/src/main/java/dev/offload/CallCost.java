package dev.offload;

/**
 * What one call on host data costs on one backend, as measured: a fixed part (launch, wake-ups, the blocking read)
 * and a part per byte the call moves (uploads, the pass itself, downloads). A straight line is enough to place the
 * crossover between a device and the CPU: both parts were measured on this machine, not assumed.
 *
 * @param fixedNanos   nanoseconds of a call on almost no data
 * @param nanosPerByte nanoseconds added per byte of input and output
 */
record CallCost(long fixedNanos, double nanosPerByte) {

    CallCost {
        if (fixedNanos < 0 || !(nanosPerByte >= 0) || Double.isInfinite(nanosPerByte)) {
            throw new IllegalArgumentException("not a cost: " + fixedNanos + " ns + " + nanosPerByte + " ns/B");
        }
    }

    /** The line through a call on {@code smallBytes} taking {@code smallNanos} and one on {@code largeBytes}. */
    static CallCost through(long smallBytes, long smallNanos, long largeBytes, long largeNanos) {
        double slope = Math.max(0, (double) (largeNanos - smallNanos) / Math.max(1, largeBytes - smallBytes));
        return new CallCost(smallNanos, slope);
    }

    /** The expected nanoseconds of a call that moves {@code bytes}. */
    double estimate(long bytes) {
        return fixedNanos + nanosPerByte * bytes;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.1f us + %.3f ns/B", fixedNanos / 1e3, nanosPerByte);
    }
}
