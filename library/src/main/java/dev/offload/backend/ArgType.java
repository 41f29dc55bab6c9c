package dev.offload.backend;

/**
 * The type of one argument in a {@link KernelSpec}'s signature, in the order the device function declares them.
 * Launches check every argument against it before anything is enqueued, so a wrong argument is an
 * {@link IllegalArgumentException} naming the kernel and the position, never a device crash.
 */
public enum ArgType {
    /** A {@link Buffer} of this backend ({@code __global T*}); any element type. */
    BUFFER,
    /** A {@code byte} passed by value (OpenCL {@code char}). */
    BYTE,
    /** A {@code short} passed by value (OpenCL {@code short}). */
    SHORT,
    /** A {@code char} passed by value (OpenCL {@code ushort}). */
    CHAR,
    /** An {@code int} passed by value; Java {@code boolean}s travel as 0 or 1. */
    INT,
    /** A {@code long} passed by value. */
    LONG,
    /** A {@code float} passed by value. */
    FLOAT,
    /** A {@code double} passed by value (needs a device with {@code cl_khr_fp64}). */
    DOUBLE,
    /** Work-group local scratch ({@code __local T*}): the argument is its size in bytes per work-item, an Integer. */
    LOCAL_PER_ITEM,
    /**
     * Work-group local scratch ({@code __local T*}) of a fixed size whatever the local size (a table of bins): the
     * argument is its size in bytes, an Integer.
     */
    LOCAL_BYTES;

    /** Whether {@code value} is an acceptable argument of this type (boxed primitives; Buffers; Integer for LOCAL). */
    public boolean accepts(Object value) {
        return switch (this) {
            case BUFFER -> value instanceof Buffer;
            case BYTE -> value instanceof Byte;
            case SHORT -> value instanceof Short;
            case CHAR -> value instanceof Character;
            case INT, LOCAL_PER_ITEM, LOCAL_BYTES -> value instanceof Integer;
            case LONG -> value instanceof Long;
            case FLOAT -> value instanceof Float;
            case DOUBLE -> value instanceof Double;
        };
    }
}
