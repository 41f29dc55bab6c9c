package dev.offload.text;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Reproducible Unicode-heavy UTF-8 text for benchmarks and differential tests: the same size and seed give the same
 * bytes everywhere. The ASCII counterpart is the CLI's {@code LoremText}; this one exercises every path of the word
 * kernels that lorem never reaches.
 *
 * <pre>{@code
 * byte[] t = UnicodeText.ofBytes(64 << 20, 42);   // exactly 64 MiB of well-formed UTF-8
 * }</pre>
 *
 * <p>Words of 1 to 12 code points, each drawn from one script at a time (so sequence lengths mix within a text, a
 * paragraph and often a word): Latin with accents and Greek/Cyrillic (2 bytes), CJK, kana, Hangul, Devanagari and
 * punctuation from the E2 block next to the whitespace there (3 bytes), emoji with skin-tone modifiers and ZWJ
 * (4 bytes), combining marks (U+0301, U+20D7; 2 and 3 bytes), the non-space format characters U+200B, U+FEFF, U+00AD
 * that must not split words, and some plain ASCII words. Separators are drawn from all 29 code points of Python's
 * {@code str.isspace()}, weighted towards the space, NBSP, U+3000 and U+2028, sometimes in runs. About 2.6 bytes per
 * code point, 95% of code points outside ASCII letters.
 *
 * <p>Not an API: a test and benchmark helper in the library so that the library's tests and {@code bench/} share it.
 */
public final class UnicodeText {
    private static final int[] SPACES = PythonWhitespace.all();
    /** Separators other than the space, with the multi-byte favourites repeated to weight them. */
    private static final int[] COMMON_SPACES = {0xA0, 0xA0, 0x3000, 0x3000, 0x2028, '\n', '\t', 0x2009, 0x85};

    /** Ranges (first, last) of each script; a word takes its letters from one. */
    private static final int[][][] SCRIPTS = {
        {{0xC0, 0xFF}, {0x100, 0x17F}},                // Latin-1 and Latin Extended-A: 2 bytes
        {{0x391, 0x3C9}, {0x410, 0x44F}},              // Greek, Cyrillic: 2 bytes
        {{0x4E00, 0x9FFF}},                            // CJK ideographs: 3 bytes (E4..E9 leads)
        {{0x3041, 0x3096}, {0x30A1, 0x30FA}},          // hiragana, katakana: 3 bytes with lead E3, as U+3000 is
        {{0xAC00, 0xD7A3}},                            // Hangul syllables: 3 bytes (EA..ED leads)
        {{0x905, 0x939}, {0x93E, 0x94C}},              // Devanagari letters and vowel signs: 3 bytes (E0 lead)
        {{0x2010, 0x2027}, {0x2030, 0x205E}},          // E2 80/81 punctuation beside the E2 spaces
        {{0x1681, 0x169C}},                            // Ogham letters: E1 9A, like the space U+1680
        {{0x1F300, 0x1F5FF}, {0x1F600, 0x1F64F}},      // emoji: 4 bytes
        {{0x10000, 0x1007F}, {0x10FF00, 0x10FFFD}},    // Linear B, plane 16 private use: 4 bytes (F0, F4 leads)
        {{'a', 'z'}},                                  // ASCII
    };
    /** Code points that may follow a letter inside any word: combining marks, skin tones, ZWJ, format characters. */
    private static final int[] INSIDE = {0x301, 0x308, 0x20D7, 0x1F3FB, 0x200D, 0x200B, 0xFEFF, 0xAD};

    private UnicodeText() {
    }

    /**
     * Exactly {@code bytes} bytes of well-formed UTF-8: words and separators as described above, cut at the last
     * whole code point and padded with spaces.
     *
     * @throws IllegalArgumentException when {@code bytes} is negative
     */
    public static byte[] ofBytes(int bytes, long seed) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, not " + bytes);
        }
        byte[] out = new byte[bytes];
        SplittableRandom r = new SplittableRandom(seed);
        int at = 0;
        while (true) {
            int script = r.nextInt(SCRIPTS.length);   // ASCII words are one in eleven
            int letters = 1 + r.nextInt(12);
            for (int i = 0; i < letters; i++) {
                int cp = i > 0 && r.nextInt(8) == 0 ? INSIDE[r.nextInt(INSIDE.length)] : letter(r, script);
                int next = put(out, at, cp);
                if (next < 0) {
                    Arrays.fill(out, at, bytes, (byte) ' ');
                    return out;
                }
                at = next;
            }
            int separators = r.nextInt(10) == 0 ? 1 + r.nextInt(4) : 1;
            for (int i = 0; i < separators; i++) {
                int x = r.nextInt(10);
                int cp = x < 5 ? ' ' : x < 9 ? COMMON_SPACES[r.nextInt(COMMON_SPACES.length)]
                        : SPACES[r.nextInt(SPACES.length)];
                int next = put(out, at, cp);
                if (next < 0) {
                    Arrays.fill(out, at, bytes, (byte) ' ');
                    return out;
                }
                at = next;
            }
        }
    }

    private static int letter(SplittableRandom r, int script) {
        int[][] ranges = SCRIPTS[script];
        int[] range = ranges[r.nextInt(ranges.length)];
        return range[0] + r.nextInt(range[1] - range[0] + 1);
    }

    /** Writes cp's UTF-8 at {@code at}; returns the offset after it, or -1 (nothing written) when it does not fit. */
    private static int put(byte[] out, int at, int cp) {
        int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (at + n > out.length) {
            return -1;
        }
        switch (n) {
            case 1 -> out[at] = (byte) cp;
            case 2 -> {
                out[at] = (byte) (0xC0 | cp >> 6);
                out[at + 1] = (byte) (0x80 | cp & 0x3F);
            }
            case 3 -> {
                out[at] = (byte) (0xE0 | cp >> 12);
                out[at + 1] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[at + 2] = (byte) (0x80 | cp & 0x3F);
            }
            default -> {
                out[at] = (byte) (0xF0 | cp >> 18);
                out[at + 1] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[at + 2] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[at + 3] = (byte) (0x80 | cp & 0x3F);
            }
        }
        return at + n;
    }
}
