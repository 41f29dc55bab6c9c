package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.DeviceException;
import dev.offload.ElementType;
import dev.offload.backend.Backend;
import dev.offload.backend.Backends;
import dev.offload.backend.Phases;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;

import java.util.Objects;

/**
 * Internal, for {@code offload bandwidth} (not API): the time of a device-to-device {@code clEnqueueCopyBuffer}, the
 * ceiling that memory-bound kernels such as a sum of squares are measured against. Device time from profiling
 * events, as for kernels.
 */
public final class CopyBandwidth {
    private static final byte FILL = 0x5A;

    private CopyBandwidth() {
    }

    /**
     * Copies a {@code bytes}-byte device buffer into another {@code reps} times, after one untimed copy, and checks
     * that the copy arrived (first and last byte).
     *
     * @param device an OpenCL device from {@link dev.offload.Offload#devices()}
     * @return the device time of each timed copy, nanoseconds
     * @throws IllegalArgumentException when the device is not an OpenCL device, or bytes or reps are not positive
     * @throws DeviceException          when OpenCL fails, or the copy did not arrive
     */
    public static long[] copyNanos(Device device, long bytes, int reps) {
        Objects.requireNonNull(device, "device");
        if (!device.isOpenCl()) {
            throw new IllegalArgumentException("not an OpenCL device: " + device.describe());
        }
        if (bytes < 1 || reps < 1) {
            throw new IllegalArgumentException("bytes and reps must be positive, got " + bytes + " and " + reps);
        }
        Backend opened = Backends.open(device);
        try (OpenClBackend b = (OpenClBackend) opened;
             ClBuffer src = b.allocate(ElementType.U8, bytes);
             ClBuffer dst = b.allocate(ElementType.U8, bytes)) {
            try (Enqueue q = b.enqueue(new Phases())) {
                // Fill both first: fresh memory pays for page allocation on first touch, which is not bandwidth.
                for (ClBuffer buf : new ClBuffer[] {src, dst}) {
                    for (int k = 0; k < buf.chunkCount(); k++) {
                        CL.clEnqueueFillBuffer(q.queue(), buf.chunk(k), Pointer.to(new byte[] {buf == src ? FILL : 0}),
                                1, 0, buf.chunkLength(k), 0, null, null);
                    }
                }
                q.finish();
            }
            long[] out = new long[reps];
            for (int i = -1; i < reps; i++) {
                Phases ph = new Phases();
                try (Enqueue q = b.enqueue(ph)) {
                    for (int k = 0; k < src.chunkCount(); k++) {
                        CL.clEnqueueCopyBuffer(q.queue(), src.chunk(k), dst.chunk(k), 0, 0, src.chunkLength(k), 0,
                                null, q.event(Enqueue.Phase.KERNEL));
                    }
                    q.finish();
                }
                if (i >= 0) {
                    out[i] = ph.kernelNanos();
                }
            }
            checkArrived(b, dst);
            return out;
        } catch (CLException e) {
            throw Cl.failure("device-to-device copy of " + bytes + " bytes on " + device.describe(), e);
        }
    }

    private static void checkArrived(OpenClBackend b, ClBuffer dst) {
        byte[] first = new byte[1];
        byte[] last = new byte[1];
        int k = dst.chunkCount() - 1;
        try (Enqueue q = b.enqueue(new Phases())) {
            CL.clEnqueueReadBuffer(q.queue(), dst.chunk(0), true, 0, 1, Pointer.to(first), 0, null, null);
            CL.clEnqueueReadBuffer(q.queue(), dst.chunk(k), true, dst.chunkLength(k) - 1, 1, Pointer.to(last), 0,
                    null, null);
            q.finish();
        }
        if (first[0] != FILL || last[0] != FILL) {
            throw new DeviceException("device-to-device copy did not arrive: read back " + first[0] + " and " + last[0]
                    + ", expected " + FILL, "", null);
        }
    }
}
