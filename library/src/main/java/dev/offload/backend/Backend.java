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
     * Downloads a buffer this backend made (a map's result, or {@link #wordLengths}') and closes it. A
     * backend whose buffers are host memory may hand that memory over instead of copying it.
     */
    default Object take(Buffer buffer, Phases phases) {
        try (buffer) {
            return download(buffer, phases);
        }
    }

    /**
     * Lengths in code points of the words of UTF-8 text (a {@link ElementType#U8} buffer), as a new
     * {@link ElementType#I32} buffer. See {@link dev.offload.Offload#wordLengths(byte[])} for the exact rules.
     *
     * @throws dev.offload.MalformedUtf8Exception naming the first bad byte
     */
    Buffer wordLengths(Buffer utf8, Phases phases);

    /**
     * {@code hist[k]} = number of words of length {@code k} in UTF-8 text; the array's length is the longest word's
     * length plus one (a single {@code 0} for text with no words).
     */
    long[] wordLengthHistogram(Buffer utf8, Phases phases);

    /** Number of words in UTF-8 text. */
    long wordCount(Buffer utf8, Phases phases);

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

    /** Releases every native resource this backend holds. Idempotent. */
    @Override
    void close();
}
