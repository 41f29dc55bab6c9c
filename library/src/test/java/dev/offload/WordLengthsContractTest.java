package dev.offload;

import dev.offload.text.JavaWordLengths;
import dev.offload.text.WordCases;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every behaviour of the word-length operations ({@code wordLengths}, {@code wordLengthHistogram}, {@code wordCount}
 * on {@code String}, {@code byte[]} and {@link DeviceBytes}), on every backend of the device matrix
 * ({@link BackendMatrix}). The expected answers are Python 3's {@code [len(w) for w in text.split()]} and
 * {@code UnicodeDecodeError.start}, written as test resources by {@code src/test/python/gen_word_cases.py}; nothing
 * here depends on which backend runs.
 */
class WordLengthsContractTest {
    /** Python's {@code str.isspace()} set. */
    static final int[] WHITESPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
            0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029,
            0x202F, 0x205F, 0x3000};
    /** Code points that look like, or once were, whitespace, but are not for Python. */
    static final int[] NOT_WHITESPACE = {0x200B, 0xFEFF, 0x00AD, 0x2060, 0x180E, 0x200C, 0x200D, 0x3164, 0x2800,
            0x0000, 0x0008, 0x001B, 0x007F, 0x0084, 0x0086, 0x0301, 0xFFFF, 0x10FFFF};

    // ---------------------------------------------------------------- golden cases

    static Stream<Arguments> golden() {
        return Stream.of(
                Arguments.of("empty", "", new int[0]),
                Arguments.of("one space", " ", new int[0]),
                Arguments.of("lorem", "Lorem ipsum dolor sit amet,", new int[] {5, 5, 5, 3, 5}),
                Arguments.of("one word", "word", new int[] {4}),
                Arguments.of("one letter", "x", new int[] {1}),
                Arguments.of("leading and trailing", "  a  bb   ", new int[] {1, 2}),
                Arguments.of("mixed runs", " \t\n\u000B\f\r a \u3000\u00A0\u2028 b\u0085\u001C", new int[] {1, 1}),
                Arguments.of("CRLF", "one\r\ntwo\r\n\r\nthree\r\n", new int[] {3, 3, 5}),
                Arguments.of("tabs", "\ta\t\tbc\t", new int[] {1, 2}),
                Arguments.of("NBSP splits", "10\u00A0000 km", new int[] {2, 3, 2}),
                Arguments.of("narrow NBSP splits", "10\u202F000", new int[] {2, 3}),
                Arguments.of("figure space splits", "1\u20072", new int[] {1, 1}),
                Arguments.of("ideographic space", "日本語\u3000テキスト", new int[] {3, 4}),
                Arguments.of("emoji", "I \u2764\uFE0F \uD83D\uDE00\uD83D\uDE00!", new int[] {1, 2, 3}),
                Arguments.of("astral letters", "\uD835\uDD18\uD835\uDD2B\uD835\uDD26 \uD800\uDF48",
                        new int[] {3, 1}),
                Arguments.of("flag is two code points", "\uD83C\uDDEB\uD83C\uDDF7", new int[] {2}),
                Arguments.of("ZWJ family", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 x",
                        new int[] {5, 1}),
                Arguments.of("zero-width space inside a word", "foo\u200Bbar baz", new int[] {7, 3}),
                Arguments.of("BOM and soft hyphen are letters", "\uFEFFab\u00ADc", new int[] {5}),
                Arguments.of("word joiner and Mongolian vowel separator", "a\u2060b\u180Ec", new int[] {5}),
                Arguments.of("combining marks count", "e\u0301te\u0301 n\u0303", new int[] {5, 2}),
                Arguments.of("lone combining mark", " \u0301 ", new int[] {1}),
                Arguments.of("NUL is not a space", "a\u0000b", new int[] {3}),
                Arguments.of("information separators split", "a\u001Cb\u001Dc\u001Ed\u001Fe",
                        new int[] {1, 1, 1, 1, 1}),
                Arguments.of("NEL splits", "a\u0085b", new int[] {1, 1}),
                Arguments.of("line and paragraph separators", "a\u2028b\u2029c", new int[] {1, 1, 1}),
                Arguments.of("ogham space mark", "a\u1680b", new int[] {1, 1}),
                Arguments.of("largest code point", "\uDBFF\uDFFF", new int[] {1}));
    }

    @BackendMatrix(cases = "golden")
    void wordLengths_goldenText_matchesPython(BackendContext cell, String name, String text, int[] expected) {
        Offload off = cell.off();
        assertAll(off, text.getBytes(StandardCharsets.UTF_8), expected, name);
        assertArrayEquals(expected, off.wordLengths(text), name + " (String)");
        assertArrayEquals(WordCases.histogramOf(expected), off.wordLengthHistogram(text), name + " (String)");
        assertEquals(expected.length, off.wordCount(text), name + " (String)");
    }

    @BackendMatrix
    void wordLengths_everyWhitespaceKind_givesNoWords(BackendContext cell) {
        Offload off = cell.off();
        StringBuilder sb = new StringBuilder();
        for (int cp : WHITESPACE) {
            sb.appendCodePoint(cp);
        }
        assertAll(off, sb.toString().getBytes(StandardCharsets.UTF_8), new int[0], "all 29 whitespace code points");
        assertArrayEquals(new long[] {0}, off.wordLengthHistogram(sb.toString()));
    }

    @BackendMatrix
    void wordLengths_eachWhitespaceCodePoint_separatesWords(BackendContext cell) {
        Offload off = cell.off();
        for (int cp : WHITESPACE) {
            String text = "ab" + Character.toString(cp) + "\u00E9\uD83D\uDE00c";
            assertAll(off, text.getBytes(StandardCharsets.UTF_8), new int[] {2, 3}, String.format("U+%04X", cp));
        }
    }

    @BackendMatrix
    void wordLengths_lookAlikeCodePoint_staysInsideTheWord(BackendContext cell) {
        Offload off = cell.off();
        for (int cp : NOT_WHITESPACE) {
            String text = "ab" + Character.toString(cp) + "c " + Character.toString(cp);
            assertAll(off, text.getBytes(StandardCharsets.UTF_8), new int[] {4, 1}, String.format("U+%04X", cp));
        }
    }

    @BackendMatrix
    void wordLengths_loneSurrogateInString_countsOneCodePoint(BackendContext cell) {
        Offload off = cell.off();
        // Python: len('a\ud800b') == 3 and '\udc00'.isspace() is False.
        assertArrayEquals(new int[] {3, 1}, off.wordLengths("a\uD800b \uDC00"));
        assertArrayEquals(new int[] {2}, off.wordLengths("\uDC00\uD800"));
        assertArrayEquals(new int[] {1, 1}, off.wordLengths("x \uD83D"));
        assertEquals(3, off.wordCount("\uD800 \uDBFF \uDFFF"));
        assertArrayEquals(new long[] {0, 0, 1}, off.wordLengthHistogram("\uDE00\uD83D"));
    }

    @BackendMatrix
    void wordLengths_ofNull_throwsNullPointerNamingTheArgument(BackendContext cell) {
        Offload off = cell.off();
        assertEquals("text", assertThrows(NullPointerException.class, () -> off.wordLengths((String) null))
                .getMessage());
        assertEquals("utf8", assertThrows(NullPointerException.class, () -> off.wordLengths((byte[]) null))
                .getMessage());
        assertThrows(NullPointerException.class, () -> off.wordLengthHistogram((byte[]) null));
        assertThrows(NullPointerException.class, () -> off.wordCount((DeviceBytes) null));
    }

    @BackendMatrix
    void wordLengths_longWordsAcrossManyBoundaries_countEveryCodePoint(BackendContext cell) {
        Offload off = cell.off();
        // One word of 1,000,003 code points of 1 to 4 bytes, then one of 70,001 ASCII letters: the length of a word
        // is never capped at a group or chunk size.
        StringBuilder sb = new StringBuilder();
        String[] letters = {"a", "\u00E9", "\u4E2D", "\uD83D\uDE00"};
        for (int i = 0; i < 1_000_003; i++) {
            sb.append(letters[i % 4]);
        }
        sb.append('\u3000').append("b".repeat(70_001));
        assertAll(off, sb.toString().getBytes(StandardCharsets.UTF_8), new int[] {1_000_003, 70_001}, "long words");
    }

    // ---------------------------------------------------------------- differential, against Python

    static List<WordCases.Text> texts() {
        return WordCases.texts();
    }

    @BackendMatrix(cases = "texts")
    void wordLengths_generatedText_matchesPython(BackendContext cell, WordCases.Text c) {
        Offload off = cell.off();
        byte[] utf8 = c.utf8();
        int[] expected = c.lengths();
        assertAll(off, utf8, expected, c.name());
        String text = new String(utf8, StandardCharsets.UTF_8);
        assertArrayEquals(expected, off.wordLengths(text), c.name() + " (String)");
        assertEquals(expected.length, off.wordCount(text), c.name() + " (String)");
    }

    @BackendMatrix
    void wordLengths_largeAsciiText_matchesTheOracle(BackendContext cell) {
        Offload off = cell.off();
        byte[] utf8 = asciiWords(24 << 20, 11);
        assertAll(off, utf8, JavaWordLengths.wordLengths(utf8, false), "24 MiB of ASCII words");
    }

    @BackendMatrix
    void wordLengths_largeMixedText_matchesTheOracle(BackendContext cell) {
        Offload off = cell.off();
        // The generated 3 MB mixed text six times over, shifted by one byte each time so that the copies' multi-byte
        // sequences fall differently across every power-of-two boundary.
        byte[] mixed = WordCases.texts().stream().filter(t -> t.name().startsWith("large-mixed")).findFirst()
                .orElseThrow().utf8();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int k = 0; k < 6; k++) {
            out.writeBytes(mixed);
            out.writeBytes("x".repeat(k).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] utf8 = out.toByteArray();
        assertAll(off, utf8, JavaWordLengths.wordLengths(utf8, false), "18 MB mixed");
    }

    // ---------------------------------------------------------------- malformed UTF-8

    static List<WordCases.Malformed> malformed() {
        return WordCases.malformed();
    }

    @BackendMatrix(cases = "malformed")
    void wordLengths_malformedUtf8_throwsAtPythonsOffset(BackendContext cell, WordCases.Malformed c) {
        Offload off = cell.off();
        byte[] bytes = c.data();
        assertMalformed(c, "wordLengths(byte[])", () -> off.wordLengths(bytes));
        assertMalformed(c, "wordLengthHistogram(byte[])", () -> off.wordLengthHistogram(bytes));
        assertMalformed(c, "wordCount(byte[])", () -> off.wordCount(bytes));
        try (DeviceBytes d = off.upload(bytes)) {
            assertMalformed(c, "wordLengths(DeviceBytes)", () -> off.wordLengths(d).close());
            assertMalformed(c, "wordLengthHistogram(DeviceBytes)", () -> off.wordLengthHistogram(d));
            assertMalformed(c, "wordCount(DeviceBytes)", () -> off.wordCount(d));
            // The failed calls left the device array intact and usable.
            assertArrayEquals(bytes, d.toArray(), c.name());
        }
    }

    @BackendMatrix
    void wordLengths_afterMalformedInput_stillWorks(BackendContext cell) {
        Offload off = cell.off();
        assertThrows(MalformedUtf8Exception.class, () -> off.wordLengths(new byte[] {'a', (byte) 0xFF}));
        assertArrayEquals(new int[] {1, 2}, off.wordLengths("a bc".getBytes(StandardCharsets.UTF_8)));
    }

    @BackendMatrix
    void malformedUtf8Exception_namesTheOffset(BackendContext cell) {
        Offload off = cell.off();
        byte[] bytes = "abc \u00E9 ".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(bytes, bytes.length + 2);
        bad[bytes.length] = (byte) 0xED;
        bad[bytes.length + 1] = (byte) 0xA0;
        MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class, () -> off.wordLengths(bad));
        assertEquals(bytes.length, e.byteOffset());
        assertTrue(e.getMessage().contains("offset " + bytes.length), e.getMessage());
    }

    // ---------------------------------------------------------------- sharing

    @BackendMatrix
    void wordLengths_manyThreads_shareOneOffload(BackendContext cell) throws Exception {
        Offload off = cell.off();
        List<WordCases.Text> cases = WordCases.texts().stream().filter(t -> t.bytes() > 4000 && t.bytes() < 100_000)
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (WordCases.Text c : cases) {
                results.add(pool.submit(() -> {
                    byte[] utf8 = c.utf8();
                    int[] expected = c.lengths();
                    boolean ok = java.util.Arrays.equals(expected, off.wordLengths(utf8))
                            && off.wordCount(utf8) == expected.length;
                    try (DeviceBytes d = off.upload(utf8)) {
                        ok &= java.util.Arrays.equals(WordCases.histogramOf(expected), off.wordLengthHistogram(d));
                    }
                    return ok ? null : c.name();
                }));
            }
            for (Future<String> f : results) {
                assertEquals(null, f.get(), "wrong answer under concurrent use");
            }
        } finally {
            pool.close();
        }
    }

    @BackendMatrix
    void wordLengths_profile_namesTheDevice(BackendContext cell) {
        Offload off = cell.off();
        off.wordLengths("a bb ccc".getBytes(StandardCharsets.UTF_8));
        Profile p = off.lastProfile();
        assertEquals("word_lengths_u8", p.operation());
        assertEquals(off.device(), p.device());
    }

    // ---------------------------------------------------------------- helpers

    /** Checks lengths, histogram and count on the host array and on a device copy of it. */
    static void assertAll(Offload off, byte[] utf8, int[] expected, String name) {
        long[] hist = WordCases.histogramOf(expected);
        assertArrayEquals(expected, off.wordLengths(utf8), name + " (byte[])");
        assertArrayEquals(hist, off.wordLengthHistogram(utf8), name + " histogram (byte[])");
        assertEquals(expected.length, off.wordCount(utf8), name + " count (byte[])");
        try (DeviceBytes d = off.upload(utf8); DeviceInts lens = off.wordLengths(d)) {
            assertEquals(utf8.length, d.length(), name);
            assertEquals(expected.length, lens.length(), name + " (DeviceBytes)");
            assertArrayEquals(expected, lens.toArray(), name + " (DeviceBytes)");
            assertArrayEquals(hist, off.wordLengthHistogram(d), name + " histogram (DeviceBytes)");
            assertEquals(expected.length, off.wordCount(d), name + " count (DeviceBytes)");
        }
    }

    private static void assertMalformed(WordCases.Malformed c, String op, Executable call) {
        MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class, call, c.name() + " " + op);
        assertEquals(c.offset(), e.byteOffset(), c.name() + " " + op + ": " + e.getMessage());
    }

    /** Reproducible ASCII text of words of 1 to 12 letters, separated by spaces, a few newlines and tabs. */
    private static byte[] asciiWords(int bytes, long seed) {
        var random = new java.util.SplittableRandom(seed);
        byte[] text = new byte[bytes];
        int i = 0;
        while (i < bytes) {
            int len = 1 + random.nextInt(12);
            for (int k = 0; k < len && i < bytes; k++) {
                text[i++] = (byte) ('a' + random.nextInt(26));
            }
            if (i < bytes) {
                int r = random.nextInt(20);
                text[i++] = (byte) (r == 0 ? '\n' : r == 1 ? '\t' : ' ');
            }
        }
        return text;
    }
}
