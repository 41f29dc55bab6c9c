package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;

import java.util.Objects;

/**
 * An array that lives where its {@link Offload} runs kernels: in device memory on an OpenCL device, on the heap for
 * the Java backends. Made by {@link Offload#upload(int[])} and its overloads, and returned by operations on device
 * arrays so that a chain of kernels pays for one transfer in and one out. Close it to release the memory
 * (try-with-resources); closing twice is harmless, using a closed array throws {@link IllegalStateException}.
 * Closing the {@link Offload} that made an array releases its memory too: the array then reports
 * {@link #isClosed()}, refuses work with {@link IllegalStateException}, and closing it is harmless.
 *
 * <pre>{@code
 * try (DeviceInts x = off.upload(ints);
 *      DeviceLongs sq = off.squares(x)) {        // stays on the device
 *     long ss = off.sumOfSquares(x);             // same data, no second upload
 *     long[] squares = sq.toArray();             // download only what is needed
 * }
 * }</pre>
 *
 * <p>Thread-safe: several threads may run kernels on one array at once; closing it while they do is a caller error.
 */
public abstract sealed class DeviceArray implements AutoCloseable
        permits DeviceInts, DeviceLongs, DeviceDoubles, DeviceFloats, DeviceBytes {
    private final Offload owner;
    private final Backend backend;
    private final Buffer buffer;
    /**
     * The buffer's host array when kernels use it in place (the Java backends), else null; null again once closed.
     * {@code get(i)}/{@code set(i, v)} run once per element inside a kernel's loop and check only this plain field and
     * the owner's plain copy of its closed flag, which the JIT may read once per loop: the volatile flags and the
     * buffer's own volatile field, read per element, kept a resident saxpy on the Java backends from being compiled
     * as the same loop on heap arrays (java-seq, 2^22 floats: 11-20 ms against 1.5-2.1 ms without them). A thread
     * that closes the array (or its {@code Offload}) and then calls {@code get} still sees it closed; another thread
     * racing a close is the caller error the class comment names, and only ever reads the heap array it was given.
     */
    private Object elements;
    private volatile boolean closed;

    DeviceArray(Offload owner, Backend backend, Buffer buffer, ElementType expected) {
        this.owner = owner;
        this.backend = backend;
        this.buffer = buffer;
        if (buffer.type() != expected) {
            throw new IllegalStateException("buffer of " + buffer.type() + " where " + expected + " was expected");
        }
        this.elements = buffer.hostArray();
    }

    /**
     * Number of elements.
     *
     * @return the number of elements
     */
    public final long length() {
        return buffer.length();
    }

    /**
     * The element type.
     *
     * @return the type of the elements
     */
    public final ElementType elementType() {
        return buffer.type();
    }

    /**
     * The device holding the data.
     *
     * @return the device holding the elements
     */
    public final Device device() {
        return backend.device();
    }

    /**
     * Whether the memory is released: {@link #close()} was called, or the {@link Offload} that made it closed.
     *
     * @return whether the array has been closed, or its {@link Offload} has
     */
    public final boolean isClosed() {
        return closed || owner.isClosed();
    }

    /** Releases the device memory. Idempotent. */
    @Override
    public final void close() {
        if (!closed) {
            elements = null;
            closed = true;
            buffer.close();
        }
    }

    final Buffer buffer(Offload caller) {
        Objects.requireNonNull(caller, "caller");
        if (closed) {
            throw new IllegalStateException("device array is closed: " + this);
        }
        if (owner.isClosed()) {
            throw new IllegalStateException("device array was released when its Offload closed: " + this);
        }
        if (caller != owner) {
            throw new IllegalArgumentException("device array belongs to another Offload (" + owner + "): " + this);
        }
        return buffer;
    }

    final Backend backend() {
        return backend;
    }

    /**
     * The host array behind this device array, for {@code get(i)}/{@code set(i, v)}: present when the data lives in
     * host memory that kernels use in place (the Java backends). On an OpenCL device a single element is not worth a
     * transfer, and reading one from the host would hide a slow loop, so those calls belong inside a kernel.
     */
    final Object elements() {
        Object a = elements;
        if (a == null || owner.closedForElements()) {
            throw notOnHost(); // out of line: this method is inlined into every kernel loop that calls get or set
        }
        return a;
    }

    private IllegalStateException notOnHost() {
        if (isClosed()) {
            return new IllegalStateException("device array is closed: " + this);
        }
        return new IllegalStateException("get(i) and set(i, v) of " + this + " run inside kernels (parallelFor, "
                + "sumLong, ...); on the host, use toArray()");
    }

    final Object download() {
        return owner.download(this);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + length() + " x " + elementType().tag() + " on " + backend.device().id()
                + (isClosed() ? ", closed" : "") + "]";
    }
}
