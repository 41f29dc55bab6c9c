package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;

/** A {@link DeviceArray} of 32-bit integers. */
public final class DeviceInts extends DeviceArray {

    DeviceInts(Offload owner, Backend backend, Buffer buffer) {
        super(owner, backend, buffer, ElementType.I32);
    }

    /**
     * Downloads the whole array into a new {@code int[]}.
     *
     * @return a new array holding the elements
     */
    public int[] toArray() {
        return (int[]) download();
    }

    /**
     * Element {@code i}. Meant for kernels ({@code off.parallelFor(n, i -> d.set(i, d.get(i) * 2))}), where it
     * reads device memory; on the host it works only for arrays on a Java backend.
     *
     * @param i the index, in {@code [0, length())}
     * @return the element
     * @throws IllegalStateException on the host for an array on an OpenCL device (use {@link #toArray()})
     */
    public int get(int i) {
        return ((int[]) elements())[i];
    }

    /**
     * Sets element {@code i} to {@code value}. Meant for kernels; see {@link #get(int)}.
     *
     * @param i     the index, in {@code [0, length())}
     * @param value the new value
     * @throws IllegalStateException on the host for an array on an OpenCL device
     */
    public void set(int i, int value) {
        ((int[]) elements())[i] = value;
    }
}
