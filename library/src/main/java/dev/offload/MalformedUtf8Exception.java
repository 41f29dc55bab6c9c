package dev.offload;

/**
 * Text handed over as {@code byte[]} is not well-formed UTF-8. The message and {@link #byteOffset()} name the first
 * bad byte; every backend reports the same offset, and no partial result is returned.
 */
public final class MalformedUtf8Exception extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The offset of the first bad byte. */
    private final long byteOffset;

    /**
     * Malformed UTF-8 at {@code byteOffset}.
     *
     * @param byteOffset the offset of the first byte that is not part of a well-formed sequence
     * @param reason     what is wrong there (for example "overlong encoding")
     */
    public MalformedUtf8Exception(long byteOffset, String reason) {
        super("malformed UTF-8 at byte offset " + byteOffset + ": " + reason);
        this.byteOffset = byteOffset;
    }

    /**
     * The offset of the first bad byte.
     *
     * @return the offset of the first bad byte
     */
    public long byteOffset() {
        return byteOffset;
    }
}
