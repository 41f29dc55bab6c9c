package dev.offload.backend;

/**
 * Collects how long the phases of one call took, in nanoseconds. Backends add to it; {@link dev.offload.Offload}
 * turns it into a {@link dev.offload.Profile}. OpenCL backends report device time from profiling events, and the
 * host's time launching kernels and waiting for the queue beyond it as queue time; Java backends report their
 * compute time as kernel time. Not thread-safe: one instance per call.
 */
public final class Phases {
    private long uploadNanos;
    private long kernelNanos;
    private long downloadNanos;
    private long queueNanos;
    private long uploadBytes;
    private long downloadBytes;
    private int kernelLaunches;

    /** An empty record: every time, byte count and launch count is zero. */
    public Phases() {
    }

    /** Adds time spent moving data to the device. */
    public void upload(long nanos, long bytes) {
        uploadNanos += nanos;
        uploadBytes += bytes;
    }

    /** Adds time spent computing (one kernel launch, or the Java equivalent). */
    public void kernel(long nanos) {
        kernelNanos += nanos;
        kernelLaunches++;
    }

    /** Adds time spent moving data back to the host. */
    public void download(long nanos, long bytes) {
        downloadNanos += nanos;
        downloadBytes += bytes;
    }

    /**
     * Adds host time spent handing work to a device's queue or waiting for it, beyond the device time of the
     * commands waited for (which the other phases count).
     */
    public void queue(long nanos) {
        queueNanos += nanos;
    }

    /** Time spent launching and waiting beyond the device's own time, ns. */
    public long queueNanos() {
        return queueNanos;
    }

    /** Time spent on uploads, ns. */
    public long uploadNanos() {
        return uploadNanos;
    }

    /** Time spent in kernels, ns. */
    public long kernelNanos() {
        return kernelNanos;
    }

    /** Time spent on downloads, ns. */
    public long downloadNanos() {
        return downloadNanos;
    }

    /** Bytes uploaded. */
    public long uploadBytes() {
        return uploadBytes;
    }

    /** Bytes downloaded. */
    public long downloadBytes() {
        return downloadBytes;
    }

    /** Kernel launches counted. */
    public int kernelLaunches() {
        return kernelLaunches;
    }
}
