package dev.offload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Atomic read-modify-write on array elements, usable inside kernel bodies: on a device they become OpenCL atomics
 * ({@code atomic_add}, {@code atom_add}); in the Java fallback they are {@link VarHandle} operations, so a body run
 * by many threads at once (a histogram, a counter) stays correct there too.
 *
 * <pre>{@code
 * off.parallelFor(n, i -> Atomics.add(hist, bin(x[i]), 1));
 * }</pre>
 */
public final class Atomics {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private Atomics() {
    }

    /**
     * Atomically adds {@code delta} to {@code array[index]} (wrapping on overflow) and returns the previous value.
     *
     * @param array the array
     * @param index the index of the element to add to
     * @param delta the amount to add
     * @return the element's value before the addition
     * @throws ArrayIndexOutOfBoundsException if {@code index} is outside the array
     */
    public static int add(int[] array, int index, int delta) {
        return (int) INTS.getAndAdd(array, index, delta);
    }

    /**
     * Atomically adds {@code delta} to {@code array[index]} (wrapping on overflow) and returns the previous value.
     *
     * @param array the array
     * @param index the index of the element to add to
     * @param delta the amount to add
     * @return the element's value before the addition
     * @throws ArrayIndexOutOfBoundsException if {@code index} is outside the array
     */
    public static long add(long[] array, int index, long delta) {
        return (long) LONGS.getAndAdd(array, index, delta);
    }
}
