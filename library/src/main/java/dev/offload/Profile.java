package dev.offload;

/**
 * Where the time of one call went, split by phase. OpenCL devices measure upload, kernel and download from OpenCL
 * profiling events (device time) plus the host-side copies into and out of pinned memory, counted with the transfer
 * they serve, and report as queue time what the host spent launching kernels and waiting for the device's queue
 * beyond the device time of the commands it waited for: the runtime's launch and wake-up latency, which on a CPU
 * runtime is most of a small call (PoCL: 20-40 us a call, against a kernel of a microsecond at n = 8). Java
 * backends report their compute time as kernel time and no queue time; their only transfer time is the array copy
 * of an explicit {@link Offload#upload(int[])} or {@link DeviceInts#toArray()} (and siblings), since calls on host
 * arrays use the arrays in place. What is left of the wall time is {@linkplain #hostNanos() host} time.
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
 * @param queueNanos     host time launching kernels and waiting for the device's queue beyond the device time of
 *                       the commands waited for (0 on the Java backends)
 */
public record Profile(Device device, String operation, long uploadNanos, long kernelNanos, long downloadNanos,
                      long wallNanos, long uploadBytes, long downloadBytes, int kernelLaunches, long queueNanos) {

    /**
     * A profile without queue time, as the Java backends report it (the components before {@code queueNanos}).
     *
     * @param device         where the call ran
     * @param operation      the operation's name
     * @param uploadNanos    host-to-device transfer time
     * @param kernelNanos    compute time, summed over kernel launches
     * @param downloadNanos  device-to-host transfer time
     * @param wallNanos      the whole call as the caller saw it
     * @param uploadBytes    bytes moved to the device
     * @param downloadBytes  bytes moved back
     * @param kernelLaunches number of kernel launches (or Java compute passes)
     */
    public Profile(Device device, String operation, long uploadNanos, long kernelNanos, long downloadNanos,
                   long wallNanos, long uploadBytes, long downloadBytes, int kernelLaunches) {
        this(device, operation, uploadNanos, kernelNanos, downloadNanos, wallNanos, uploadBytes, downloadBytes,
                kernelLaunches, 0);
    }

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
                kernelLaunches + other.kernelLaunches, queueNanos + other.queueNanos);
    }

    /**
     * Upload bandwidth in GB/s (10^9 bytes), or 0 when nothing was uploaded.
     *
     * @return the bandwidth
     */
    public double uploadGBps() {
        return uploadNanos == 0 ? 0 : (double) uploadBytes / uploadNanos;
    }

    /**
     * Download bandwidth in GB/s (10^9 bytes), or 0 when nothing was downloaded.
     *
     * @return the bandwidth
     */
    public double downloadGBps() {
        return downloadNanos == 0 ? 0 : (double) downloadBytes / downloadNanos;
    }

    /**
     * The part of the wall time outside the measured phases: what the host did around them (argument checks, kernel
     * builds on first use, allocations, bookkeeping). Negative when device-measured phases overlapped, or their
     * clock ran apart from the host's.
     *
     * @return {@code wallNanos - uploadNanos - kernelNanos - downloadNanos - queueNanos}
     */
    public long hostNanos() {
        return wallNanos - uploadNanos - kernelNanos - downloadNanos - queueNanos;
    }

    /**
     * One line whose parts add up to the wall time, in milliseconds with three decimals, e.g.
     * {@code sum_i32_i64 on java: wall 0.011 ms: upload 0.000 + kernel 0.000 (1 launches) + download 0.005
     * + host 0.006}, with {@code + queue} before {@code host} when there is queue time
     * ({@code ... + download 0.000 + queue 0.031 + host 0.002}). Each phase is rounded to the microsecond and host is
     * what remains of the rounded wall, so the printed numbers add up exactly.
     */
    @Override
    public String toString() {
        long wall = micros(wallNanos);
        long up = micros(uploadNanos);
        long kernel = micros(kernelNanos);
        long down = micros(downloadNanos);
        long queue = micros(queueNanos);
        long host = wall - up - kernel - down - queue;
        return String.format(java.util.Locale.ROOT,
                "%s on %s: wall %s ms: upload %s + kernel %s (%d launches) + download %s%s %s host %s",
                operation, device.id(), ms(wall), ms(up), ms(kernel), kernelLaunches, ms(down),
                queueNanos == 0 ? "" : " + queue " + ms(queue), host < 0 ? "-" : "+", ms(Math.abs(host)));
    }

    private static long micros(long nanos) {
        return Math.round(nanos / 1e3);
    }

    private static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%d.%03d", micros / 1000, micros % 1000);
    }
}
