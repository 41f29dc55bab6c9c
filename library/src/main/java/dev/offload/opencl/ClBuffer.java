package dev.offload.opencl;

import dev.offload.ElementType;
import dev.offload.backend.Buffer;
import org.jocl.CLException;
import org.jocl.cl_mem;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Device memory of one {@link OpenClBackend}: {@code length} elements of {@code type}, stored in one or more
 * {@code cl_mem} chunks because no single buffer may exceed {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}. Chunk {@code k}
 * holds elements {@code [k * chunkElements, min(length, (k + 1) * chunkElements))}; every chunk but the last is full.
 * An empty buffer has no chunks. Closing gives the chunks back to the backend's pool of free buffers (idempotent,
 * thread-safe). A {@linkplain #chunkView chunk view} shares one chunk of its parent and owns nothing. A small
 * one-chunk buffer may be {@linkplain DevicePool.Shared shared} with the host ({@link #hostView()}).
 */
final class ClBuffer implements Buffer {
    private final OpenClBackend owner;
    private final ElementType type;
    private final long length;
    private final long chunkElements;
    private final List<cl_mem> chunks;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ClBuffer parent;          // of a chunk view; null for a buffer that owns its chunks
    private final DevicePool.Shared shared; // its one chunk, when the host reads and writes it in place; else null

    ClBuffer(OpenClBackend owner, ElementType type, long length, long chunkElements, List<cl_mem> chunks) {
        this(owner, type, length, chunkElements, chunks, null, null);
    }

    /** A one-chunk buffer of {@code length} elements over shared memory. */
    ClBuffer(OpenClBackend owner, ElementType type, long length, long chunkElements, DevicePool.Shared shared) {
        this(owner, type, length, chunkElements, List.of(shared.mem()), null, shared);
    }

    private ClBuffer(OpenClBackend owner, ElementType type, long length, long chunkElements, List<cl_mem> chunks,
                     ClBuffer parent, DevicePool.Shared shared) {
        this.parent = parent;
        this.shared = shared;
        this.owner = owner;
        this.type = type;
        this.length = length;
        this.chunkElements = chunkElements;
        this.chunks = List.copyOf(chunks);
    }

    @Override
    public ElementType type() {
        return type;
    }

    @Override
    public long length() {
        return length;
    }

    /** The backend that made this buffer. */
    OpenClBackend owner() {
        return owner;
    }

    /** Elements per full chunk. */
    @Override
    public long chunkElements() {
        return chunkElements;
    }

    /** Number of chunks ({@code 0} for an empty buffer). */
    @Override
    public int chunkCount() {
        return chunks.size();
    }

    @Override
    public ClBuffer chunkView(int k) {
        if (chunks.size() == 1 && k == 0) {
            return this;
        }
        long n = chunkLength(k);
        return new ClBuffer(owner, type, n, n, List.of(chunk(k)), this, null);
    }

    /**
     * The memory of a shared buffer as the host sees it (native order, its first byte element 0), or null for a
     * buffer the host reaches only through commands. Read or write it only under the queue lock with no command
     * in flight ({@link Enqueue#idle()}), so that no kernel sees it change underneath.
     *
     * @throws IllegalStateException when the buffer is closed
     */
    ByteBuffer hostView() {
        if (shared == null) {
            return null;
        }
        if (isClosed()) {
            throw new IllegalStateException("device buffer is closed: " + this);
        }
        return shared.view();
    }

    /** The {@code cl_mem} of chunk {@code k}. @throws IllegalStateException when the buffer is closed */
    cl_mem chunk(int k) {
        if (isClosed()) {
            throw new IllegalStateException("device buffer is closed: " + this);
        }
        return chunks.get(k);
    }

    /** Index of the first element of chunk {@code k}. */
    long chunkStart(int k) {
        return k * chunkElements;
    }

    /** Number of elements in chunk {@code k}. */
    long chunkLength(int k) {
        return Math.min(chunkElements, length - k * chunkElements);
    }

    /** Whether {@link #close()} has been called. */
    boolean isClosed() {
        return closed.get() || (parent != null && parent.isClosed());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && parent == null) {
            owner.forget(this);
            CLException first = null;
            // Every call on this backend waits for its commands, so no command still uses the chunks.
            for (int k = 0; k < chunks.size(); k++) {
                try {
                    long bytes = chunkLength(k) * type.bytes();
                    if (shared != null) {
                        owner.recycle(shared, bytes);
                    } else {
                        owner.recycle(chunks.get(k), bytes);
                    }
                } catch (CLException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw Cl.failure("releasing " + this, first);
            }
        }
    }

    @Override
    public String toString() {
        return "ClBuffer[" + length + " x " + type.tag() + " in " + chunks.size() + " chunk(s) on "
                + owner.device().id() + (closed.get() ? ", closed" : "") + "]";
    }
}
