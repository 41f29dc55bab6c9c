package dev.offload.text;

import dev.offload.MalformedUtf8Exception;

/**
 * UTF-8 well-formedness by the Unicode standard's table 3-7. A malformed sequence is reported at the offset of the
 * byte where it starts (its lead byte, or a stray continuation byte), which is the position Python's
 * {@code UnicodeDecodeError.start} gives for the same bytes.
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
            throw new MalformedUtf8Exception(i, String.format("unexpected continuation byte 0x%02X", b0));
        } else {
            throw new MalformedUtf8Exception(i, String.format("invalid start byte 0x%02X", b0));
        }
        for (int k = 1; k < len; k++) {
            if (i + k >= s.length) {
                throw new MalformedUtf8Exception(i, String.format("truncated %d-byte sequence starting 0x%02X", len, b0));
            }
            int b = s[i + k] & 0xFF;
            int l = k == 1 ? lo : 0x80;
            int h = k == 1 ? hi : 0xBF;
            if (b < l || b > h) {
                throw new MalformedUtf8Exception(i, String.format(
                        "invalid continuation byte 0x%02X at offset %d in sequence starting 0x%02X", b, i + k, b0));
            }
        }
        return len;
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
