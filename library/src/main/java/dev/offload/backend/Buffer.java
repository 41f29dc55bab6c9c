package dev.offload.backend;

import dev.offload.ElementType;

/**
 * Memory owned by one backend: device memory for OpenCL, a heap array for Java. Closing it releases that memory;
 * closing twice is harmless. Implementations are thread-safe for concurrent reads.
 */
public interface Buffer extends AutoCloseable {
    /** The type of each element. */
    ElementType type();

    /** Number of elements. */
    long length();

    /**
     * The host array holding this buffer's elements when the buffer is host memory that kernels use in place (the
     * Java backends), else null. Lets device arrays read and write single elements without a transfer.
     */
    default Object hostArray() {
        return null;
    }

    /**
     * Elements per chunk: a backend may store a buffer in chunks (OpenCL: no single allocation may exceed the
     * device's largest), every chunk but the last holding this many. A kernel argument is at most one chunk. Chunk
     * sizes are chosen so that a chunk of a wider type always lies inside one chunk of a narrower one.
     */
    default long chunkElements() {
        return Math.max(1, length());
    }

    /** Number of chunks; 0 for an empty buffer. */
    default int chunkCount() {
        return length() == 0 ? 0 : 1;
    }

    /**
     * Chunk {@code k} as a buffer of its own, to pass as one kernel argument: a view that shares this buffer's memory
     * (closing it does nothing; it is valid while this buffer is open).
     */
    default Buffer chunkView(int k) {
        java.util.Objects.checkIndex(k, chunkCount());
        return this;
    }

    /** Releases the memory. Idempotent. */
    @Override
    void close();
}
