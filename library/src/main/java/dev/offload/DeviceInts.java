package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;

/** A {@link DeviceArray} of 32-bit integers. */
public final class DeviceInts extends DeviceArray {

    DeviceInts(Offload owner, Backend backend, Buffer buffer) {
        super(owner, backend, buffer, ElementType.I32);
    }

    /** Downloads the whole array into a new {@code int[]}. */
    public int[] toArray() {
        return (int[]) download();
    }
}
