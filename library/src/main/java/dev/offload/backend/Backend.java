package dev.offload.backend;

import dev.offload.Device;
import dev.offload.ElementType;

/**
 * One opened device. Every method is thread-safe: {@link dev.offload.Offload} may call it from many threads at once.
 * Buffers are only ever passed back to the backend that made them.
 *
 * <p>Errors: environment failures are {@link dev.offload.OffloadException}s ({@link dev.offload.KernelBuildException},
 * {@link dev.offload.DeviceException}); malformed text is {@link dev.offload.MalformedUtf8Exception}. Arguments have
 * been checked for null and type by the caller.
 */
public interface Backend extends AutoCloseable {

    /** The device this backend runs on. */
    Device device();

    /**
     * Copies a host array ({@code byte[]}, {@code int[]}, {@code long[]} or {@code double[]}) into a new buffer that
     * the caller owns. Later changes to the array do not affect the buffer.
     */
    Buffer upload(Object array, Phases phases);

    /**
     * A buffer over a host array for the duration of one call. The array is not modified. Java backends may use the
     * array itself (no copy); OpenCL backends upload it.
     */
    Buffer borrow(Object array, Phases phases);

    /** Copies a buffer back into a new host array of the buffer's element type. */
    Object download(Buffer buffer, Phases phases);

    /**
     * Downloads a buffer this backend made (a map's result, or the word lengths of {@link TextPasses}) and closes it. A
     * backend whose buffers are host memory may hand that memory over instead of copying it.
     */
    default Object take(Buffer buffer, Phases phases) {
        try (buffer) {
            return download(buffer, phases);
        }
    }

    // ---------------------------------------------------------------- the generic launch path

    /** A new buffer of {@code length} elements of {@code type}, every element zero; the caller owns it. */
    Buffer allocate(ElementType type, long length, Phases phases);

    /**
     * A new buffer of {@code length} elements of {@code type} whose contents are undefined, for outputs and scratch
     * that kernels write before anything reads them (no clearing pass); the caller owns it.
     */
    default Buffer allocateUninitialized(ElementType type, long length, Phases phases) {
        return allocate(type, length, phases);
    }

    /**
     * Copies a buffer back into an existing host array of its element type and length (results written in place into
     * the caller's own array).
     */
    void downloadInto(Buffer buffer, Object array, Phases phases);

    /**
     * A new buffer of {@code length} elements of {@code type} in one chunk whatever its size, contents undefined: a
     * plan's own working data (counters, partials, records) that a kernel must receive whole. Not split at the chunk
     * size that {@link dev.offload.OffloadOptions#withMaxAllocationBytes} sets for data buffers (which exists to
     * exercise chunking), only limited by the device; meant for small buffers. The caller owns it.
     */
    default Buffer allocateScratch(ElementType type, long length, Phases phases) {
        return allocateUninitialized(type, length, phases);
    }

    /**
     * Sets elements {@code [from, from + count)} of {@code buffer} to {@code value}, converted to the buffer's element
     * type as a Java cast would ({@code (byte) 0x20}, {@code (int) -1}). Inside {@link #inOneTurn} it may return
     * before the device has done it; later calls see it done. Not counted in the phases (no host data moves).
     *
     * @throws IndexOutOfBoundsException when the range does not lie in the buffer
     */
    void fill(Buffer buffer, long from, long count, Number value, Phases phases);

    /**
     * Copies elements {@code [srcFrom, srcFrom + count)} of {@code src} to {@code dst} from element {@code dstFrom},
     * on the device (buffers of one element type; chunks are crossed as needed; the ranges must not overlap). Inside
     * {@link #inOneTurn} it may return before the device has done it; later calls see it done. Not counted in the
     * phases (no host data moves).
     *
     * @throws IllegalArgumentException  when the element types differ
     * @throws IndexOutOfBoundsException when a range does not lie in its buffer
     */
    void copy(Buffer src, long srcFrom, Buffer dst, long dstFrom, long count, Phases phases);

    /**
     * Copies the elements {@code [from, from + length of array)} of a buffer into an existing host array of its
     * element type: a few words of a plan's state or scratch without the rest. Meant for small ranges (one direct
     * read per chunk); whole buffers go through {@link #downloadInto(Buffer, Object, Phases)}.
     *
     * @throws IndexOutOfBoundsException when the range does not lie in the buffer
     */
    void downloadInto(Buffer buffer, long from, Object array, Phases phases);

    /**
     * Whether this backend's kernels should walk one contiguous slice per work-item: the value of
     * {@code OFFLOAD_CONTIGUOUS} it defines for every kernel source ({@link KernelSpec}), for plans whose host side
     * sizes launches by the same choice (bytes per work-item). True on the Java backends, whose groups are slices.
     */
    default boolean contiguous() {
        return true;
    }

    /**
     * The work-group size for {@link LaunchRange#groups} launches of {@code kernel} aimed at {@code target}: the
     * largest multiple of the kernel's preferred multiple that is at most {@code target} and the device's limit for
     * the kernel (or that limit when it is below the multiple), asked from the device per kernel. At least 1. The
     * Java backends, where a group is a slice of any size, answer {@code target}.
     */
    default int localSize(PreparedKernel kernel, int target) {
        return Math.max(1, target);
    }

    /**
     * The most work-items a plan puts in one {@link LaunchRange#groups} launch; longer ranges are split into several
     * launches. {@link Integer#MAX_VALUE}, the default, where one launch of any size is as good. The OpenCL backend
     * answers 65534 on PoCL, which compiles every kernel once more (seconds each) for grids of 65535 work-items or
     * more (its "small grid" variants are the others): below that, every launch of a plan runs one of the variants
     * that a program loaded from the on-disk cache already holds, whatever the size of the input.
     */
    default int maxLaunchItems() {
        return Integer.MAX_VALUE;
    }

    /**
     * Prepares a kernel on this device: builds its program (cached by source text and build options) or, on the Java
     * backends, checks that it has a Java body.
     *
     * @throws dev.offload.KernelBuildException when the device source does not compile, with the build log
     * @throws dev.offload.DeviceException      when the kernel needs what the device lacks (such as fp64)
     */
    PreparedKernel prepare(KernelSpec spec);

    /**
     * Number of work-groups a 1-D launch of {@code kernel} over {@code n} work-items will use: the length of the
     * partials array a reduction needs (each work-group writes one). At least 1.
     */
    int groups(PreparedKernel kernel, int n);

    /**
     * Launches a prepared kernel over {@code range} with {@code args} (checked against its signature) and waits for
     * it to finish.
     */
    void launch(PreparedKernel kernel, LaunchRange range, Object[] args, Phases phases);

    /**
     * Runs {@code body}'s calls on this backend as one turn on the device: {@link #launch}es inside it may return
     * before their kernels finish (a device queue runs them in order), downloads inside it still see every earlier
     * launch's results, and everything has finished when this returns. Plans of several launches use it to wait
     * once instead of once per launch. The default runs {@code body} as it is.
     */
    default <T> T inOneTurn(Phases phases, java.util.function.Supplier<T> body) {
        return body.get();
    }

    /**
     * The folder where this backend keeps what it learned about its device across JVMs (built programs), for other
     * per-device knowledge to live beside; null when it keeps nothing (the Java backends, or the cache turned off).
     */
    default java.nio.file.Path cacheFolder() {
        return null;
    }

    /** Releases every native resource this backend holds. Idempotent. */
    @Override
    void close();
}
