package dev.offload;

import java.nio.charset.StandardCharsets;

/**
 * Families of built-in operations whose cost per byte is alike, each measured once per device with one
 * representative call: a single pass over numbers, and the text passes (UTF-8 decoding costs several times more per
 * byte than adding numbers, on every backend).
 */
enum CostFamily {
    /** Maps and reductions over numbers ({@link Kernels}); measured with {@link Kernels#SUM_SQUARES_I32}. */
    NUMBERS("numbers", 64, 32L << 20),
    /**
     * Word lengths, their histogram and word counts; measured with {@link Offload#wordCount(byte[])}, which moves
     * only its input (see {@link #wordLengthsBytes} for the call that also returns an array).
     */
    TEXT("text", 64, 4L << 20);

    private final String key;
    private final int smallBytes;
    private final long largeBytes;

    CostFamily(String key, int smallBytes, long largeBytes) {
        this.key = key;
        this.smallBytes = smallBytes;
        this.largeBytes = largeBytes;
    }

    /** Typical text: mostly ASCII words, some accented and CJK ones (the UTF-8 decoder's slower paths). */
    private static final byte[] SENTENCE = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod"
            + " tempor incididunt ut labore; na\u00efve caf\u00e9 fa\u00e7ade \u2013 \u6771\u4eac \u3000 et dolore.\n")
            .getBytes(StandardCharsets.UTF_8);

    /** An input of about {@code bytes} for this family's representative call (an {@code int[]}, or UTF-8 text). */
    Object input(long bytes) {
        int n = Math.toIntExact(bytes);
        return switch (this) {
            case NUMBERS -> {
                int[] xs = new int[n / Integer.BYTES];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = i * 0x9E3779B1 >> 8; // spread values; any will do, the pass reads them all
                }
                yield xs;
            }
            case TEXT -> {
                byte[] text = new byte[n];
                int i = 0;
                for (; i + SENTENCE.length <= n; i += SENTENCE.length) {
                    System.arraycopy(SENTENCE, 0, text, i, SENTENCE.length);
                }
                for (; i < n; i++) { // ASCII to the end: a cut sentence could end inside a character
                    text[i] = (byte) "lorem ".charAt(i % 6);
                }
                yield text;
            }
        };
    }

    /**
     * What a {@code wordLengths} call over {@code textBytes} moves: the text and its lengths, one {@code int} per word,
     * estimated at a word per 5.7 bytes as in English prose (0.7 bytes of lengths per byte of text).
     */
    static long wordLengthsBytes(long textBytes) {
        return textBytes + textBytes * 7 / 10;
    }

    /** The name in the cost file. */
    String key() {
        return key;
    }

    /** Input size of the call that measures the fixed part. */
    int smallBytes() {
        return smallBytes;
    }

    /** Input size of the call that measures the part per byte: large enough to leave the caches. */
    long largeBytes() {
        return largeBytes;
    }
}
