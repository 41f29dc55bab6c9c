package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;

/** A {@link DeviceArray} of bytes (UTF-8 text for the word-length kernels). */
public final class DeviceBytes extends DeviceArray {

    DeviceBytes(Offload owner, Backend backend, Buffer buffer) {
        super(owner, backend, buffer, ElementType.U8);
    }

    /**
     * Downloads the whole array into a new {@code byte[]}.
     *
     * @return a new array holding the elements
     */
    public byte[] toArray() {
        return (byte[]) download();
    }
}
