package dev.offload.opencl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Copies between Java heap arrays and mapped (pinned) host memory, in parallel slices for large copies: one thread
 * copies about 10 GB/s, well below what PCIe gen5 moves from pinned memory (about 54 GB/s on the H100 machine), so a
 * single-threaded fill would be the bottleneck of every upload. Also fills small shared buffers in place.
 */
final class HostCopy {
    /** Below this many bytes per slice, handing work to other threads costs more than it saves. */
    private static final long MIN_SLICE_BYTES = 1L << 21;

    private HostCopy() {
    }

    private static final byte[] ZEROS = new byte[4096];

    /** Zeroes the first {@code bytes} of {@code mapped}. */
    static void zero(ByteBuffer mapped, long bytes) {
        ByteBuffer b = mapped.duplicate();
        for (long at = 0; at < bytes; at += ZEROS.length) {
            b.put((int) at, ZEROS, 0, (int) Math.min(ZEROS.length, bytes - at));
        }
    }

    /**
     * Sets elements {@code [from, from + count)} of {@code mapped}, which holds elements of {@code type}, to
     * {@code value} narrowed to the type (as {@code clEnqueueFillBuffer} with that pattern would).
     */
    static void fill(ByteBuffer mapped, dev.offload.ElementType type, long from, long count, Number value) {
        ByteBuffer b = mapped.duplicate().order(ByteOrder.nativeOrder());
        int start = Math.toIntExact(from);
        int end = Math.toIntExact(from + count);
        switch (type) {
            case U8 -> {
                byte v = value.byteValue();
                for (int i = start; i < end; i++) {
                    b.put(i, v);
                }
            }
            case I16 -> {
                var v = b.asShortBuffer();
                for (int i = start; i < end; i++) {
                    v.put(i, value.shortValue());
                }
            }
            case U16 -> {
                var v = b.asCharBuffer();
                for (int i = start; i < end; i++) {
                    v.put(i, (char) value.intValue());
                }
            }
            case I32 -> {
                var v = b.asIntBuffer();
                for (int i = start; i < end; i++) {
                    v.put(i, value.intValue());
                }
            }
            case I64 -> {
                var v = b.asLongBuffer();
                for (int i = start; i < end; i++) {
                    v.put(i, value.longValue());
                }
            }
            case F32 -> {
                var v = b.asFloatBuffer();
                for (int i = start; i < end; i++) {
                    v.put(i, value.floatValue());
                }
            }
            case F64 -> {
                var v = b.asDoubleBuffer();
                for (int i = start; i < end; i++) {
                    v.put(i, value.doubleValue());
                }
            }
        }
    }

    /** Copies {@code array[from .. from + count)} to the start of {@code mapped}. */
    static void toMapped(Object array, int from, int count, ByteBuffer mapped) {
        copy(array, from, count, mapped, true);
    }

    /** Copies the start of {@code mapped} into {@code array[from .. from + count)}. */
    static void fromMapped(ByteBuffer mapped, Object array, int from, int count) {
        copy(array, from, count, mapped, false);
    }

    private static void copy(Object array, int from, int count, ByteBuffer mapped, boolean toMapped) {
        ByteBuffer bytes = mapped.duplicate().order(ByteOrder.nativeOrder());
        int elementBytes = dev.offload.ElementType.ofArray(array).bytes();
        long total = (long) count * elementBytes;
        long bySize = total / MIN_SLICE_BYTES;
        // availableProcessors() reads the cgroup limits each time (1.6 us here): not for a copy that stays whole.
        int slices = bySize <= 1 ? 1 : (int) Math.min(Runtime.getRuntime().availableProcessors(), bySize);
        if (slices == 1) {
            slice(array, from, 0, count, bytes, toMapped);
        } else {
            IntStream.range(0, slices).parallel().forEach(s -> {
                int start = (int) ((long) count * s / slices);
                int end = (int) ((long) count * (s + 1) / slices);
                slice(array, from, start, end - start, bytes, toMapped);
            });
        }
    }

    /** Copies elements {@code [start, start + len)} of the window (array index {@code from + start}). */
    private static void slice(Object array, int from, int start, int len, ByteBuffer bytes, boolean toMapped) {
        switch (array) {
            case byte[] a -> {
                ByteBuffer v = bytes.slice(start, len);
                if (toMapped) {
                    v.put(a, from + start, len);
                } else {
                    v.get(a, from + start, len);
                }
            }
            case int[] a -> {
                var v = bytes.asIntBuffer().slice(start, len);
                if (toMapped) {
                    v.put(a, from + start, len);
                } else {
                    v.get(a, from + start, len);
                }
            }
            case long[] a -> {
                var v = bytes.asLongBuffer().slice(start, len);
                if (toMapped) {
                    v.put(a, from + start, len);
                } else {
                    v.get(a, from + start, len);
                }
            }
            case double[] a -> {
                var v = bytes.asDoubleBuffer().slice(start, len);
                if (toMapped) {
                    v.put(a, from + start, len);
                } else {
                    v.get(a, from + start, len);
                }
            }
            case float[] a -> {
                var v = bytes.asFloatBuffer().slice(start, len);
                if (toMapped) {
                    v.put(a, from + start, len);
                } else {
                    v.get(a, from + start, len);
                }
            }
            case short[] a -> {
                var v = bytes.asShortBuffer().slice(start, len);
                if (toMapped) {
                    v.put(a, from + start, len);
                } else {
                    v.get(a, from + start, len);
                }
            }
            case char[] a -> {
                var v = bytes.asCharBuffer().slice(start, len);
                if (toMapped) {
                    v.put(a, from + start, len);
                } else {
                    v.get(a, from + start, len);
                }
            }
            default -> throw new IllegalArgumentException(array.getClass().toString());
        }
    }
}
