package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;

/** A {@link DeviceArray} of doubles. */
public final class DeviceDoubles extends DeviceArray {

    DeviceDoubles(Offload owner, Backend backend, Buffer buffer) {
        super(owner, backend, buffer, ElementType.F64);
    }

    /** Downloads the whole array into a new {@code double[]}. */
    public double[] toArray() {
        return (double[]) download();
    }
}
