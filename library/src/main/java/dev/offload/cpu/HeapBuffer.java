package dev.offload.cpu;

import dev.offload.ElementType;
import dev.offload.backend.Buffer;

/** A Java backend's "device memory": a heap array. Closing drops the reference so the array can be collected. */
final class HeapBuffer implements Buffer {
    private final ElementType type;
    private final int length;
    private final boolean borrowed;
    private volatile Object array;

    HeapBuffer(Object array) {
        this(array, false);
    }

    /**
     * A buffer over {@code array}.
     *
     * @param borrowed whether the array is the caller's own (never to be handed out or written)
     */
    HeapBuffer(Object array, boolean borrowed) {
        this.borrowed = borrowed;
        this.type = ElementType.ofArray(array);
        this.length = ElementType.lengthOf(array);
        this.array = array;
    }

    @Override
    public ElementType type() {
        return type;
    }

    @Override
    public long length() {
        return length;
    }

    /** Hands the array over and closes this buffer: for results that nobody else can see. */
    Object release() {
        if (borrowed) {
            throw new IllegalStateException("a borrowed array belongs to the caller");
        }
        Object a = array();
        array = null;
        return a;
    }

    @Override
    public Object hostArray() {
        return array();
    }

    Object array() {
        Object a = array;
        if (a == null) {
            throw new IllegalStateException("buffer is closed");
        }
        return a;
    }

    @Override
    public void close() {
        array = null;
    }
}
