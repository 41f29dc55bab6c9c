package dev.offload.cpu;

import dev.offload.Device;
import dev.offload.ElementType;
import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;
import dev.offload.backend.JavaBody;
import dev.offload.backend.KernelSpec;
import dev.offload.backend.LaunchRange;
import dev.offload.backend.Phases;
import dev.offload.backend.PreparedKernel;

/** Runs kernels in plain Java, sequentially or on all cores. Stateless apart from its device, so thread-safe. */
final class JavaBackend implements Backend {
    private final Device device;
    /** Threads kernels are split over: the device's compute units, fixed when it was described; 1 when sequential. */
    private final int parallelism;

    JavaBackend(Device device, boolean parallel) {
        this.device = device;
        this.parallelism = parallel ? Math.max(1, device.computeUnits()) : 1;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public Buffer upload(Object array, Phases phases) {
        long t0 = System.nanoTime();
        HeapBuffer b = new HeapBuffer(copyOf(array));
        phases.upload(System.nanoTime() - t0, b.length() * b.type().bytes());
        return b;
    }

    @Override
    public Buffer borrow(Object array, Phases phases) {
        return new HeapBuffer(array, true); // read-only use: no copy
    }

    @Override
    public Object download(Buffer buffer, Phases phases) {
        long t0 = System.nanoTime();
        Object copy = copyOf(heap(buffer).array());
        phases.download(System.nanoTime() - t0, buffer.length() * buffer.type().bytes());
        return copy;
    }

    @Override
    public Object take(Buffer buffer, Phases phases) {
        // Results of maps and word lengths are fresh arrays no one else holds: hand them over, don't copy.
        return heap(buffer).release();
    }

    @Override
    public void close() {
        // Nothing native to release; heap buffers go with the garbage collector.
    }

    // ---------------------------------------------------------------- the generic launch path

    @Override
    public Buffer allocate(ElementType type, long length, Phases phases) {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a Java array holds at most 2^31 - 9 elements, not " + length);
        }
        return new HeapBuffer(java.lang.reflect.Array.newInstance(type.arrayClass().componentType(), (int) length));
    }

    @Override
    public void downloadInto(Buffer buffer, Object array, Phases phases) {
        long t0 = System.nanoTime();
        Object from = heap(buffer).array();
        if (from != array) {
            System.arraycopy(from, 0, array, 0, ElementType.lengthOf(array));
        }
        phases.download(System.nanoTime() - t0, buffer.length() * buffer.type().bytes());
    }

    @Override
    public void downloadInto(Buffer buffer, long from, Object array, Phases phases) {
        long t0 = System.nanoTime();
        int n = ElementType.lengthOf(array);
        java.util.Objects.checkFromIndexSize(from, n, buffer.length());
        System.arraycopy(heap(buffer).array(), (int) from, array, 0, n);
        phases.download(System.nanoTime() - t0, (long) n * buffer.type().bytes());
    }

    @Override
    public void fill(Buffer buffer, long from, long count, Number value, Phases phases) {
        java.util.Objects.checkFromIndexSize(from, count, buffer.length());
        int a = (int) from;
        int b = (int) (from + count);
        switch (heap(buffer).array()) {
            case byte[] x -> java.util.Arrays.fill(x, a, b, value.byteValue());
            case short[] x -> java.util.Arrays.fill(x, a, b, value.shortValue());
            case char[] x -> java.util.Arrays.fill(x, a, b, (char) value.intValue());
            case int[] x -> java.util.Arrays.fill(x, a, b, value.intValue());
            case long[] x -> java.util.Arrays.fill(x, a, b, value.longValue());
            case float[] x -> java.util.Arrays.fill(x, a, b, value.floatValue());
            case double[] x -> java.util.Arrays.fill(x, a, b, value.doubleValue());
            default -> throw new IllegalArgumentException("not a numeric buffer: " + buffer);
        }
    }

    @Override
    public void copy(Buffer src, long srcFrom, Buffer dst, long dstFrom, long count, Phases phases) {
        if (src.type() != dst.type()) {
            throw new IllegalArgumentException("cannot copy " + src.type() + " elements into a " + dst.type()
                    + " buffer");
        }
        java.util.Objects.checkFromIndexSize(srcFrom, count, src.length());
        java.util.Objects.checkFromIndexSize(dstFrom, count, dst.length());
        System.arraycopy(heap(src).array(), (int) srcFrom, heap(dst).array(), (int) dstFrom, (int) count);
    }

    @Override
    public PreparedKernel prepare(KernelSpec spec) {
        if (spec.javaBody() == null) {
            throw new IllegalArgumentException("kernel " + spec.name() + " has no Java body, so it cannot run on "
                    + device.describe());
        }
        return () -> spec;
    }

    @Override
    public int groups(PreparedKernel kernel, int n) {
        return new Chunks(n, parallelism, kernel.spec().javaBody().minSlice()).count();
    }

    @Override
    public void launch(PreparedKernel kernel, LaunchRange range, Object[] args, Phases phases) {
        KernelSpec spec = kernel.spec();
        spec.check(args);
        Object[] hostArgs = args.clone();
        for (int i = 0; i < hostArgs.length; i++) {
            if (hostArgs[i] instanceof Buffer b) {
                hostArgs[i] = heap(b).array();
            }
        }
        long t0 = System.nanoTime();
        JavaBody body = spec.javaBody();
        if (range.oneGroup()) {
            body.runGroup(hostArgs, 0, 0, range.cols());
        } else if (range.local() != 0) {
            // The plan chose the groups: each one is a call of its own, in parallel when this backend is.
            int local = range.local();
            Chunks chunks = new Chunks(range.cols() / local, parallelism, 1);
            chunks.forEach(c -> {
                for (int g = chunks.start(c); g < chunks.end(c); g++) {
                    body.runGroup(hostArgs, g, g * local, (g + 1) * local);
                }
            });
        } else if (range.twoD()) {
            Chunks chunks = new Chunks(range.rows(), parallelism, 1);
            chunks.forEach(c -> body.run(hostArgs, chunks.start(c), chunks.end(c)));
        } else {
            // The same split as groups(): slice c is work-group c.
            Chunks chunks = new Chunks(range.cols(), parallelism, body.minSlice());
            chunks.forEach(c -> body.runGroup(hostArgs, c, chunks.start(c), chunks.end(c)));
        }
        phases.kernel(System.nanoTime() - t0);
    }

    private static Object copyOf(Object array) {
        return switch (array) {
            case byte[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case double[] a -> a.clone();
            case float[] a -> a.clone();
            case short[] a -> a.clone();
            case char[] a -> a.clone();
            default -> throw new IllegalArgumentException("not a primitive array of a numeric type: "
                    + array.getClass());
        };
    }

    private static HeapBuffer heap(Buffer b) {
        if (b instanceof HeapBuffer h) {
            return h;
        }
        throw new IllegalArgumentException("buffer from another backend: " + b);
    }
}
