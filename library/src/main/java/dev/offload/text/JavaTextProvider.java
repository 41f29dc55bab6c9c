package dev.offload.text;

import dev.offload.MalformedUtf8Exception;
import dev.offload.backend.JavaText;

/**
 * This package's code as {@link JavaText}, for the text plan of {@code dev.offload.backend} (found with
 * {@link java.util.ServiceLoader}). Public only because service providers must be; not an API.
 */
public final class JavaTextProvider implements JavaText {
    /** The provider; stateless. */
    public JavaTextProvider() {
    }

    @Override
    public long wordCount(byte[] utf8, boolean parallel) {
        return JavaWordLengths.wordCount(utf8, parallel);
    }

    @Override
    public long[] histogram(byte[] utf8, boolean parallel) {
        return JavaWordLengths.histogram(utf8, parallel);
    }

    @Override
    public Lengths scanLengths(byte[] utf8, boolean parallel) {
        return JavaWordLengths.scanLengths(utf8, parallel);
    }

    @Override
    public MalformedUtf8Exception malformed(byte[] bytes, long offset) {
        try {
            Utf8.sequenceLength(bytes, 0, offset);
            return null;
        } catch (MalformedUtf8Exception e) {
            return e;
        }
    }
}
