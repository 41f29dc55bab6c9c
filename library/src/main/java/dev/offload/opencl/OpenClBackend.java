package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.DeviceException;
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
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One opened OpenCL device, as the {@link Backend} SPI sees it: a thin adapter over the classes that each do one
 * job — {@link ClQueue} (context, queue, lifecycle), {@link DevicePool} (free buffers reused at their size),
 * {@link Transfers} (heap arrays in and out, mapped or staged), {@link LaunchGeometry} (global and local sizes),
 * {@link Programs} (built programs, cached in memory and on disk) and {@link ClSettings} (the options resolved for
 * the device). Maps, reductions and the text passes reach it as {@link KernelSpec}s launched by the plans of
 * {@code dev.offload.backend}, with the memory calls they need between launches (fill, device copy, small reads).
 *
 * <p>Chunks: no {@code cl_mem} may exceed {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE} ({@link OffloadOptions} may lower
 * it), so a {@link ClBuffer} is a list of chunks ({@link ClSettings#chunkElements}), each passed to a launch as a
 * chunk view.
 */
final class OpenClBackend implements Backend {
    /** Build options of every program: the kernels need OpenCL C 1.2 (64-bit integers, map flags). */
    static final String BUILD_OPTIONS = "-cl-std=CL1.2";
    /** Free buffers kept for reuse (see {@link DevicePool}). */
    static final int POOL_MAX_BUFFERS = DevicePool.MAX_BUFFERS;

    private final ClDevice clDevice;
    private final ClSettings settings;
    private final ClQueue queue;
    private final DevicePool pool;
    private final Transfers transfers;
    private final LaunchGeometry geometry;
    private final Programs programs;
    private final Set<ClBuffer> live = ConcurrentHashMap.newKeySet();
    /** This thread's turn on the queue inside {@link #inOneTurn}, else null. */
    private final ThreadLocal<Enqueue> turn = new ThreadLocal<>();

    private OpenClBackend(ClDevice clDevice, ClSettings settings, ClQueue queue, OffloadOptions options) {
        this.clDevice = clDevice;
        this.settings = settings;
        this.queue = queue;
        this.pool = new DevicePool(queue, settings.sharedBuffers());
        this.transfers = new Transfers(queue, settings);
        this.geometry = new LaunchGeometry(clDevice.device().computeUnits(), settings.contiguous());
        this.programs = new Programs(queue.context(), clDevice.id(), clDevice.device().name(), settings.maxLocalSize(),
                queue.queueLock(), ProgramBinaryCache.forDevice(clDevice.id(), options));
    }

    /** Opens a context and a profiling queue on the device, configured by {@code options}. */
    static OpenClBackend open(ClDevice d, OffloadOptions options) {
        ClSettings settings = ClSettings.resolve(d, options);
        SignalChaining.warnIfUnchained(d.device());
        return new OpenClBackend(d, settings, ClQueue.open(d), options);
    }

    // ---------------------------------------------------------------- for the kernel families of this package

    @Override
    public Device device() {
        return clDevice.device();
    }

    /** The OpenCL context. */
    cl_context context() {
        return queue.context();
    }

    /** The OpenCL device handle. */
    cl_device_id deviceId() {
        return clDevice.id();
    }

    /** The device as discovered, with its capabilities. */
    ClDevice clDevice() {
        return clDevice;
    }

    /** Whether small buffers are shared with the host (see {@link DevicePool}). */
    boolean sharesSmallBuffers() {
        return pool.shares();
    }

    /** Whether the device does double precision. */
    boolean fp64() {
        return clDevice.fp64();
    }

    /** The program cache. */
    Programs programs() {
        return programs;
    }

    @Override
    public java.nio.file.Path cacheFolder() {
        return programs.binaryCacheFolder();
    }

    /** Takes the queue for one enqueue sequence; close it (try-with-resources) to give it back. */
    Enqueue enqueue(Phases phases) {
        Enqueue q = queue.enqueue(phases);
        try {
            pool.freeRetired();         // no command is in flight between turns
            return q;
        } catch (RuntimeException | Error e) {
            q.close();
            throw e;
        }
    }

    /** A kernel from a class path resource specialised by {@code prefix}, built with {@link #BUILD_OPTIONS}. */
    ClKernel kernel(String resource, String prefix, String kernelName) {
        queue.ensureOpen();
        return programs.kernel(resource, prefix, BUILD_OPTIONS, kernelName);
    }

    /** Elements per chunk for buffers of {@code type}. */
    long chunkElements(ElementType type) {
        return settings.chunkElements(type);
    }

    /** The largest single buffer in bytes (the device's, or the options'). */
    long maxAllocBytes() {
        return settings.maxAllocBytes();
    }

    /** Whether heap arrays are copied by mapping the buffer itself (true) or through a pinned staging buffer. */
    boolean mappedTransfers() {
        return settings.mappedTransfers();
    }

    @Override
    public int maxLaunchItems() {
        return settings.maxLaunchItems();
    }

    /** Whether kernels should walk contiguous slices per work-item (CPU devices) or grid-stride (GPUs). */
    @Override
    public boolean contiguous() {
        return settings.contiguous();
    }

    /** A launch of {@code kernel} for {@code n} elements (see {@link LaunchGeometry}). */
    LaunchGeometry.Launch launch(ClKernel kernel, long n) {
        return geometry.of(kernel, n);
    }

    /** A new, uninitialised device buffer of {@code length} elements (no chunks when empty); the caller owns it. */
    ClBuffer allocate(ElementType type, long length) {
        ensureOpen();
        long per = chunkElements(type);
        ClBuffer small = shared(type, length, per);
        if (small != null) {
            return small;
        }
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
        return track(new ClBuffer(this, type, length, per, chunks));
    }

    /**
     * A buffer of {@code length} elements (one chunk of {@code per}) shared with the host, or null when it is empty,
     * too large for a small transfer, or this device shares none.
     */
    private ClBuffer shared(ElementType type, long length, long per) {
        long bytes = length * type.bytes();
        if (length == 0 || length > per || bytes > Transfers.SMALL_BYTES || !pool.shares()) {
            return null;
        }
        DevicePool.Shared s;
        try {
            s = pool.obtainShared(bytes);
        } catch (CLException e) {
            throw Cl.failure("cannot allocate " + length + " x " + type.tag() + " on " + device().describe(), e);
        }
        return s == null ? null : track(new ClBuffer(this, type, length, per, s));
    }

    /** Registers a new buffer as live, so that {@link #close} releases it; the caller owns it. */
    private ClBuffer track(ClBuffer b) {
        live.add(b);
        if (queue.isClosed()) {
            // close() may have taken its snapshot of live buffers before this one joined it.
            b.close();
            ensureOpen();
        }
        return b;
    }

    /** A device buffer of exactly {@code bytes}, from the pool when one of that size is free. */
    cl_mem obtain(long bytes) {
        return pool.obtain(bytes);
    }

    /** Gives a buffer of {@code bytes} back to the pool. */
    void recycle(cl_mem m, long bytes) {
        pool.recycle(m, bytes);
        freeRetiredIfIdle();
    }

    /** Gives a shared buffer of {@code bytes} back to the pool. */
    void recycle(DevicePool.Shared s, long bytes) {
        pool.recycle(s, bytes);
        freeRetiredIfIdle();
    }

    /**
     * Frees the SVM memory of shared buffers pushed out of the pool at once when no command can be using it, so
     * that closed buffers hold nothing of the context beyond the pool; else the next turn frees it.
     */
    private void freeRetiredIfIdle() {
        if (!pool.hasRetired()) {
            return;
        }
        Enqueue current = turn.get();
        if (current != null) {
            if (current.idle()) {
                pool.freeRetired();
            }
        } else if (!queue.queueLock().isHeldByCurrentThread() && queue.queueLock().tryLock()) {
            // Under the lock outside a turn, every turn has drained; a turn in progress is not waited for. (A lock
            // this thread already holds is an enqueue sequence of its own with commands maybe in flight: not idle.)
            try {
                if (!queue.isClosed()) {
                    pool.freeRetired();
                }
            } finally {
                queue.queueLock().unlock();
            }
        }
    }

    /** Number of buffers in the pool (for tests). */
    int pooledBuffers() {
        return pool.size();
    }

    /** Releases every pooled buffer. */
    void trimPool() {
        pool.trim();
        freeRetiredIfIdle();
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
        long bytes = (long) n * type.bytes();
        if (n > 0 && bytes <= Transfers.SMALL_BYTES && n <= chunkElements(type)) {
            Enqueue current = turn.get();
            // Shared memory is filled in place when no command of this turn is in flight (one that could still read
            // it after it left the pool); otherwise the driver copies the array into a new buffer as it makes it.
            ClBuffer buf = current == null || current.idle() ? shared(type, n, chunkElements(type)) : null;
            if (buf == null) {
                return copyOf(array, type, n, phases);
            }
            try {
                onQueue(phases, "upload of " + n + " x " + type.tag(), q -> write(q, array, buf));
                return buf;
            } catch (RuntimeException | Error e) {
                buf.close();
                throw e;
            }
        }
        ClBuffer buf = allocate(type, n);
        try {
            onQueue(phases, "upload of " + n + " x " + type.tag(), q -> write(q, array, buf));
            return buf;
        } catch (RuntimeException | Error e) {
            buf.close();
            throw e;
        }
    }

    /** A small array as a new one-chunk buffer, copied by the driver as it makes the buffer: no wait on the queue. */
    private ClBuffer copyOf(Object array, ElementType type, int n, Phases phases) {
        ensureOpen();
        long t0 = System.nanoTime();
        cl_mem mem;
        try {
            mem = pool.copyOf(array, (long) n * type.bytes());
        } catch (CLException e) {
            throw Cl.failure("upload of " + n + " x " + type.tag() + " to " + device().describe(), e);
        }
        phases.upload(System.nanoTime() - t0, (long) n * type.bytes());
        return track(new ClBuffer(this, type, n, chunkElements(type), List.of(mem)));
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
        onQueue(phases, "download of " + buf, q -> read(q, buf, array));
        return array;
    }

    /** Enqueues (and partly runs) the copy of a whole heap array into {@code buf}; the caller finishes {@code q}. */
    void write(Enqueue q, Object array, ClBuffer buf) {
        transfers.write(q, array, buf);
    }

    /** Enqueues and runs the copy of {@code buf} into a heap array of its length; the caller finishes {@code q}. */
    void read(Enqueue q, ClBuffer buf, Object array) {
        transfers.read(q, buf, array);
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

    private void requireFp64(String kernel, ElementType a, ElementType b) {
        if ((a == ElementType.F64 || b == ElementType.F64) && !clDevice.fp64()) {
            throw new DeviceException("kernel " + kernel + " needs double precision, which "
                    + device().describe() + " lacks (no cl_khr_fp64); use int kernels or the Java backend", "", null);
        }
    }

    // ---------------------------------------------------------------- the generic launch path

    /** A kernel spec with its built kernel on this device. */
    private record ClPrepared(KernelSpec spec, ClKernel kernel) implements PreparedKernel {
    }

    @Override
    public Buffer allocate(ElementType type, long length, Phases phases) {
        ClBuffer b = allocate(type, length);
        try {
            onQueue(phases, "clearing " + length + " x " + type.tag(), q -> {
                ByteBuffer view = b.hostView();
                if (view != null && q.idle()) {
                    HostCopy.zero(view, length * type.bytes());
                    return;
                }
                long e0 = System.nanoTime();
                for (int j = 0; j < b.chunkCount(); j++) {
                    CL.clEnqueueFillBuffer(q.queue(), b.chunk(j), Pointer.to(new byte[] {0}), 1, 0,
                            b.chunkLength(j) * type.bytes(), 0, null, q.event(Enqueue.Phase.UPLOAD));
                }
                q.enqueued(e0);
            });
            return b;
        } catch (RuntimeException | Error e) {
            b.close();
            throw e;
        }
    }

    @Override
    public Buffer allocateUninitialized(ElementType type, long length, Phases phases) {
        return allocate(type, length);
    }

    @Override
    public void downloadInto(Buffer buffer, Object array, Phases phases) {
        ClBuffer buf = own(buffer);
        if (ElementType.ofArray(array) != buf.type() || ElementType.lengthOf(array) != buf.length()) {
            throw new IllegalArgumentException("cannot download " + buf + " into a " + array.getClass().getSimpleName()
                    + " of length " + ElementType.lengthOf(array));
        }
        // In a turn: the in-order queue runs every earlier launch first.
        onQueue(phases, "download of " + buf, q -> read(q, buf, array));
    }

    @Override
    public Buffer allocateScratch(ElementType type, long length, Phases phases) {
        if (length == 0) {
            return allocate(type, 0);
        }
        ensureOpen();
        ClBuffer small = shared(type, length, length);
        if (small != null) {
            return small;
        }
        cl_mem m;
        try {
            m = obtain(length * type.bytes());
        } catch (CLException e) {
            throw Cl.failure("cannot allocate " + length + " x " + type.tag() + " on " + device().describe(), e);
        }
        // One chunk of the whole length (chunkElements is the length), so the buffer is a single kernel argument.
        return track(new ClBuffer(this, type, length, length, List.of(m)));
    }

    @Override
    public void fill(Buffer buffer, long from, long count, Number value, Phases phases) {
        ClBuffer buf = own(buffer);
        Objects.checkFromIndexSize(from, count, buf.length());
        int size = buf.type().bytes();
        Pointer pattern = switch (buf.type()) {
            case U8 -> Pointer.to(new byte[] {value.byteValue()});
            case I16 -> Pointer.to(new short[] {value.shortValue()});
            case U16 -> Pointer.to(new char[] {(char) value.intValue()});
            case I32 -> Pointer.to(new int[] {value.intValue()});
            case I64 -> Pointer.to(new long[] {value.longValue()});
            case F32 -> Pointer.to(new float[] {value.floatValue()});
            case F64 -> Pointer.to(new double[] {value.doubleValue()});
        };
        onQueue(phases, "fill of " + buf, q -> {
            ByteBuffer view = buf.hostView();
            if (view != null && q.idle()) {
                HostCopy.fill(view, buf.type(), from, count, value);
                return;
            }
            long e0 = System.nanoTime();
            forRuns(buf, from, count, (chunk, offset, n, done) ->
                    CL.clEnqueueFillBuffer(q.queue(), buf.chunk(chunk), pattern, size, offset * size, n * size, 0, null,
                            null));
            q.enqueued(e0);
        });
    }

    @Override
    public void copy(Buffer src, long srcFrom, Buffer dst, long dstFrom, long count, Phases phases) {
        ClBuffer from = own(src);
        ClBuffer to = own(dst);
        if (from.type() != to.type()) {
            throw new IllegalArgumentException("cannot copy " + from.type() + " elements into " + to);
        }
        Objects.checkFromIndexSize(srcFrom, count, from.length());
        Objects.checkFromIndexSize(dstFrom, count, to.length());
        int size = from.type().bytes();
        onQueue(phases, "copy of " + from + " to " + to, q -> {
            long e0 = System.nanoTime();
            forRuns(from, srcFrom, count, (sc, so, sn, sd) ->
                    forRuns(to, dstFrom + sd, sn, (dc, dOff, dn, dd) ->
                            CL.clEnqueueCopyBuffer(q.queue(), from.chunk(sc), to.chunk(dc), (so + dd) * size,
                                    dOff * size, dn * size, 0, null, null)));
            q.enqueued(e0);
        });
    }

    @Override
    public void downloadInto(Buffer buffer, long from, Object array, Phases phases) {
        ClBuffer buf = own(buffer);
        if (ElementType.ofArray(array) != buf.type()) {
            throw new IllegalArgumentException("cannot download " + buf + " into a " + array.getClass().getSimpleName());
        }
        long count = ElementType.lengthOf(array);
        Objects.checkFromIndexSize(from, count, buf.length());
        int size = buf.type().bytes();
        // A few words of a plan's state, where mapping or staging (Transfers) would cost more than the read: a shared
        // buffer is copied out after one wait, any other read by direct blocking reads, one per chunk touched.
        onQueue(phases, "download of " + buf, q -> {
            ByteBuffer view = buf.hostView();
            if (view != null) {
                q.drain();
                long t0 = System.nanoTime();
                HostCopy.fromMapped(view.slice((int) (from * size), (int) (count * size)), array, 0, (int) count);
                q.phases().download(System.nanoTime() - t0, count * size);
                return;
            }
            readRuns(q, buf, from, count, array, size);
        });
    }

    /** Blocking reads of elements {@code [from, from + count)} of {@code buf} into {@code array}, one per chunk. */
    private static void readRuns(Enqueue q, ClBuffer buf, long from, long count, Object array, int size) {
        forRuns(buf, from, count, (chunk, offset, n, done) -> {
            long t0 = System.nanoTime();
            CL.clEnqueueReadBuffer(q.queue(), buf.chunk(chunk), true, offset * size, n * size,
                    pointer(array, done * size), 0, null,
                    q.event(Enqueue.Phase.DOWNLOAD));
            q.phases().download(0, n * size);
            q.waited(t0);
        });
    }

    private static Pointer pointer(Object array, long bytes) {
        Pointer p = Cl.pointerTo(array);
        return bytes == 0 ? p : p.withByteOffset(bytes);
    }

    @Override
    public int localSize(PreparedKernel kernel, int target) {
        return (int) Math.max(1, prepared(kernel).kernel().localSize(Math.max(1, target)));
    }

    /** A run of elements inside one chunk: chunk index, first element in it, count, elements of the range before. */
    @FunctionalInterface
    private interface Run {
        void accept(int chunk, long offset, long count, long done);
    }

    /** Calls {@code run} for each chunk's part of elements {@code [from, from + count)} of {@code b}, in order. */
    private static void forRuns(ClBuffer b, long from, long count, Run run) {
        long done = 0;
        while (done < count) {
            long at = from + done;
            int c = (int) (at / b.chunkElements());
            long n = Math.min(count - done, b.chunkStart(c) + b.chunkLength(c) - at);
            run.accept(c, at - b.chunkStart(c), n, done);
            done += n;
        }
    }

    /** Runs {@code body} on this thread's turn when it has one (no wait), else on a turn of its own that it waits for. */
    private void onQueue(Phases phases, String what, java.util.function.Consumer<Enqueue> body) {
        Enqueue current = turn.get();
        try {
            if (current != null) {
                body.accept(current);
                return;
            }
            try (Enqueue q = enqueue(phases)) {
                body.accept(q);
                q.finish();
            }
        } catch (CLException e) {
            throw Cl.failure(what + " on " + device().describe(), e);
        }
    }

    @Override
    public <T> T inOneTurn(Phases phases, java.util.function.Supplier<T> body) {
        if (turn.get() != null) {
            return body.get();
        }
        try (Enqueue q = enqueue(phases)) {
            turn.set(q);
            T result = body.get();
            q.finish();
            return result;
        } catch (CLException e) {
            throw Cl.failure("calls on " + device().describe(), e);
        } finally {
            turn.remove();
        }
    }

    @Override
    public PreparedKernel prepare(KernelSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.needsFp64() && !clDevice.fp64()) {
            requireFp64(spec.name(), ElementType.F64, ElementType.F64);
        }
        ensureOpen();
        // The layout travels as a line of source, not a build option: the options stay the kernel's own.
        String source = "#define OFFLOAD_CONTIGUOUS " + (settings.contiguous() ? 1 : 0) + "\n" + spec.source();
        String options = spec.buildOptions().isEmpty() ? BUILD_OPTIONS : BUILD_OPTIONS + " " + spec.buildOptions();
        String program = spec.origin() == null ? spec.name() : spec.name() + " (" + spec.origin() + ")";
        return new ClPrepared(spec, programs.kernelFromSource(source, options, spec.name(), program));
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
        LaunchGeometry.Launch shape = range.twoD() ? null
                : range.oneGroup() ? geometry.oneGroup(k)
                : range.local() != 0 ? new LaunchGeometry.Launch(range.cols(), range.local())
                : launch(k, range.cols());
        Enqueue current = turn.get();
        if (current != null) {
            try {
                enqueueLaunch(current, spec, k, range, args, shape);
                return;
            } catch (CLException e) {
                throw Cl.failure("kernel " + spec.name() + " on " + device().describe(), e);
            }
        }
        try (Enqueue q = enqueue(phases)) {
            enqueueLaunch(q, spec, k, range, args, shape);
            q.finish();
        } catch (CLException e) {
            throw Cl.failure("kernel " + spec.name() + " on " + device().describe(), e);
        }
    }

    private void enqueueLaunch(Enqueue q, KernelSpec spec, ClKernel k, LaunchRange range, Object[] args,
                               LaunchGeometry.Launch shape) {
        // Launching is queue time: on PoCL the enqueue itself wakes the worker threads, often for longer than the
        // kernel runs.
        long t0 = System.nanoTime();
        for (int i = 0; i < args.length; i++) {
            setArg(spec, k, i, args[i], shape);
        }
        if (range.twoD()) {
            // Dimension 0 walks columns: neighbouring work-items touch neighbouring elements of a row-major array.
            q.launch2D(k, range.cols(), range.rows());
        } else {
            q.launch(k, shape.global(), shape.local());
        }
        q.enqueued(t0);
    }

    private void setArg(KernelSpec spec, ClKernel k, int i, Object arg, LaunchGeometry.Launch geometry) {
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
                            + settings.maxAllocBytes() + " bytes)", "", null);
                }
            }
            case BYTE -> k.value(i, (Byte) arg, 1);
            case SHORT -> k.value(i, (Short) arg, 2);
            case CHAR -> k.value(i, (Character) arg, 2);
            case INT -> k.argInt(i, (Integer) arg);
            case LONG -> k.arg(i, (long) (Long) arg);
            case FLOAT -> k.value(i, Float.floatToRawIntBits((Float) arg), 4);
            case DOUBLE -> k.value(i, Double.doubleToRawLongBits((Double) arg), 8);
            case LOCAL_PER_ITEM -> {
                if (geometry == null) {
                    throw new IllegalArgumentException("kernel " + spec.name() + ": local memory needs a 1-D range");
                }
                k.argLocal(i, geometry.local() * (Integer) arg);
            }
            case LOCAL_BYTES -> k.argLocal(i, (Integer) arg);
        }
    }

    private ClPrepared prepared(PreparedKernel kernel) {
        if (kernel instanceof ClPrepared p && p.kernel().queueLock() == queue.queueLock()) {
            return p;
        }
        throw new IllegalArgumentException("kernel prepared by another backend: " + kernel);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Releases buffers still open, the staging buffer, programs, pooled buffers, queue and context. Idempotent. */
    @Override
    public void close() {
        queue.close(() -> {
            OffloadException failure = null;
            for (ClBuffer b : List.copyOf(live)) {
                try {
                    b.close();
                } catch (OffloadException e) {
                    failure = ClQueue.first(failure, e);
                }
            }
            try {
                programs.close();
            } catch (OffloadException e) {
                failure = ClQueue.first(failure, e);
            }
            pool.trim();
            pool.freeRetired();         // the queue has finished
            try {
                transfers.close();
            } catch (CLException e) {
                failure = ClQueue.first(failure,
                        Cl.failure("releasing the staging buffers of " + device().describe(), e));
            }
            return failure;
        });
    }

    private void ensureOpen() {
        queue.ensureOpen();
    }

    @Override
    public String toString() {
        return "OpenClBackend[" + device().describe() + (queue.isClosed() ? ", closed" : "") + "]";
    }
}
