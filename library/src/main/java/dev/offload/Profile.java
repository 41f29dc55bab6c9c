package dev.offload;

/**
 * Where the time of one call went, split by phase. OpenCL devices measure upload, kernel and download from OpenCL
 * profiling events (device time) plus the host-side copies into and out of pinned memory, counted with the transfer
 * they serve. Java backends report their compute time as kernel time; their only transfer time is the array copy of
 * an explicit {@link Offload#upload(int[])} or {@link DeviceInts#toArray()} (and siblings), since calls on host
 * arrays use the arrays in place.
 *
 * <pre>{@code
 * long s = off.sumOfSquares(xs);
 * Profile p = off.lastProfile();     // of this thread's last call
 * System.out.printf("upload %.2f ms, kernel %.2f ms%n", p.uploadNanos() / 1e6, p.kernelNanos() / 1e6);
 *
 * try (DeviceInts x = off.upload(xs)) {            // a chain of calls, summed
 *     Profile chain = off.lastProfile();
 *     off.sumOfSquares(x);
 *     chain = chain.plus(off.lastProfile());      // "upload_i32+sum_squares_i32_i64"
 * }
 * }</pre>
 *
 * @param device         where the call ran
 * @param operation      the operation's name (a kernel name such as {@code sum_squares_i32_i64})
 * @param uploadNanos    host-to-device transfer time
 * @param kernelNanos    compute time, summed over kernel launches
 * @param downloadNanos  device-to-host transfer time
 * @param wallNanos      the whole call as the caller saw it
 * @param uploadBytes    bytes moved to the device
 * @param downloadBytes  bytes moved back
 * @param kernelLaunches number of kernel launches (or Java compute passes)
 */
public record Profile(Device device, String operation, long uploadNanos, long kernelNanos, long downloadNanos,
                      long wallNanos, long uploadBytes, long downloadBytes, int kernelLaunches) {

    /**
     * The two calls' phases added up, for the total of a chain of calls on one device. The operation is this one's
     * when both are the same, else both joined by {@code "+"}.
     *
     * @param other a profile of a call on the same device
     * @return the sum
     * @throws IllegalArgumentException when {@code other} ran on another device
     */
    public Profile plus(Profile other) {
        java.util.Objects.requireNonNull(other, "other");
        if (!device.equals(other.device)) {
            throw new IllegalArgumentException("cannot add a profile of " + other.device.id() + " to one of "
                    + device.id());
        }
        return new Profile(device, operation.equals(other.operation) ? operation : operation + "+" + other.operation,
                uploadNanos + other.uploadNanos, kernelNanos + other.kernelNanos, downloadNanos + other.downloadNanos,
                wallNanos + other.wallNanos, uploadBytes + other.uploadBytes, downloadBytes + other.downloadBytes,
                kernelLaunches + other.kernelLaunches);
    }

    /** Upload bandwidth in GB/s (10^9 bytes), or 0 when nothing was uploaded. */
    public double uploadGBps() {
        return uploadNanos == 0 ? 0 : (double) uploadBytes / uploadNanos;
    }

    /** Download bandwidth in GB/s (10^9 bytes), or 0 when nothing was downloaded. */
    public double downloadGBps() {
        return downloadNanos == 0 ? 0 : (double) downloadBytes / downloadNanos;
    }

    @Override
    public String toString() {
        return String.format("%s on %s: wall %.3f ms = upload %.3f ms + kernel %.3f ms (%d launches) + download %.3f ms",
                operation, device.id(), wallNanos / 1e6, uploadNanos / 1e6, kernelNanos / 1e6, kernelLaunches,
                downloadNanos / 1e6);
    }
}
