package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;

/** A {@link DeviceArray} of 64-bit integers. */
public final class DeviceLongs extends DeviceArray {

    DeviceLongs(Offload owner, Backend backend, Buffer buffer) {
        super(owner, backend, buffer, ElementType.I64);
    }

    /** Downloads the whole array into a new {@code long[]}. */
    public long[] toArray() {
        return (long[]) download();
    }
}
