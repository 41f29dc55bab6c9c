package dev.offload.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_mem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Free device buffers kept for reuse at their exact size. Fresh memory is costly on every device (first-touch page
 * faults on CPU devices, driver allocation and pinning on GPUs), and calls on host arrays allocate and free buffers
 * of the same sizes again and again. Reuse is only at the exact size: a workload of many sizes would otherwise fill
 * the pool with buffers never asked for again. At most {@value #MAX_BUFFERS} buffers and a byte capacity, the least
 * recently pooled released first; everything released at close. Thread-safe.
 */
final class DevicePool {
    static final int MAX_BUFFERS = 32;
    private static final long MAX_BYTES = 4L << 30;

    private record Pooled(cl_mem mem, long bytes) {
    }

    private final ClQueue queue;
    private final long flags;
    private final long capacity;
    private final ArrayDeque<Pooled> pool = new ArrayDeque<>();   // newest first; guarded by itself
    private long pooledBytes;                                      // guarded by pool

    /** A pool for {@code queue}'s context: {@code min(global memory / 4, 4 GiB)}. */
    DevicePool(ClQueue queue) {
        ClDevice d = queue.device();
        this.queue = queue;
        this.flags = CL.CL_MEM_READ_WRITE | (d.hostUnifiedMemory() ? CL.CL_MEM_ALLOC_HOST_PTR : 0);
        this.capacity = Math.min(d.device().globalMemory() / 4, MAX_BYTES);
    }

    /** A device buffer of exactly {@code bytes}, from the pool when one of that size is free. */
    cl_mem obtain(long bytes) {
        synchronized (pool) {
            for (var it = pool.iterator(); it.hasNext(); ) {
                Pooled p = it.next();
                if (p.bytes() == bytes) {
                    it.remove();
                    pooledBytes -= bytes;
                    return p.mem();
                }
            }
        }
        return queue.whileOpen(() -> {
            try {
                return CL.clCreateBuffer(queue.context(), flags, bytes, null, null);
            } catch (CLException e) {
                if (e.getStatus() != CL.CL_MEM_OBJECT_ALLOCATION_FAILURE && e.getStatus() != CL.CL_OUT_OF_RESOURCES
                        && e.getStatus() != CL.CL_OUT_OF_HOST_MEMORY) {
                    throw e;
                }
                trim();          // the pool may hold the memory we need: give it back and try once more
                return CL.clCreateBuffer(queue.context(), flags, bytes, null, null);
            }
        });
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
        List<cl_mem> evicted = new ArrayList<>();
        synchronized (pool) {
            if (queue.isClosed() || bytes > capacity) {
                evicted.add(m);
            } else {
                pool.addFirst(new Pooled(m, bytes));
                pooledBytes += bytes;
                while (pool.size() > MAX_BUFFERS || pooledBytes > capacity) {
                    Pooled old = pool.removeLast();
                    pooledBytes -= old.bytes();
                    evicted.add(old.mem());
                }
            }
        }
        CLException first = null;
        for (cl_mem e : evicted) {
            try {
                CL.clReleaseMemObject(e);
            } catch (CLException x) {
                first = first == null ? x : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Number of buffers in the pool (for tests). */
    int size() {
        synchronized (pool) {
            return pool.size();
        }
    }

    /** Releases every pooled buffer. */
    void trim() {
        List<cl_mem> free = new ArrayList<>();
        synchronized (pool) {
            pool.forEach(p -> free.add(p.mem()));
            pool.clear();
            pooledBytes = 0;
        }
        for (cl_mem m : free) {
            try {
                CL.clReleaseMemObject(m);
            } catch (CLException ignored) {
                // only reached on a context that is already broken; the caller's failure says more
            }
        }
    }
}
