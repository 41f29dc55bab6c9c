package dev.offload.opencl;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A built kernel with the work-group limits its device reported for it. Owned by {@link Programs} (released when the
 * backend closes). Setting arguments mutates the shared {@code cl_kernel}, so the {@code arg} methods may only be
 * called inside an {@link Enqueue}, whose lock keeps other threads out until the launch is enqueued.
 *
 * @param name             the kernel function's name
 * @param kernel           the OpenCL kernel object
 * @param maxWorkGroupSize {@code CL_KERNEL_WORK_GROUP_SIZE} on this device
 * @param preferredMultiple {@code CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE} on this device
 * @param queueLock        the backend's queue lock, which the {@code arg} methods check is held
 */
record ClKernel(String name, cl_kernel kernel, long maxWorkGroupSize, long preferredMultiple,
                ReentrantLock queueLock) {

    /** Sets a buffer argument. */
    ClKernel arg(int index, cl_mem buffer) {
        requireQueue();
        CL.clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(buffer));
        return this;
    }

    /** Sets a {@code long} / {@code ulong} argument. */
    ClKernel arg(int index, long value) {
        requireQueue();
        CL.clSetKernelArg(kernel, index, Sizeof.cl_ulong, Pointer.to(new long[] {value}));
        return this;
    }

    /** Sets an {@code int} / {@code uint} argument. */
    ClKernel argInt(int index, int value) {
        requireQueue();
        CL.clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    /** Sets a by-value argument of {@code size} bytes from {@code value} (any scalar type). */
    ClKernel argValue(int index, long size, Pointer value) {
        requireQueue();
        CL.clSetKernelArg(kernel, index, size, value);
        return this;
    }

    /** Sets a {@code __global} pointer argument to NULL (an empty buffer, never dereferenced). */
    ClKernel argNull(int index) {
        requireQueue();
        CL.clSetKernelArg(kernel, index, Sizeof.cl_mem, null);
        return this;
    }

    /** Sets a {@code __local} argument of {@code bytes} bytes. */
    ClKernel argLocal(int index, long bytes) {
        requireQueue();
        CL.clSetKernelArg(kernel, index, bytes, null);
        return this;
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
