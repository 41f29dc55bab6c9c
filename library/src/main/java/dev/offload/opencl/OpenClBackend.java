package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.DeviceException;
import dev.offload.DeviceKind;
import dev.offload.ElementType;
import dev.offload.MapKernel;
import dev.offload.OffloadException;
import dev.offload.OffloadOptions;
import dev.offload.ReduceKernel;
import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;
import dev.offload.backend.KernelSpec;
import dev.offload.backend.LaunchRange;
import dev.offload.backend.Phases;
import dev.offload.backend.PreparedKernel;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_mem;
import org.jocl.cl_queue_properties;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One opened OpenCL device: a context, one in-order command queue with profiling, a program cache, and the buffers
 * made on it. Maps and reductions specialise the skeletons {@code kernels/elementwise.cl} and
 * {@code kernels/reduce.cl} with the kernel's expressions; built-in and user kernels take that one path.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>Threads: every enqueue sequence (set arguments, launch, wait) runs inside an {@link Enqueue}, which holds
 *       the queue lock; kernel objects are shared, so their arguments are only set there. One in-order queue means
 *       the device runs one call at a time anyway.</li>
 *   <li>Launch geometry by device type: on GPUs a grid-stride loop over a few waves of work-groups (coalesced); on
 *       CPU and accelerator devices one contiguous slice per work-item, which PoCL runs 30-60 times faster
 *       ({@link OffloadOptions#withLayout} forces one).</li>
 *   <li>Chunks: no {@code cl_mem} may exceed {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}
 *       ({@link OffloadOptions#withMaxAllocationBytes} lowers it). A buffer of type {@code t} holds {@code unit * 8 / t.bytes()}
 *       elements per chunk, {@code unit = maxAlloc / 8}, so a chunk of a wider type always lies inside one chunk of
 *       a narrower one and a map runs chunk by chunk of its output.</li>
 *   <li>Transfers: heap arrays go through pinned host memory, filled in parallel ({@link HostCopy}). On devices whose
 *       memory is host memory (CPU devices, integrated GPUs) the buffer itself is mapped and filled (zero-copy);
 *       on discrete GPUs two pinned {@code CL_MEM_ALLOC_HOST_PTR} staging slots stay mapped and feed
 *       {@code clEnqueueWriteBuffer}/{@code clEnqueueReadBuffer} window by window, the host filling one slot while
 *       the device copies the other ({@link PinnedStaging}). {@link OffloadOptions#withTransfer}
 *       forces one path, for tests and measurements.</li>
 * </ul>
 */
final class OpenClBackend implements Backend {
    /** Build options of every program: the kernels need OpenCL C 1.2 (64-bit integers, map flags). */
    static final String BUILD_OPTIONS = "-cl-std=CL1.2";

    private static final long STAGING_BYTES = 32L << 20;      // per slot; two slots
    private static final long POOL_BYTES = 4L << 30;
    // Buffers are reused only at their exact size: a workload of many sizes would otherwise fill the pool with
    // buffers never asked for again (up to POOL_BYTES of device, or on CPU devices host, memory).
    static final int POOL_MAX_BUFFERS = 32;
    private static final long MAP_WINDOW_BYTES = 256L << 20;
    /** Work-items per group asked for on GPUs (the kernel's limit may be lower); the text passes use it too. */
    static final long GPU_LOCAL_TARGET = 256;
    private static final long GPU_GROUPS_PER_UNIT = 16;
    // Measured on PoCL (2^24 ints, 2 cores): contiguous slices beat a grid-stride loop 30-60x; local sizes 1-4096
    // and 1-8 groups per core were within noise of each other. A group on a CPU device runs as one loop on one core.
    static final long CPU_LOCAL_TARGET = 8;
    private static final long CPU_GROUPS_PER_UNIT = 4;

    private final ClDevice clDevice;
    private final cl_context context;
    private final cl_command_queue queue;
    private final ReentrantLock queueLock = new ReentrantLock();
    // Creating a buffer outside the queue lock must not race with close() releasing the context (a use after free in
    // the driver): obtain() creates under the read lock, close() releases under the write lock.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Programs programs;
    private final Set<ClBuffer> live = ConcurrentHashMap.newKeySet();
    private final long maxAllocBytes;
    private final boolean mappedTransfers;
    private final boolean contiguous;
    private final OpenClText text;
    private record Pooled(cl_mem mem, long bytes) {
    }

    private final ArrayDeque<Pooled> pool = new ArrayDeque<>();   // free buffers, newest first; guarded by itself
    private final long poolCapacity;
    private long pooledBytes;               // guarded by pool
    private PinnedStaging staging;          // guarded by queueLock
    private volatile boolean closed;

    private OpenClBackend(ClDevice clDevice, cl_context context, cl_command_queue queue, long maxAllocBytes,
                          boolean mappedTransfers, boolean contiguous, long maxLocal, OffloadOptions options) {
        this.clDevice = clDevice;
        this.context = context;
        this.queue = queue;
        this.maxAllocBytes = maxAllocBytes;
        this.mappedTransfers = mappedTransfers;
        this.contiguous = contiguous;
        this.programs = new Programs(context, clDevice.id(), clDevice.device().name(), maxLocal, queueLock,
                ProgramBinaryCache.forDevice(clDevice.id(), options));
        this.poolCapacity = Math.min(clDevice.device().globalMemory() / 4, POOL_BYTES);
        this.text = new OpenClText(this);
    }

    /** Opens a context and a profiling queue on the device, configured by {@code options}. */
    static OpenClBackend open(ClDevice d, OffloadOptions options) {
        long maxAlloc = options.maxAllocationBytes() == 0 ? d.device().maxAllocation()
                : Math.min(options.maxAllocationBytes(), d.device().maxAllocation());
        boolean mapped = switch (options.transfer()) {
            case AUTO -> d.hostUnifiedMemory();
            case MAPPED -> true;
            case STAGED -> false;
        };
        boolean contiguous = switch (options.layout()) {
            case AUTO -> d.device().kind() != DeviceKind.GPU;
            case CONTIGUOUS -> true;
            case GRID_STRIDE -> false;
        };
        long maxLocal = options.maxLocalSize() == 0 ? Long.MAX_VALUE : options.maxLocalSize();
        cl_context context = null;
        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL.CL_CONTEXT_PLATFORM, d.platform());
            context = CL.clCreateContext(props, 1, new cl_device_id[] {d.id()}, null, null, null);
            cl_command_queue queue = createQueue(context, d);
            return new OpenClBackend(d, context, queue, maxAlloc, mapped, contiguous, maxLocal, options);
        } catch (CLException e) {
            if (context != null) {
                CL.clReleaseContext(context);
            }
            throw Cl.failure("cannot open " + d.device().describe(), e);
        }
    }

    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue(cl_context context, ClDevice d) {
        if (d.platformMajor() >= 2) {
            cl_queue_properties qp = new cl_queue_properties();
            qp.addProperty(CL.CL_QUEUE_PROPERTIES, CL.CL_QUEUE_PROFILING_ENABLE);
            return CL.clCreateCommandQueueWithProperties(context, d.id(), qp, null);
        }
        return CL.clCreateCommandQueue(context, d.id(), CL.CL_QUEUE_PROFILING_ENABLE, null);
    }

    // ---------------------------------------------------------------- internal API (see package-info)

    @Override
    public Device device() {
        return clDevice.device();
    }

    /** The OpenCL context. */
    cl_context context() {
        return context;
    }

    /** The OpenCL device handle. */
    cl_device_id deviceId() {
        return clDevice.id();
    }

    /** Whether the device does double precision. */
    boolean fp64() {
        return clDevice.fp64();
    }

    /** The program cache. */
    Programs programs() {
        return programs;
    }

    /** Takes the queue for one enqueue sequence; close it (try-with-resources) to give it back. */
    Enqueue enqueue(Phases phases) {
        // Checked under the lock: a close() that ran between a check and the lock has released the queue.
        queueLock.lock();
        try {
            ensureOpen();
            return new Enqueue(queue, queueLock, phases);     // takes the (reentrant) lock once more, for itself
        } finally {
            queueLock.unlock();
        }
    }

    /** A kernel from a class path resource specialised by {@code prefix}, built with {@link #BUILD_OPTIONS}. */
    ClKernel kernel(String resource, String prefix, String kernelName) {
        ensureOpen();
        return programs.kernel(resource, prefix, BUILD_OPTIONS, kernelName);
    }

    /** Elements per chunk for buffers of {@code type}. */
    long chunkElements(ElementType type) {
        return Math.max(1, maxAllocBytes / 8) * (8 / type.bytes());
    }

    /** The largest single buffer in bytes (the device's, or the test override). */
    long maxAllocBytes() {
        return maxAllocBytes;
    }

    /** Whether heap arrays are copied by mapping the buffer itself (true) or through a pinned staging buffer. */
    boolean mappedTransfers() {
        return mappedTransfers;
    }

    /** Whether kernels should walk contiguous slices per work-item (CPU devices) or grid-stride (GPUs). */
    boolean contiguous() {
        return contiguous;
    }

    /**
     * A launch for {@code n} elements of {@code kernel}: global and local size (global a multiple of local). GPUs get
     * up to {@value #GPU_GROUPS_PER_UNIT} groups per compute unit for a grid-stride loop; CPU devices a few small
     * groups per core, each work-item walking a contiguous slice.
     */
    Launch launch(ClKernel kernel, long n) {
        int units = Math.max(1, device().computeUnits());
        long local = kernel.localSize(contiguous ? CPU_LOCAL_TARGET : GPU_LOCAL_TARGET);
        long perUnit = contiguous ? CPU_GROUPS_PER_UNIT : GPU_GROUPS_PER_UNIT;
        long groups = Math.max(1, Math.min(ceilDiv(Math.max(n, 1), local), units * perUnit));
        return new Launch(groups * local, local);
    }

    /** Global and local size of a 1-D launch. */
    record Launch(long global, long local) {
        long groups() {
            return global / local;
        }
    }

    /** A new, uninitialised device buffer of {@code length} elements (no chunks when empty); the caller owns it. */
    ClBuffer allocate(ElementType type, long length) {
        ensureOpen();
        long per = chunkElements(type);
        List<cl_mem> chunks = new ArrayList<>();
        try {
            for (long start = 0; start < length; start += per) {
                chunks.add(obtain(Math.min(per, length - start) * type.bytes()));
            }
        } catch (CLException | IllegalStateException e) {
            // IllegalStateException: the backend closed while the chunks were being made.
            for (int k = 0; k < chunks.size(); k++) {
                recycle(chunks.get(k), Math.min(per, length - k * per) * type.bytes());
            }
            if (e instanceof CLException cl) {
                throw Cl.failure("cannot allocate " + length + " x " + type.tag() + " on " + device().describe(), cl);
            }
            throw e;
        }
        ClBuffer b = new ClBuffer(this, type, length, per, chunks);
        live.add(b);
        if (closed) {
            // close() may have taken its snapshot of live buffers before this one joined it.
            b.close();
            ensureOpen();
        }
        return b;
    }

    /**
     * A device buffer of exactly {@code bytes}, from the pool when one of that size is free. Fresh memory is costly
     * on every device (first-touch page faults on CPU devices, driver allocation and pinning on GPUs), and calls on
     * host arrays allocate and free buffers of the same sizes again and again, so freed buffers are kept for reuse.
     */
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
        long flags = CL.CL_MEM_READ_WRITE | (clDevice.hostUnifiedMemory() ? CL.CL_MEM_ALLOC_HOST_PTR : 0);
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            try {
                return CL.clCreateBuffer(context, flags, bytes, null, null);
            } catch (CLException e) {
                if (e.getStatus() != CL.CL_MEM_OBJECT_ALLOCATION_FAILURE && e.getStatus() != CL.CL_OUT_OF_RESOURCES
                        && e.getStatus() != CL.CL_OUT_OF_HOST_MEMORY) {
                    throw e;
                }
                trimPool();          // the pool may hold the memory we need: give it back and try once more
                return CL.clCreateBuffer(context, flags, bytes, null, null);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * Gives a buffer of {@code bytes} back: kept in the pool while it fits, the least recently pooled buffers released
     * to keep the pool within {@link #POOL_MAX_BUFFERS} buffers and its byte capacity.
     */
    void recycle(cl_mem m, long bytes) {
        List<cl_mem> evicted = new ArrayList<>();
        synchronized (pool) {
            if (closed || bytes > poolCapacity) {
                evicted.add(m);
            } else {
                pool.addFirst(new Pooled(m, bytes));
                pooledBytes += bytes;
                while (pool.size() > POOL_MAX_BUFFERS || pooledBytes > poolCapacity) {
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
    int pooledBuffers() {
        synchronized (pool) {
            return pool.size();
        }
    }

    /** Releases every pooled buffer. */
    void trimPool() {
        List<cl_mem> free = new ArrayList<>();
        synchronized (pool) {
            pool.forEach(p -> free.add(p.mem()));
            pool.clear();
            pooledBytes = 0;
        }
        free.forEach(OpenClBackend::releaseQuietly);
    }

    /** Called by {@link ClBuffer#close()}. */
    void forget(ClBuffer b) {
        live.remove(b);
    }

    /** This backend's buffer behind {@code b}. @throws IllegalArgumentException for another backend's buffer */
    ClBuffer own(Buffer b) {
        Objects.requireNonNull(b, "buffer");
        if (b instanceof ClBuffer c && c.owner() == this) {
            return c;
        }
        throw new IllegalArgumentException("buffer from another backend: " + b);
    }

    // ---------------------------------------------------------------- transfers

    @Override
    public ClBuffer upload(Object array, Phases phases) {
        Objects.requireNonNull(array, "array");
        ElementType type = ElementType.ofArray(array);
        int n = ElementType.lengthOf(array);
        ClBuffer buf = allocate(type, n);
        try (Enqueue q = enqueue(phases)) {
            write(q, array, buf);
            q.finish();
            return buf;
        } catch (CLException e) {
            buf.close();
            throw Cl.failure("upload of " + n + " x " + type.tag() + " to " + device().describe(), e);
        } catch (RuntimeException | Error e) {
            buf.close();
            throw e;
        }
    }

    @Override
    public Buffer borrow(Object array, Phases phases) {
        return upload(array, phases);
    }

    @Override
    public Object download(Buffer buffer, Phases phases) {
        ClBuffer buf = own(buffer);
        long n = buf.length();
        Object array = newArray(buf.type(), n);
        try (Enqueue q = enqueue(phases)) {
            read(q, buf, array);
            q.finish();
        } catch (CLException e) {
            throw Cl.failure("download of " + buf + " from " + device().describe(), e);
        }
        return array;
    }

    /** Enqueues (and partly runs) the copy of a whole heap array into {@code buf}; the caller finishes {@code q}. */
    void write(Enqueue q, Object array, ClBuffer buf) {
        if (buf.chunkCount() == 0) {
            return;
        }
        int elementBytes = buf.type().bytes();
        long hostNanos = 0;
        PinnedStaging pinned = mappedTransfers ? null : staging();
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
                    ByteBuffer mapped = CL.clEnqueueMapBuffer(q.queue(), mem, true, CL.CL_MAP_WRITE_INVALIDATE_REGION,
                            off * elementBytes, bytes, 0, null, q.event(Enqueue.Phase.UPLOAD), null);
                    long t0 = System.nanoTime();
                    try {
                        HostCopy.toMapped(array, from, count, mapped);
                    } finally {
                        hostNanos += System.nanoTime() - t0;
                        CL.clEnqueueUnmapMemObject(q.queue(), mem, mapped, 0, null, q.event(Enqueue.Phase.UPLOAD));
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
                    pinned.write(s, mem, off * elementBytes, bytes, inFlight[s]);
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
        long hostNanos = 0;
        if (mappedTransfers) {
            for (int k = 0; k < buf.chunkCount(); k++) {
                cl_mem mem = buf.chunk(k);
                long chunkLen = buf.chunkLength(k);
                long window = MAP_WINDOW_BYTES / elementBytes;
                for (long off = 0; off < chunkLen; off += window) {
                    int count = (int) Math.min(window, chunkLen - off);
                    ByteBuffer mapped = CL.clEnqueueMapBuffer(q.queue(), mem, true, CL.CL_MAP_READ,
                            off * elementBytes, (long) count * elementBytes, 0, null, q.event(Enqueue.Phase.DOWNLOAD),
                            null);
                    long t0 = System.nanoTime();
                    try {
                        HostCopy.fromMapped(mapped, array, (int) (buf.chunkStart(k) + off), count);
                    } finally {
                        hostNanos += System.nanoTime() - t0;
                        CL.clEnqueueUnmapMemObject(q.queue(), mem, mapped, 0, null, q.event(Enqueue.Phase.DOWNLOAD));
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
        pinned.read(slot, buf.chunk((int) w[0]), w[1] * elementBytes, w[2] * elementBytes, e);
        return e;
    }

    /** The pinned staging slots, made on first use (only discrete devices need them). Under the queue lock. */
    private PinnedStaging staging() {
        if (staging == null) {
            staging = new PinnedStaging(context, queue, Math.max(8, Math.min(STAGING_BYTES, maxAllocBytes) / 8 * 8));
        }
        return staging;
    }

    private static Object newArray(ElementType type, long n) {
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a buffer of " + n + " elements does not fit in a Java array");
        }
        return switch (type) {
            case U8 -> new byte[(int) n];
            case I32 -> new int[(int) n];
            case I64 -> new long[(int) n];
            case F64 -> new double[(int) n];
            case F32 -> new float[(int) n];
            case I16 -> new short[(int) n];
            case U16 -> new char[(int) n];
        };
    }

    // ---------------------------------------------------------------- map and reduce

    @Override
    public Buffer map(MapKernel kernel, Buffer input, Phases phases) {
        Objects.requireNonNull(kernel, "kernel");
        ClBuffer in = own(input);
        requireType(kernel.name(), kernel.inputType(), in);
        requireFp64(kernel.name(), kernel.inputType(), kernel.outputType());
        ClBuffer out = allocate(kernel.outputType(), in.length());
        try {
            if (out.length() == 0) {
                return out;
            }
            ClKernel k = kernel("kernels/elementwise.cl", mapPrefix(kernel), kernel.name());
            try (Enqueue q = enqueue(phases)) {
                for (int j = 0; j < out.chunkCount(); j++) {
                    long start = out.chunkStart(j);
                    long n = out.chunkLength(j);
                    // Output elements are at least as wide as input ones, so an output chunk lies in one input chunk.
                    int i = (int) (start / in.chunkElements());
                    long inOffset = start - in.chunkStart(i);
                    Launch l = launch(k, n);
                    k.arg(0, in.chunk(i)).arg(1, inOffset).arg(2, out.chunk(j)).arg(3, n);
                    q.launch(k, l.global(), l.local());
                }
                q.finish();
            }
            return out;
        } catch (CLException e) {
            out.close();
            throw Cl.failure("map " + kernel.name() + " on " + device().describe(), e);
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    @Override
    public long reduce(ReduceKernel kernel, Buffer input, Phases phases) {
        Objects.requireNonNull(kernel, "kernel");
        ClBuffer in = own(input);
        requireType(kernel.name(), kernel.inputType(), in);
        requireFp64(kernel.name(), kernel.inputType(), kernel.accumulatorType());
        boolean isDouble = kernel.accumulatorType() == ElementType.F64;
        if (in.length() == 0) {
            return isDouble ? Double.doubleToRawLongBits(kernel.doubleNeutral()) : kernel.longNeutral();
        }
        String prefix = reducePrefix(kernel);
        ClKernel stage1 = kernel("kernels/reduce.cl", prefix, kernel.name());
        ClKernel finish = kernel("kernels/reduce.cl", prefix, kernel.name() + "_finish");
        int accBytes = kernel.accumulatorType().bytes();
        List<Launch> launches = new ArrayList<>();
        long partialCount = 0;
        for (int c = 0; c < in.chunkCount(); c++) {
            Launch l = launch(stage1, in.chunkLength(c));
            launches.add(l);
            partialCount += l.groups();
        }
        cl_mem partials = null;
        cl_mem result = null;
        try {
            partials = obtain(partialCount * accBytes);
            result = obtain(accBytes);
            long[] bits = new long[1];
            try (Enqueue q = enqueue(phases)) {
                long offset = 0;
                for (int c = 0; c < in.chunkCount(); c++) {
                    Launch l = launches.get(c);
                    stage1.arg(0, in.chunk(c)).arg(1, 0L).arg(2, in.chunkLength(c)).arg(3, partials).arg(4, offset)
                            .argLocal(5, l.local() * accBytes);
                    q.launch(stage1, l.global(), l.local());
                    offset += l.groups();
                }
                long local = finish.localSize(GPU_LOCAL_TARGET);
                finish.arg(0, partials).arg(1, partialCount).arg(2, result).argLocal(3, local * accBytes);
                q.launch(finish, local, local);
                // Blocking: JOCL cannot read into a Java array asynchronously.
                CL.clEnqueueReadBuffer(q.queue(), result, true, 0, accBytes, Pointer.to(bits), 0, null,
                        q.event(Enqueue.Phase.DOWNLOAD));
                q.finish();
            }
            phases.download(0, accBytes);
            return bits[0];      // a double's raw bits when the accumulator is f64
        } catch (CLException e) {
            throw Cl.failure("reduce " + kernel.name() + " on " + device().describe(), e);
        } finally {
            try {
                if (partials != null) {
                    recycle(partials, partialCount * accBytes);
                }
                if (result != null) {
                    recycle(result, accBytes);
                }
            } catch (CLException e) {
                // Only reached when releasing fails (a broken context); CLException never leaves the package.
                throw Cl.failure("releasing the scratch of reduce " + kernel.name(), e);
            }
        }
    }

    private String mapPrefix(MapKernel k) {
        StringBuilder sb = new StringBuilder();
        define(sb, "IN_T", k.inputType().openClType());
        define(sb, "OUT_T", k.outputType().openClType());
        define(sb, "MAP(x)", "((OUT_T)(" + oneLine(k.expression()) + "))");
        define(sb, "KERNEL_NAME", k.name());
        define(sb, "CONTIGUOUS", contiguous ? "1" : "0");
        fp64Pragma(sb, k.inputType(), k.outputType());
        return sb.append(k.preamble()).toString();
    }

    private String reducePrefix(ReduceKernel k) {
        StringBuilder sb = new StringBuilder();
        define(sb, "IN_T", k.inputType().openClType());
        define(sb, "ACC_T", k.accumulatorType().openClType());
        define(sb, "MAP(x)", "((ACC_T)(" + oneLine(k.mapExpression()) + "))");
        define(sb, "REDUCE(a, b)", "((ACC_T)(" + oneLine(k.reduceExpression()) + "))");
        define(sb, "NEUTRAL", "((ACC_T)(" + oneLine(k.neutralExpression()) + "))");
        define(sb, "KERNEL_NAME", k.name());
        define(sb, "FINISH_NAME", k.name() + "_finish");
        define(sb, "CONTIGUOUS", contiguous ? "1" : "0");
        fp64Pragma(sb, k.inputType(), k.accumulatorType());
        return sb.append(k.preamble()).toString();
    }

    private static void define(StringBuilder sb, String name, String value) {
        sb.append("#define ").append(name).append(' ').append(value).append('\n');
    }

    private static void fp64Pragma(StringBuilder sb, ElementType a, ElementType b) {
        if (a == ElementType.F64 || b == ElementType.F64) {
            sb.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        }
    }

    /** A macro body is one line; expressions may span several (no {@code //} comments in them). */
    private static String oneLine(String expression) {
        return expression.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private void requireFp64(String kernel, ElementType a, ElementType b) {
        if ((a == ElementType.F64 || b == ElementType.F64) && !clDevice.fp64()) {
            throw new DeviceException("kernel " + kernel + " needs double precision, which "
                    + device().describe() + " lacks (no cl_khr_fp64); use int kernels or the Java backend", "", null);
        }
    }

    private static void requireType(String kernel, ElementType expected, ClBuffer in) {
        if (in.type() != expected) {
            throw new IllegalArgumentException("kernel " + kernel + " takes " + expected.tag() + " input, not "
                    + in.type().tag());
        }
    }

    // ---------------------------------------------------------------- the generic launch path

    /** A kernel spec with its built kernel on this device. */
    private record ClPrepared(KernelSpec spec, ClKernel kernel) implements PreparedKernel {
    }

    @Override
    public Buffer allocate(ElementType type, long length, Phases phases) {
        ClBuffer b = allocate(type, length);
        try (Enqueue q = enqueue(phases)) {
            for (int j = 0; j < b.chunkCount(); j++) {
                CL.clEnqueueFillBuffer(q.queue(), b.chunk(j), Pointer.to(new byte[] {0}), 1, 0,
                        b.chunkLength(j) * type.bytes(), 0, null, q.event(Enqueue.Phase.UPLOAD));
            }
            q.finish();
            return b;
        } catch (CLException e) {
            b.close();
            throw Cl.failure("cannot clear " + length + " x " + type.tag() + " on " + device().describe(), e);
        } catch (RuntimeException | Error e) {
            b.close();
            throw e;
        }
    }

    @Override
    public void downloadInto(Buffer buffer, Object array, Phases phases) {
        ClBuffer buf = own(buffer);
        if (ElementType.ofArray(array) != buf.type() || ElementType.lengthOf(array) != buf.length()) {
            throw new IllegalArgumentException("cannot download " + buf + " into a " + array.getClass().getSimpleName()
                    + " of length " + ElementType.lengthOf(array));
        }
        try (Enqueue q = enqueue(phases)) {
            read(q, buf, array);
            q.finish();
        } catch (CLException e) {
            throw Cl.failure("download of " + buf + " from " + device().describe(), e);
        }
    }

    @Override
    public PreparedKernel prepare(KernelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.needsFp64() && !clDevice.fp64()) {
            requireFp64(spec.name(), ElementType.F64, ElementType.F64);
        }
        ensureOpen();
        String options = BUILD_OPTIONS + " -D OFFLOAD_CONTIGUOUS=" + (contiguous ? 1 : 0)
                + (spec.buildOptions().isEmpty() ? "" : " " + spec.buildOptions());
        return new ClPrepared(spec, programs.kernelFromSource(spec.source(), options, spec.name()));
    }

    @Override
    public int groups(PreparedKernel kernel, int n) {
        return (int) launch(prepared(kernel).kernel(), n).groups();
    }

    @Override
    public void launch(PreparedKernel kernel, LaunchRange range, Object[] args, Phases phases) {
        ClPrepared p = prepared(kernel);
        KernelSpec spec = p.spec();
        spec.check(args);
        if (range.size() == 0) {
            return;
        }
        ClKernel k = p.kernel();
        Launch geometry = range.twoD() ? null : launch(k, range.cols());
        try (Enqueue q = enqueue(phases)) {
            for (int i = 0; i < args.length; i++) {
                setArg(spec, k, i, args[i], geometry);
            }
            if (range.twoD()) {
                // Dimension 0 walks columns: neighbouring work-items touch neighbouring elements of a row-major array.
                q.launch2D(k, range.cols(), range.rows());
            } else {
                q.launch(k, geometry.global(), geometry.local());
            }
            q.finish();
        } catch (CLException e) {
            throw Cl.failure("kernel " + spec.name() + " on " + device().describe(), e);
        }
    }

    private void setArg(KernelSpec spec, ClKernel k, int i, Object arg, Launch geometry) {
        switch (spec.signature().get(i)) {
            case BUFFER -> {
                ClBuffer b = own((Buffer) arg);
                if (b.chunkCount() == 0) {
                    k.argNull(i);
                } else if (b.chunkCount() == 1) {
                    k.arg(i, b.chunk(0));
                } else {
                    throw new DeviceException("kernel " + spec.name() + " argument " + i + " (" + b.length() + " x "
                            + b.type().tag() + ") is larger than the largest buffer of " + device().describe() + " ("
                            + maxAllocBytes + " bytes)", "", null);
                }
            }
            case BYTE -> k.argValue(i, 1, Pointer.to(new byte[] {(Byte) arg}));
            case SHORT -> k.argValue(i, 2, Pointer.to(new short[] {(Short) arg}));
            case CHAR -> k.argValue(i, 2, Pointer.to(new char[] {(Character) arg}));
            case INT -> k.argInt(i, (Integer) arg);
            case LONG -> k.arg(i, (long) (Long) arg);
            case FLOAT -> k.argValue(i, 4, Pointer.to(new float[] {(Float) arg}));
            case DOUBLE -> k.argValue(i, 8, Pointer.to(new double[] {(Double) arg}));
            case LOCAL_PER_ITEM -> {
                if (geometry == null) {
                    throw new IllegalArgumentException("kernel " + spec.name() + ": local memory needs a 1-D range");
                }
                k.argLocal(i, geometry.local() * (Integer) arg);
            }
        }
    }

    private ClPrepared prepared(PreparedKernel kernel) {
        if (kernel instanceof ClPrepared p && p.kernel().queueLock() == queueLock) {
            return p;
        }
        throw new IllegalArgumentException("kernel prepared by another backend: " + kernel);
    }

    // ---------------------------------------------------------------- text (OpenClText)

    @Override
    public Buffer wordLengths(Buffer utf8, Phases phases) {
        return text.wordLengths(utf8, phases);
    }

    @Override
    public long[] wordLengthHistogram(Buffer utf8, Phases phases) {
        return text.wordLengthHistogram(utf8, phases);
    }

    @Override
    public long wordCount(Buffer utf8, Phases phases) {
        return text.wordCount(utf8, phases);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Releases buffers still open, the staging buffer, programs, queue and context. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        queueLock.lock();    // waits for the call in flight, if any
        lifecycle.writeLock().lock();       // and for buffers being created outside the queue lock
        try {
            if (closed) {
                return;
            }
            closed = true;
            OffloadException failure = null;
            try {
                CL.clFinish(queue);
            } catch (CLException e) {
                failure = Cl.failure("finishing the queue of " + device().describe(), e);
            }
            for (ClBuffer b : List.copyOf(live)) {
                try {
                    b.close();
                } catch (OffloadException e) {
                    failure = first(failure, e);
                }
            }
            try {
                programs.close();
            } catch (OffloadException e) {
                failure = first(failure, e);
            }
            trimPool();
            if (staging != null) {
                try {
                    staging.close();
                } catch (CLException e) {
                    failure = first(failure, Cl.failure("releasing the staging buffers of " + device().describe(), e));
                }
                staging = null;
            }
            try {
                CL.clReleaseCommandQueue(queue);
            } catch (CLException e) {
                failure = first(failure, Cl.failure("releasing the queue of " + device().describe(), e));
            }
            try {
                CL.clReleaseContext(context);
            } catch (CLException e) {
                failure = first(failure, Cl.failure("releasing the context of " + device().describe(), e));
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lifecycle.writeLock().unlock();
            queueLock.unlock();
        }
    }

    private static OffloadException first(OffloadException first, OffloadException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static void releaseQuietly(cl_mem m) {
        if (m != null) {
            try {
                CL.clReleaseMemObject(m);
            } catch (CLException ignored) {
                // only reached on a context that is already broken; the caller's failure says more
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL backend is closed: " + device().describe());
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return "OpenClBackend[" + device().describe() + (closed ? ", closed" : "") + "]";
    }
}
