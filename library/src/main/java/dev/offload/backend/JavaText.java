package dev.offload.backend;

import dev.offload.MalformedUtf8Exception;

import java.util.ServiceLoader;

/**
 * The plain-Java text code that {@link TextPasses} needs: its Java bodies for the Java backends, and the reason of a
 * malformed sequence that a device found. Provided by {@code dev.offload.text} (Python's {@code str.split()} rules,
 * UTF-8 validation) and found with {@link ServiceLoader}, as backends are: that package throws the API's
 * {@link MalformedUtf8Exception}, so a static reference from this package to it would close a package cycle
 * ({@code dev.offload.backend -> dev.offload.text -> dev.offload -> dev.offload.backend}) beyond the one between the
 * API and this SPI. Exactly one provider is expected; the library ships it.
 */
public interface JavaText {

    /**
     * Number of words of {@code utf8}.
     *
     * @param utf8     UTF-8 text
     * @param parallel whether to use every core (else the calling thread only)
     * @return the number of words
     * @throws MalformedUtf8Exception at the first bad byte
     */
    long wordCount(byte[] utf8, boolean parallel);

    /**
     * {@code hist[k]} = number of words of length {@code k}; length = longest + 1 ({@code [0]} for no words).
     *
     * @param utf8     UTF-8 text
     * @param parallel whether to use every core (else the calling thread only)
     * @return the histogram
     * @throws MalformedUtf8Exception at the first bad byte
     */
    long[] histogram(byte[] utf8, boolean parallel);

    /**
     * The word lengths of {@code utf8}, found and validated but not yet gathered into one array.
     *
     * @param utf8     UTF-8 text
     * @param parallel whether to use every core (else the calling thread only)
     * @return the scan, which sizes and fills the lengths array
     * @throws MalformedUtf8Exception at the first bad byte
     */
    Lengths scanLengths(byte[] utf8, boolean parallel);

    /**
     * The exception for a sequence that a device reported ill-formed at {@code offset} of a text, its reason worked
     * out by the Java rules.
     *
     * @param bytes  the text's bytes from {@code offset} on (at most 4 are read)
     * @param offset the offset of {@code bytes[0]} in the text
     * @return the exception, or null when the bytes there are well-formed
     */
    MalformedUtf8Exception malformed(byte[] bytes, long offset);

    /** Word lengths found by {@link #scanLengths}, copied once into an array the caller sized. */
    interface Lengths {
        /**
         * Number of words.
         *
         * @return the number of words
         */
        int words();

        /**
         * Copies the lengths, in order, into {@code dst}.
         *
         * @param dst an array of exactly {@link #words()} elements
         */
        void lengthsInto(int[] dst);
    }

    /**
     * The library's provider, loaded once.
     *
     * @return the provider
     * @throws IllegalStateException when none is on the class or module path (a broken build)
     */
    static JavaText get() {
        return Holder.INSTANCE;
    }

    /** Loads on first use (initialisation of a nested class is lazy and thread-safe). */
    final class Holder {
        private static final JavaText INSTANCE = ServiceLoader.load(JavaText.class, JavaText.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + JavaText.class.getName()
                        + " provider: the library's META-INF/services or module-info lacks dev.offload.text"));

        private Holder() {
        }
    }
}
