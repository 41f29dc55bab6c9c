package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;

/** A {@link DeviceArray} of 32-bit floats, made by {@link Offload#upload(float[])}. */
public final class DeviceFloats extends DeviceArray {

    DeviceFloats(Offload owner, Backend backend, Buffer buffer) {
        super(owner, backend, buffer, ElementType.F32);
    }

    /**
     * Downloads the whole array into a new {@code float[]}.
     *
     * @return a new array holding the elements
     */
    public float[] toArray() {
        return (float[]) download();
    }

    /**
     * Element {@code i}. Meant for kernels ({@code off.parallelFor(n, i -> d.set(i, d.get(i) * 2))}), where it
     * reads device memory; on the host it works only for arrays on a Java backend.
     *
     * @param i the index, in {@code [0, length())}
     * @return the element
     * @throws IllegalStateException on the host for an array on an OpenCL device (use {@link #toArray()})
     */
    public float get(int i) {
        return ((float[]) elements())[i];
    }

    /**
     * Sets element {@code i} to {@code value}. Meant for kernels; see {@link #get(int)}.
     *
     * @param i     the index, in {@code [0, length())}
     * @param value the new value
     * @throws IllegalStateException on the host for an array on an OpenCL device
     */
    public void set(int i, float value) {
        ((float[]) elements())[i] = value;
    }
}
