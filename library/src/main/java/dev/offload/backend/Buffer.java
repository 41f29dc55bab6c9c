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

    /** Releases the memory. Idempotent. */
    @Override
    void close();
}
