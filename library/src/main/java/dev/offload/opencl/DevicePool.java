package dev.offload.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_mem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Free device buffers kept for reuse at their exact size. Fresh memory is costly on every device (first-touch page
 * faults on CPU devices, driver allocation and pinning on GPUs), and calls on host arrays allocate and free buffers
 * of the same sizes again and again. Reuse is only at the exact size: a workload of many sizes would otherwise fill
 * the pool with buffers never asked for again. At most {@value #MAX_BUFFERS} buffers and a byte capacity, the least
 * recently pooled released first; everything released at close. Thread-safe.
 *
 * <p>Shared buffers ({@link #obtainShared}) are small buffers the host reads and writes in place: a fine-grained SVM
 * allocation with a {@code CL_MEM_USE_HOST_PTR} buffer over it, on devices whose memory is host memory. They spare a
 * small call its queue commands: an upload is a copy into the memory, a download a wait for the queue and a copy
 * out, where each command costs a round trip to PoCL's worker threads (20-40 us, most of a call at n = 8). A released
 * buffer is reference counted by the driver until the commands using it complete, but SVM memory is freed at once,
 * so a shared buffer's memory is only retired when the buffer leaves the pool, and freed by {@link #freeRetired}
 * when no command can be using it. A shared buffer is two objects of the context (the buffer and the SVM
 * allocation), and counts twice against {@value #MAX_BUFFERS}.
 */
final class DevicePool {
    static final int MAX_BUFFERS = 32;
    private static final long MAX_BYTES = 4L << 30;

    /**
     * Host-visible device memory: a buffer whose storage is a fine-grained SVM allocation, and a view of it.
     *
     * @param mem  the buffer, a kernel argument like any other
     * @param svm  the SVM allocation under it
     * @param view the allocation as a direct buffer in native order; read or written only while no command that
     *             uses the buffer is in flight
     */
    record Shared(cl_mem mem, Pointer svm, ByteBuffer view) {
    }

    private record Pooled(cl_mem mem, long bytes, Shared shared) {
    }

    private final ClQueue queue;
    private final long flags;
    private final long capacity;
    private final boolean shares;
    private final ArrayDeque<Pooled> pool = new ArrayDeque<>();   // newest first; guarded by itself
    private long pooledBytes;                                      // guarded by pool
    private int pooledObjects;                                     // guarded by pool: a shared buffer counts 2
    private final List<Pointer> retired = new ArrayList<>();       // SVM memory to free; guarded by pool

    /**
     * A pool for {@code queue}'s context: {@code min(global memory / 4, 4 GiB)}.
     *
     * @param shares whether {@link #obtainShared} makes shared buffers (the device must share fine-grained SVM)
     */
    DevicePool(ClQueue queue, boolean shares) {
        ClDevice d = queue.device();
        this.queue = queue;
        this.flags = CL.CL_MEM_READ_WRITE | (d.hostUnifiedMemory() ? CL.CL_MEM_ALLOC_HOST_PTR : 0);
        this.capacity = Math.min(d.device().globalMemory() / 4, MAX_BYTES);
        this.shares = shares && d.fineGrainSvm();
    }

    /** Whether {@link #obtainShared} makes shared buffers. */
    boolean shares() {
        return shares;
    }

    /** A device buffer of exactly {@code bytes}, from the pool when one of that size is free. */
    cl_mem obtain(long bytes) {
        Pooled p = take(bytes, false);
        if (p != null) {
            return p.mem();
        }
        return queue.whileOpen(() -> {
            try {
                return CL.clCreateBuffer(queue.context(), flags, bytes, null, null);
            } catch (CLException e) {
                if (!outOfMemory(e)) {
                    throw e;
                }
                trim();          // the pool may hold the memory we need: give it back and try once more
                return CL.clCreateBuffer(queue.context(), flags, bytes, null, null);
            }
        });
    }

    /**
     * A shared buffer of exactly {@code bytes}, from the pool when one of that size is free, or null when this pool
     * makes none or the device has no SVM memory left (the caller then takes a plain buffer).
     */
    Shared obtainShared(long bytes) {
        if (!shares) {
            return null;
        }
        Pooled p = take(bytes, true);
        if (p != null) {
            return p.shared();
        }
        return queue.whileOpen(() -> {
            Pointer svm = svmAlloc(bytes);
            if (svm == null) {
                trim();
                svm = svmAlloc(bytes);
                if (svm == null) {
                    return null;
                }
            }
            try {
                cl_mem mem = CL.clCreateBuffer(queue.context(), CL.CL_MEM_READ_WRITE | CL.CL_MEM_USE_HOST_PTR, bytes,
                        svm, null);
                return new Shared(mem, svm, svm.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder()));
            } catch (CLException e) {
                CL.clSVMFree(queue.context(), svm);         // no command has seen it
                if (outOfMemory(e)) {
                    return null;
                }
                throw e;
            }
        });
    }

    private Pointer svmAlloc(long bytes) {
        Pointer svm = CL.clSVMAlloc(queue.context(), CL.CL_MEM_READ_WRITE | CL.CL_MEM_SVM_FINE_GRAIN_BUFFER, bytes, 0);
        return svm == null || svm.getNativePointer() == 0 ? null : svm;
    }

    private static boolean outOfMemory(CLException e) {
        return e.getStatus() == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL.CL_OUT_OF_RESOURCES
                || e.getStatus() == CL.CL_OUT_OF_HOST_MEMORY;
    }

    /** The newest pooled buffer of exactly {@code bytes} and kind, taken out of the pool, or null. */
    private Pooled take(long bytes, boolean shared) {
        synchronized (pool) {
            for (var it = pool.iterator(); it.hasNext(); ) {
                Pooled p = it.next();
                if (p.bytes() == bytes && (p.shared() != null) == shared) {
                    it.remove();
                    pooledBytes -= bytes;
                    pooledObjects -= objects(p);
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * A new buffer of {@code bytes} holding a copy of {@code array}, made by the driver as it creates the buffer
     * ({@code CL_MEM_COPY_HOST_PTR}): no command, so no wait on the queue. For small arrays only: the copy runs in the
     * calling thread and the buffer is not taken from the pool (it joins the pool when it is given back).
     */
    cl_mem copyOf(Object array, long bytes) {
        return queue.whileOpen(() -> CL.clCreateBuffer(queue.context(), flags | CL.CL_MEM_COPY_HOST_PTR, bytes,
                Cl.pointerTo(array), null));
    }

    /**
     * Gives a buffer of {@code bytes} back: kept while it fits, the least recently pooled buffers released to keep
     * the pool within its count and byte capacity. Released at once when the queue is closing.
     */
    void recycle(cl_mem m, long bytes) {
        recycle(new Pooled(m, bytes, null));
    }

    /** Gives a shared buffer of {@code bytes} back, as {@link #recycle(cl_mem, long)}. */
    void recycle(Shared s, long bytes) {
        recycle(new Pooled(s.mem(), bytes, s));
    }

    private void recycle(Pooled p) {
        List<Pooled> evicted = new ArrayList<>();
        synchronized (pool) {
            if (queue.isClosed() || p.bytes() > capacity) {
                evicted.add(p);
            } else {
                pool.addFirst(p);
                pooledBytes += p.bytes();
                pooledObjects += objects(p);
                while (pooledObjects > MAX_BUFFERS || pooledBytes > capacity) {
                    Pooled old = pool.removeLast();
                    pooledBytes -= old.bytes();
                    pooledObjects -= objects(old);
                    evicted.add(old);
                }
            }
        }
        CLException first = null;
        for (Pooled e : evicted) {
            try {
                release(e);
            } catch (CLException x) {
                first = first == null ? x : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static int objects(Pooled p) {
        return p.shared() == null ? 1 : 2;
    }

    /** Releases a buffer; a shared one's SVM memory is retired, to be freed by {@link #freeRetired}. */
    private void release(Pooled p) {
        try {
            CL.clReleaseMemObject(p.mem());
        } finally {
            if (p.shared() != null) {
                synchronized (pool) {
                    retired.add(p.shared().svm());
                }
            }
        }
    }

    /** Whether some SVM memory waits for {@link #freeRetired}. */
    boolean hasRetired() {
        synchronized (pool) {
            return !retired.isEmpty();
        }
    }

    /**
     * Frees the SVM memory of shared buffers that have left the pool. Only while no command is in flight on the
     * queue: under the queue lock outside a turn or in an idle one (every turn waits for its commands before it
     * ends), or at close, after the queue has finished.
     */
    void freeRetired() {
        List<Pointer> free;
        synchronized (pool) {
            if (retired.isEmpty()) {
                return;
            }
            free = new ArrayList<>(retired);
            retired.clear();
        }
        for (Pointer svm : free) {
            CL.clSVMFree(queue.context(), svm);
        }
    }

    /** Number of buffers in the pool (for tests). */
    int size() {
        synchronized (pool) {
            return pool.size();
        }
    }

    /** Releases every pooled buffer (the SVM memory of shared ones is retired, see {@link #freeRetired}). */
    void trim() {
        List<Pooled> free;
        synchronized (pool) {
            free = new ArrayList<>(pool);
            pool.clear();
            pooledBytes = 0;
            pooledObjects = 0;
        }
        for (Pooled p : free) {
            try {
                release(p);
            } catch (CLException ignored) {
                // only reached on a context that is already broken; the caller's failure says more
            }
        }
    }
}
