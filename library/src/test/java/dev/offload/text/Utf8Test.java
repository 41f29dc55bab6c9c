package dev.offload.text;

import dev.offload.MalformedUtf8Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Utf8} against Python's offsets and the JDK's decoder, and {@link PythonWhitespace} against Python's set. */
class Utf8Test {
    static List<WordCases.Malformed> malformed() {
        return WordCases.malformed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void validate_malformedCase_throwsAtPythonsOffset(WordCases.Malformed c) {
        byte[] s = c.data();
        MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class, () -> Utf8.validate(s), c.name());
        assertEquals(c.offset(), e.byteOffset(), c.name());
        assertEquals(c.offset(), Utf8.firstMalformed(s), c.name());
    }

    @Test
    void firstMalformed_everyShortString_agreesWithTheJdkDecoder() {
        // Every 1- and 2-byte string, every 3-byte string led by E0..F4, and 4-byte strings led by F0..F4.
        for (int a = 0; a < 256; a++) {
            check(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                check(new byte[] {(byte) a, (byte) b});
            }
        }
        for (int a = 0xE0; a <= 0xF4; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0; c < 256; c++) {
                    check(new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
        for (int a = 0xF0; a <= 0xF4; a++) {
            for (int b = 0x80; b < 0xC0; b++) {
                for (int c : new int[] {0x41, 0x80, 0xBF, 0xC0}) {
                    for (int d = 0; d < 256; d++) {
                        check(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
                    }
                }
            }
        }
    }

    @Test
    void validate_wellFormedText_passes() {
        Utf8.validate("a\u00E9\u4E2D\uD83D\uDE00\uDBFF\uDFFF\uFFFF\uE000".getBytes(StandardCharsets.UTF_8));
        Utf8.validate(new byte[0]);
        assertEquals(-1, Utf8.firstMalformed("plain".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void sequenceLength_message_namesWhatIsWrong() {
        assertMessage(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "encoded surrogate");
        assertMessage(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, "overlong");
        assertMessage(new byte[] {(byte) 0xC0, (byte) 0x80}, "overlong");
        assertMessage(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "above U+10FFFF");
        assertMessage(new byte[] {(byte) 0xF5}, "above U+10FFFF");
        assertMessage(new byte[] {(byte) 0x80}, "unexpected continuation byte 0x80");
        assertMessage(new byte[] {(byte) 0xE2, (byte) 0x82}, "truncated 3-byte sequence");
    }

    @Test
    void isSpace_everyCodePoint_isPythonsSet() {
        int[] python = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001,
            0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000};
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            assertEquals(java.util.Arrays.binarySearch(python, cp) >= 0, PythonWhitespace.isSpace(cp),
                    String.format("U+%04X", cp));
        }
        assertEquals(29, PythonWhitespace.all().length);
        assertTrue(java.util.Arrays.equals(python, PythonWhitespace.all()));
        // Where Java's own notion differs, in both directions.
        assertTrue(PythonWhitespace.isSpace(0xA0) && !Character.isWhitespace(0xA0));
        assertTrue(!PythonWhitespace.isSpace(0x180E));
    }

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(8);

    private void check(byte[] s) {
        CharsetDecoder d = jdk.reset();
        chars.clear();
        ByteBuffer in = ByteBuffer.wrap(s);
        int expected = d.decode(in, chars, true).isError() ? in.position() : -1;
        if (expected != Utf8.firstMalformed(s)) {
            throw new AssertionError(String.format("%s: JDK %d, Utf8 %d", java.util.HexFormat.of().formatHex(s),
                    expected, Utf8.firstMalformed(s)));
        }
    }

    private static void assertMessage(byte[] s, String part) {
        MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class, () -> Utf8.validate(s));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertEquals(0, e.byteOffset());
    }
}
