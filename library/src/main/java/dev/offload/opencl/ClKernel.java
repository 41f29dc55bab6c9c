package dev.offload.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A built kernel with the work-group limits its device reported for it. Owned by {@link Programs} (released when the
 * backend closes). Setting arguments mutates the shared {@code cl_kernel}, so the {@code arg} methods may only be
 * called inside an {@link Enqueue}, whose lock keeps other threads out until the launch is enqueued.
 *
 * <p>An argument set to what it already holds is not set again: a warm call mostly launches a kernel with the
 * buffers and sizes of the call before (pooled buffers come back as the same {@code cl_mem}), and each
 * {@code clSetKernelArg} is a native call (about half a microsecond on PoCL). OpenCL keeps argument values in the
 * kernel object until they are set again, so skipping the call launches the same arguments.
 *
 * <p>Not a record: it keeps the last argument values, which change with every launch.
 */
final class ClKernel {
    /** A NULL {@code __global} pointer, as {@link #lastArgs} holds it. */
    private static final Object NULL = new Object();

    private final String name;
    private final cl_kernel kernel;
    private final long maxWorkGroupSize;
    private final long preferredMultiple;
    private final ReentrantLock queueLock;
    /** What each argument was last set to (see {@link #same}); guarded by the queue lock. */
    private Object[] lastArgs = new Object[0];
    /** A by-value argument on its way: direct memory, which JOCL passes as it is (a heap array costs 0.5 us more). */
    private final ByteBuffer value = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());
    private final Pointer valuePointer = Pointer.to(value);

    /**
     * @param name              the kernel function's name
     * @param kernel            the OpenCL kernel object
     * @param maxWorkGroupSize  {@code CL_KERNEL_WORK_GROUP_SIZE} on this device
     * @param preferredMultiple {@code CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE} on this device
     * @param queueLock         the backend's queue lock, which the {@code arg} methods check is held
     */
    ClKernel(String name, cl_kernel kernel, long maxWorkGroupSize, long preferredMultiple, ReentrantLock queueLock) {
        this.name = name;
        this.kernel = kernel;
        this.maxWorkGroupSize = maxWorkGroupSize;
        this.preferredMultiple = preferredMultiple;
        this.queueLock = queueLock;
    }

    /** The kernel function's name. */
    String name() {
        return name;
    }

    /** The OpenCL kernel object. */
    cl_kernel kernel() {
        return kernel;
    }

    /** {@code CL_KERNEL_WORK_GROUP_SIZE} on this device (capped by the options). */
    long maxWorkGroupSize() {
        return maxWorkGroupSize;
    }

    /** {@code CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE} on this device. */
    long preferredMultiple() {
        return preferredMultiple;
    }

    /** The backend's queue lock. */
    ReentrantLock queueLock() {
        return queueLock;
    }

    /** A by-value argument as it was set: its bytes, read as one long, and its size. */
    private record Value(long bits, long size) {
    }

    /** A {@code __local} argument's size. */
    private record Local(long bytes) {
    }

    /** Sets a buffer argument. */
    ClKernel arg(int index, cl_mem buffer) {
        requireQueue();
        // cl_mem identity: a pooled buffer is the same object each time it comes back, a new buffer a new one.
        if (!same(index, buffer)) {
            CL.clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(buffer));
            remember(index, buffer);
        }
        return this;
    }

    /** Sets a {@code long} / {@code ulong} argument. */
    ClKernel arg(int index, long value) {
        return value(index, value, Sizeof.cl_ulong);
    }

    /** Sets an {@code int} / {@code uint} argument. */
    ClKernel argInt(int index, int value) {
        return value(index, value, Sizeof.cl_int);
    }

    /**
     * Sets a by-value argument of {@code size} (1, 2, 4 or 8) bytes holding the low bytes of {@code bits}: the raw
     * bits of any scalar type (a float's {@link Float#floatToRawIntBits}, so every NaN keeps its payload).
     */
    ClKernel value(int index, long bits, int size) {
        requireQueue();
        Value v = new Value(bits, size);
        if (!same(index, v)) {
            switch (size) {
                case 1 -> value.put(0, (byte) bits);
                case 2 -> value.putShort(0, (short) bits);
                case 4 -> value.putInt(0, (int) bits);
                case 8 -> value.putLong(0, bits);
                default -> throw new IllegalArgumentException("a by-value argument of " + size + " bytes");
            }
            CL.clSetKernelArg(kernel, index, size, valuePointer);
            remember(index, v);
        }
        return this;
    }

    /** Sets a {@code __global} pointer argument to NULL (an empty buffer, never dereferenced). */
    ClKernel argNull(int index) {
        requireQueue();
        if (!same(index, NULL)) {
            CL.clSetKernelArg(kernel, index, Sizeof.cl_mem, null);
            remember(index, NULL);
        }
        return this;
    }

    /** Sets a {@code __local} argument of {@code bytes} bytes. */
    ClKernel argLocal(int index, long bytes) {
        requireQueue();
        Local l = new Local(bytes);
        if (!same(index, l)) {
            CL.clSetKernelArg(kernel, index, bytes, null);
            remember(index, l);
        }
        return this;
    }

    /** Whether argument {@code index} holds {@code value} already (cl_mem by identity, the others by value). */
    private boolean same(int index, Object value) {
        if (index >= lastArgs.length) {
            return false;
        }
        Object held = lastArgs[index];
        return held == value || (held instanceof Value || held instanceof Local) && held.equals(value);
    }

    /** Records a value just set; a failed {@code clSetKernelArg} threw before this, leaving the old record. */
    private void remember(int index, Object value) {
        if (index >= lastArgs.length) {
            lastArgs = java.util.Arrays.copyOf(lastArgs, index + 1);
        }
        lastArgs[index] = value;
    }

    /** Arguments set outside an {@link Enqueue} could be overwritten by another thread before the launch. */
    private void requireQueue() {
        if (!queueLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("arguments of kernel " + name + " set outside an Enqueue");
        }
    }

    /**
     * A local size for this kernel: the largest multiple of the preferred multiple that is at most {@code target}
     * and the kernel's limit (or the limit itself when it is below the preferred multiple).
     */
    long localSize(long target) {
        long limit = Math.max(1, Math.min(target, maxWorkGroupSize));
        long m = Math.max(1, preferredMultiple);
        return limit >= m ? limit / m * m : limit;
    }
}
