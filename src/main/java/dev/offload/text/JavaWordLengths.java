package dev.offload.text;


import java.util.Arrays;

/**
 * Word lengths, histogram and count of UTF-8 text in plain Java, validating as it goes. The sequential path is the
 * oracle for every other backend.
 */
public final class JavaWordLengths {
    private JavaWordLengths() {
    }

    /** Lengths in code points of the words of {@code utf8}. */
    public static int[] wordLengths(byte[] utf8, boolean parallel) {
        return sequentialLengths(utf8);
    }

    /** {@code hist[k]} = number of words of length k; length = longest + 1 ({@code [0]} for no words). */
    public static long[] histogram(byte[] utf8, boolean parallel) {
        int[] lengths = sequentialLengths(utf8);
        int max = 0;
        for (int l : lengths) {
            max = Math.max(max, l);
        }
        long[] hist = new long[max + 1];
        for (int l : lengths) {
            hist[l]++;
        }
        return hist;
    }

    /** Number of words. */
    public static long wordCount(byte[] utf8, boolean parallel) {
        return sequentialLengths(utf8).length;
    }

    /** The oracle: one pass, one code point at a time. */
    static int[] sequentialLengths(byte[] s) {
        int[] out = new int[16];
        int words = 0;
        int current = 0;
        int i = 0;
        while (i < s.length) {
            int b0 = s[i] & 0xFF;
            int cp;
            int len;
            if (b0 < 0x80) {
                cp = b0;
                len = 1;
            } else {
                len = Utf8.sequenceLength(s, i);   // throws on malformed input
                cp = Utf8.decode(s, i, len);
            }
            if (PythonWhitespace.isSpace(cp)) {
                if (current > 0) {
                    if (words == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[words++] = current;
                    current = 0;
                }
            } else {
                current++;
            }
            i += len;
        }
        if (current > 0) {
            if (words == out.length) {
                out = Arrays.copyOf(out, out.length + 1);
            }
            out[words++] = current;
        }
        return Arrays.copyOf(out, words);
    }
}
