package dev.offload.opencl;

import dev.offload.OffloadException;
import dev.offload.backend.Phases;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_queue_properties;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One device's context and its single in-order command queue with profiling, and their lifecycle. Every enqueue
 * sequence (set arguments, launch, wait) runs inside an {@link Enqueue}, which holds the queue lock; kernel objects
 * are shared, so their arguments are only set there. One in-order queue means the device runs one call at a time
 * anyway. Objects made in the context outside the queue lock (buffers) are made under {@link #whileOpen}, so that
 * {@link #close} cannot release the context under them (a use after free in the driver).
 */
final class ClQueue {
    private final ClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final ReentrantLock queueLock = new ReentrantLock();
    /** Native memory for the answers of info queries made in a turn; guarded by the queue lock (see {@link Enqueue}). */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder());
    private final Pointer scratchPointer = Pointer.to(scratch);
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private ClQueue(ClDevice device, cl_context context, cl_command_queue queue) {
        this.device = device;
        this.context = context;
        this.queue = queue;
    }

    /** Creates a context and a profiling queue on {@code d}. */
    static ClQueue open(ClDevice d) {
        cl_context context = null;
        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL.CL_CONTEXT_PLATFORM, d.platform());
            context = CL.clCreateContext(props, 1, new cl_device_id[] {d.id()}, null, null, null);
            return new ClQueue(d, context, createQueue(context, d));
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

    /** The device. */
    ClDevice device() {
        return device;
    }

    /** The OpenCL context. */
    cl_context context() {
        return context;
    }

    /** The command queue, for objects that live beside it (staging slots); enqueue through {@link #enqueue}. */
    cl_command_queue queue() {
        return queue;
    }

    /** The queue lock, which {@link Enqueue} holds and kernels check. */
    ReentrantLock queueLock() {
        return queueLock;
    }

    /** Takes the queue for one enqueue sequence; close it (try-with-resources) to give it back. */
    Enqueue enqueue(Phases phases) {
        // Checked under the lock: a close() that ran between a check and the lock has released the queue.
        queueLock.lock();
        try {
            ensureOpen();
            // The Enqueue takes the (reentrant) lock once more, for itself.
            return new Enqueue(queue, queueLock, phases, scratch, scratchPointer);
        } finally {
            queueLock.unlock();
        }
    }

    /** Runs {@code body} with the context guaranteed open throughout. @throws IllegalStateException when closed */
    <T> T whileOpen(Supplier<T> body) {
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            return body.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Whether {@link #close} has begun. */
    boolean isClosed() {
        return closed;
    }

    /** @throws IllegalStateException when closed */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL backend is closed: " + device.device().describe());
        }
    }

    /**
     * Waits for the call in flight and for objects being made, finishes the queue, runs {@code dependents} (which
     * releases everything made in this context and returns its first failure, or null), then releases the queue and
     * the context. Idempotent.
     *
     * @throws OffloadException the first failure, the later ones suppressed
     */
    void close(Supplier<OffloadException> dependents) {
        if (closed) {
            return;
        }
        queueLock.lock();
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            OffloadException failure = null;
            try {
                CL.clFinish(queue);
            } catch (CLException e) {
                failure = Cl.failure("finishing the queue of " + device.device().describe(), e);
            }
            failure = first(failure, dependents.get());
            try {
                CL.clReleaseCommandQueue(queue);
            } catch (CLException e) {
                failure = first(failure, Cl.failure("releasing the queue of " + device.device().describe(), e));
            }
            try {
                CL.clReleaseContext(context);
            } catch (CLException e) {
                failure = first(failure, Cl.failure("releasing the context of " + device.device().describe(), e));
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lifecycle.writeLock().unlock();
            queueLock.unlock();
        }
    }

    /** {@code first} with {@code next} suppressed in it, or {@code next} when there is no first (either may be null). */
    static OffloadException first(OffloadException first, OffloadException next) {
        if (first == null) {
            return next;
        }
        if (next != null) {
            first.addSuppressed(next);
        }
        return first;
    }
}
