package dev.offload.translate;

/** How a captured value reaches the kernel. */
public enum ParamKind {
    /** A captured primitive: one kernel argument of its C type. */
    SCALAR,
    /** A captured Java primitive array: {@code __global T* NAME, const int NAME_len}; uploaded, and copied back if written. */
    ARRAY,
    /** A captured {@code DeviceInts}/{@code DeviceLongs}/{@code DeviceDoubles}/{@code DeviceFloats}: the same two arguments, its buffer. */
    DEVICE_ARRAY
}
