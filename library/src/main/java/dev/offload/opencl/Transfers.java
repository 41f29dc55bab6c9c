package dev.offload.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_event;
import org.jocl.cl_mem;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies whole heap arrays into and out of {@link ClBuffer}s, through pinned host memory filled in parallel
 * ({@link HostCopy}). On devices whose memory is host memory (CPU devices, integrated GPUs) the buffer itself is
 * mapped and filled (zero-copy); on discrete GPUs two pinned {@code CL_MEM_ALLOC_HOST_PTR} staging slots stay mapped
 * and feed {@code clEnqueueWriteBuffer}/{@code clEnqueueReadBuffer} window by window, the host filling one slot while
 * the device copies the other ({@link PinnedStaging}). Which one is {@link ClSettings#mappedTransfers()}. Every method
 * runs inside an {@link Enqueue} (the staging slots are guarded by the queue lock). Small buffers shared with the host
 * ({@link ClBuffer#hostView()}) are copied in place, without a command.
 */
final class Transfers {
    private static final long STAGING_BYTES = 32L << 20;      // per slot; two slots
    private static final long MAP_WINDOW_BYTES = 256L << 20;
    /**
     * Up to this many bytes a transfer is one blocking {@code clEnqueueRead/WriteBuffer} on the heap array (JOCL pins
     * it for the call): one wait on the queue instead of a map, a copy, an unmap and a finish. Each wait costs tens of
     * microseconds on PoCL, more than copying 64 KiB; above this the parallel copy through a mapping is faster.
     */
    static final long SMALL_BYTES = 64L << 10;

    private final ClQueue queue;
    private final boolean mapped;
    private final long maxAllocBytes;
    private PinnedStaging staging;          // guarded by the queue lock

    Transfers(ClQueue queue, ClSettings settings) {
        this.queue = queue;
        this.mapped = settings.mappedTransfers();
        this.maxAllocBytes = settings.maxAllocBytes();
    }

    /** Enqueues (and partly runs) the copy of a whole heap array into {@code buf}; the caller finishes {@code q}. */
    void write(Enqueue q, Object array, ClBuffer buf) {
        if (buf.chunkCount() == 0) {
            return;
        }
        int elementBytes = buf.type().bytes();
        ByteBuffer shared = buf.hostView();
        if (shared != null && q.idle()) {
            // No command in flight can read it: fill it in place, no command at all.
            long t0 = System.nanoTime();
            HostCopy.toMapped(array, 0, (int) buf.length(), shared);
            q.phases().upload(System.nanoTime() - t0, buf.length() * elementBytes);
            return;
        }
        if (buf.chunkCount() == 1 && buf.length() * elementBytes <= SMALL_BYTES) {
            long t0 = System.nanoTime();
            CL.clEnqueueWriteBuffer(q.queue(), buf.chunk(0), true, 0, buf.length() * elementBytes,
                    Cl.pointerTo(array), 0, null, q.event(Enqueue.Phase.UPLOAD));
            q.waited(t0);
            q.phases().upload(0, buf.length() * elementBytes);
            return;
        }
        long hostNanos = 0;
        PinnedStaging pinned = mapped ? null : staging();
        cl_event[] inFlight = new cl_event[2];          // the last copy out of each staging slot
        int slot = 0;
        for (int k = 0; k < buf.chunkCount(); k++) {
            cl_mem mem = buf.chunk(k);
            long chunkStart = buf.chunkStart(k);
            long chunkLen = buf.chunkLength(k);
            long window = (pinned == null ? MAP_WINDOW_BYTES : pinned.slotBytes()) / elementBytes;
            for (long off = 0; off < chunkLen; off += window) {
                int count = (int) Math.min(window, chunkLen - off);
                long bytes = (long) count * elementBytes;
                int from = (int) (chunkStart + off);
                if (pinned == null) {
                    // Host-unified memory: fill the buffer itself, no copy.
                    long w0 = System.nanoTime();
                    ByteBuffer view = CL.clEnqueueMapBuffer(q.queue(), mem, true, CL.CL_MAP_WRITE_INVALIDATE_REGION,
                            off * elementBytes, bytes, 0, null, q.event(Enqueue.Phase.UPLOAD), null);
                    q.waited(w0);
                    long t0 = System.nanoTime();
                    try {
                        HostCopy.toMapped(array, from, count, view);
                    } finally {
                        hostNanos += System.nanoTime() - t0;
                        long u0 = System.nanoTime();
                        CL.clEnqueueUnmapMemObject(q.queue(), mem, view, 0, null, q.event(Enqueue.Phase.UPLOAD));
                        q.enqueued(u0);
                    }
                } else {
                    int s = slot++ & 1;
                    if (inFlight[s] != null) {
                        CL.clWaitForEvents(1, new cl_event[] {inFlight[s]});
                    }
                    long t0 = System.nanoTime();
                    HostCopy.toMapped(array, from, count, pinned.slot(s));
                    hostNanos += System.nanoTime() - t0;
                    inFlight[s] = q.event(Enqueue.Phase.UPLOAD);
                    long e0 = System.nanoTime();
                    pinned.write(s, mem, off * elementBytes, bytes, inFlight[s]);
                    q.enqueued(e0);
                }
            }
        }
        q.phases().upload(hostNanos, buf.length() * elementBytes);
    }

    /** Enqueues and runs the copy of {@code buf} into a heap array of its length; the caller finishes {@code q}. */
    void read(Enqueue q, ClBuffer buf, Object array) {
        if (buf.chunkCount() == 0) {
            return;
        }
        int elementBytes = buf.type().bytes();
        ByteBuffer shared = buf.hostView();
        if (shared != null) {
            // One wait for the commands that write it, then a copy: no read command, whose own round trip to the
            // device's threads would cost as much again.
            q.drain();
            long t0 = System.nanoTime();
            HostCopy.fromMapped(shared, array, 0, (int) buf.length());
            q.phases().download(System.nanoTime() - t0, buf.length() * elementBytes);
            return;
        }
        if (buf.chunkCount() == 1 && buf.length() * elementBytes <= SMALL_BYTES) {
            long t0 = System.nanoTime();
            CL.clEnqueueReadBuffer(q.queue(), buf.chunk(0), true, 0, buf.length() * elementBytes,
                    Cl.pointerTo(array), 0, null, q.event(Enqueue.Phase.DOWNLOAD));
            q.waited(t0);
            q.phases().download(0, buf.length() * elementBytes);
            return;
        }
        long hostNanos = 0;
        if (mapped) {
            for (int k = 0; k < buf.chunkCount(); k++) {
                cl_mem mem = buf.chunk(k);
                long chunkLen = buf.chunkLength(k);
                long window = MAP_WINDOW_BYTES / elementBytes;
                for (long off = 0; off < chunkLen; off += window) {
                    int count = (int) Math.min(window, chunkLen - off);
                    long w0 = System.nanoTime();
                    ByteBuffer view = CL.clEnqueueMapBuffer(q.queue(), mem, true, CL.CL_MAP_READ,
                            off * elementBytes, (long) count * elementBytes, 0, null, q.event(Enqueue.Phase.DOWNLOAD),
                            null);
                    q.waited(w0);
                    long t0 = System.nanoTime();
                    try {
                        HostCopy.fromMapped(view, array, (int) (buf.chunkStart(k) + off), count);
                    } finally {
                        hostNanos += System.nanoTime() - t0;
                        long u0 = System.nanoTime();
                        CL.clEnqueueUnmapMemObject(q.queue(), mem, view, 0, null, q.event(Enqueue.Phase.DOWNLOAD));
                        q.enqueued(u0);
                    }
                }
            }
        } else {
            // Windows of at most one staging slot, never crossing a chunk; the device fills one slot while the host
            // empties the other.
            PinnedStaging pinned = staging();
            long window = pinned.slotBytes() / elementBytes;
            List<long[]> windows = new ArrayList<>();       // {chunk, offset in chunk, count}
            for (int k = 0; k < buf.chunkCount(); k++) {
                for (long off = 0; off < buf.chunkLength(k); off += window) {
                    windows.add(new long[] {k, off, Math.min(window, buf.chunkLength(k) - off)});
                }
            }
            cl_event[] ready = new cl_event[2];
            for (int i = 0; i < Math.min(2, windows.size()); i++) {
                ready[i] = enqueueRead(q, pinned, i, buf, windows.get(i), elementBytes);
            }
            for (int i = 0; i < windows.size(); i++) {
                int s = i & 1;
                long[] w = windows.get(i);
                CL.clWaitForEvents(1, new cl_event[] {ready[s]});
                long t0 = System.nanoTime();
                HostCopy.fromMapped(pinned.slot(s), array, (int) (buf.chunkStart((int) w[0]) + w[1]), (int) w[2]);
                hostNanos += System.nanoTime() - t0;
                if (i + 2 < windows.size()) {
                    ready[s] = enqueueRead(q, pinned, s, buf, windows.get(i + 2), elementBytes);
                }
            }
        }
        q.phases().download(hostNanos, buf.length() * elementBytes);
    }

    private static cl_event enqueueRead(Enqueue q, PinnedStaging pinned, int slot, ClBuffer buf, long[] w,
                                        int elementBytes) {
        cl_event e = q.event(Enqueue.Phase.DOWNLOAD);
        long e0 = System.nanoTime();
        pinned.read(slot, buf.chunk((int) w[0]), w[1] * elementBytes, w[2] * elementBytes, e);
        q.enqueued(e0);
        return e;
    }

    /** The pinned staging slots, made on first use (only discrete devices need them). Under the queue lock. */
    private PinnedStaging staging() {
        if (staging == null) {
            staging = new PinnedStaging(queue.context(), queue.queue(),
                    Math.max(8, Math.min(STAGING_BYTES, maxAllocBytes) / 8 * 8));
        }
        return staging;
    }

    /** Releases the staging slots, if any were made. Under the queue lock (at close). */
    void close() {
        if (staging != null) {
            try {
                staging.close();
            } finally {
                staging = null;
            }
        }
    }
}
