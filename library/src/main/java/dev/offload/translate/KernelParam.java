package dev.offload.translate;

import java.util.Objects;

/**
 * One captured value of a kernel, in {@code SerializedLambda} capture order. A {@link ParamKind#SCALAR} is one
 * kernel argument; an {@link ParamKind#ARRAY} or {@link ParamKind#DEVICE_ARRAY} is two, {@code __global T* name} and
 * {@code const int name_len}.
 *
 * <p>{@code read}: the body (or a helper it calls) may load from the array ({@code xaload}, {@code DeviceX.get},
 * {@code Atomics.add}). {@code written}: it may store into it ({@code xastore}, {@code DeviceX.set},
 * {@code Atomics.add}); only written arrays need copying back. An array that is written but not read must still be
 * uploaded unless the launcher knows every element is written: elements the body skips keep their Java values.
 * Scalars are always {@code read} and never {@code written}.
 *
 * @param name         the C name of the argument (from the lambda's local variable table when present, prefixed
 *                     {@code p_} so it never collides with an OpenCL keyword or the skeleton's own arguments)
 * @param kind         scalar, heap array or device array
 * @param type         the scalar's type or the array's element type
 * @param read         whether the kernel may read the array
 * @param written      whether the kernel may write the array
 * @param captureIndex the index of the value in {@code SerializedLambda.getCapturedArg}
 */
public record KernelParam(String name, ParamKind kind, ParamType type, boolean read, boolean written, int captureIndex) {
    /** Checks the components. */
    public KernelParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
    }

    /** True for the two array kinds, which take a pointer and a length argument. */
    public boolean isArray() {
        return kind != ParamKind.SCALAR;
    }
}
