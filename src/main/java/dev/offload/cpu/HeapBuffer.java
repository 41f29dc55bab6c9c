package dev.offload.cpu;

import dev.offload.ElementType;
import dev.offload.backend.Buffer;

/** A Java backend's "device memory": a heap array. Closing drops the reference so the array can be collected. */
final class HeapBuffer implements Buffer {
    private final ElementType type;
    private final int length;
    private volatile Object array;

    HeapBuffer(Object array) {
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
