package dev.offload.text;

import dev.offload.MalformedUtf8Exception;

/**
 * UTF-8 well-formedness by the Unicode standard's table 3-7 (section 3.9, D92), the definition every backend shares.
 *
 * <h2>Well-formed sequences</h2>
 * <pre>
 *   U+0000..U+007F     00..7F
 *   U+0080..U+07FF     C2..DF  80..BF
 *   U+0800..U+0FFF     E0      A0..BF  80..BF
 *   U+1000..U+CFFF     E1..EC  80..BF  80..BF
 *   U+D000..U+D7FF     ED      80..9F  80..BF        (ED A0..BF is a surrogate: rejected)
 *   U+E000..U+FFFF     EE..EF  80..BF  80..BF
 *   U+10000..U+3FFFF   F0      90..BF  80..BF  80..BF
 *   U+40000..U+FFFFF   F1..F3  80..BF  80..BF  80..BF
 *   U+100000..U+10FFFF F4      80..8F  80..BF  80..BF
 * </pre>
 * So overlong forms (C0, C1, E0 80..9F, F0 80..8F), encoded surrogates, code points above U+10FFFF (F4 90.., F5..FF),
 * stray continuation bytes and sequences cut short by the end of the text or by a byte that does not fit are all
 * malformed. Noncharacters (U+FFFE, U+FFFF, U+10FFFF...) and private-use code points are well-formed.
 *
 * <h2>The offset reported</h2>
 * The first malformed sequence is reported at the offset of the byte where it starts: its lead byte (for a sequence
 * whose later byte does not fit, or that the end of the text cuts short), or the offending byte itself (a stray
 * continuation byte, or C0, C1, F5..FF). Everything before that offset is well-formed. This is exactly Python 3's
 * {@code UnicodeDecodeError.start} from {@code bytes.decode("utf-8")}: {@code src/test/python/gen_word_cases.py}
 * checks the two agree on every 1- and 2-byte string, every 3-byte string with lead E0..F4, 4-byte strings with
 * lead F0..F4 and 300,000 random strings of up to 8 bytes before it writes the test cases (CPython 3.11: no
 * disagreement). For example {@code E0 80 80} is reported at 0 (Python: "invalid continuation byte", start 0), and
 * {@code 61 E2 82} at 1 ("unexpected end of data", start 1).
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Length of the well-formed sequence starting at {@code i} (1 to 4).
     *
     * @throws MalformedUtf8Exception at offset {@code i} when the sequence there is not well-formed
     */
    public static int sequenceLength(byte[] s, int i) {
        return sequenceLength(s, i, 0);
    }

    /**
     * {@link #sequenceLength(byte[], int)} on a window copied out of a longer text, {@code s[0]} being byte
     * {@code base} of that text: the offsets in the exception, and in its message, are the whole text's.
     *
     * @throws MalformedUtf8Exception at offset {@code base + i} when the sequence there is not well-formed
     */
    public static int sequenceLength(byte[] s, int i, long base) {
        int b0 = s[i] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        int len;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            if (b0 == 0xE0) {
                lo = 0xA0;
            } else if (b0 == 0xED) {
                hi = 0x9F;
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F;
            }
        } else if (b0 >= 0x80 && b0 <= 0xBF) {
            throw new MalformedUtf8Exception(base + i, String.format("unexpected continuation byte 0x%02X", b0));
        } else {
            throw new MalformedUtf8Exception(base + i, String.format("invalid start byte 0x%02X (%s)", b0,
                    b0 <= 0xC1 ? "overlong 2-byte form" : b0 <= 0xF7 ? "code point above U+10FFFF" : "never in UTF-8"));
        }
        for (int k = 1; k < len; k++) {
            if (i + k >= s.length) {
                throw new MalformedUtf8Exception(base + i,
                        String.format("truncated %d-byte sequence starting 0x%02X", len, b0));
            }
            int b = s[i + k] & 0xFF;
            int l = k == 1 ? lo : 0x80;
            int h = k == 1 ? hi : 0xBF;
            if (b < l || b > h) {
                throw new MalformedUtf8Exception(base + i, String.format(
                        "invalid continuation byte 0x%02X at offset %d in sequence starting 0x%02X%s", b,
                        base + i + k, b0,
                        k > 1 || (b & 0xC0) != 0x80 ? ""
                                : b0 == 0xE0 || b0 == 0xF0 ? " (overlong form)"
                                : b0 == 0xED ? " (encoded surrogate)" : " (code point above U+10FFFF)"));
            }
        }
        return len;
    }

    /**
     * Checks that all of {@code s} is well-formed UTF-8.
     *
     * @throws MalformedUtf8Exception naming the offset of the first malformed sequence
     */
    public static void validate(byte[] s) {
        int i = 0;
        while (i < s.length) {
            i += s[i] >= 0 ? 1 : sequenceLength(s, i);
        }
    }

    /**
     * The offset of the first malformed sequence of {@code s}, or -1 when it is all well-formed.
     */
    public static int firstMalformed(byte[] s) {
        try {
            validate(s);
            return -1;
        } catch (MalformedUtf8Exception e) {
            return (int) e.byteOffset();
        }
    }

    /** The code point of a well-formed sequence of {@code len} bytes at {@code i}. */
    public static int decode(byte[] s, int i, int len) {
        int b0 = s[i] & 0xFF;
        return switch (len) {
            case 1 -> b0;
            case 2 -> ((b0 & 0x1F) << 6) | (s[i + 1] & 0x3F);
            case 3 -> ((b0 & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            default -> ((b0 & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        };
    }
}
