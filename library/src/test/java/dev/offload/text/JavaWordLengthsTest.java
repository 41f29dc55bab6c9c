package dev.offload.text;

import dev.offload.MalformedUtf8Exception;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static dev.offload.text.JavaWordLengths.Words.COUNT;
import static dev.offload.text.JavaWordLengths.Words.HISTOGRAM;
import static dev.offload.text.JavaWordLengths.Words.LENGTHS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chunked (parallel) path of {@link JavaWordLengths} with chunk boundaries put everywhere, against Python's
 * answers and against the sequential oracle, and the oracle against an independent reference built on the JDK's
 * UTF-8 decoder.
 */
class JavaWordLengthsTest {
    /** Tiny chunks put a boundary inside nearly every code point and word. */
    private static final int[] TINY_CHUNKS = {1, 2, 3, 4, 5, 7};
    private static final int[] CHUNKS = {13, 64, 255, 4095, 4096, 4097, 65536};

    static List<WordCases.Text> texts() {
        return WordCases.texts();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void run_generatedTextAtManyChunkSizes_matchesPython(WordCases.Text c) {
        byte[] s = c.utf8();
        int[] expected = c.lengths();
        long[] hist = WordCases.histogramOf(expected);
        IntStream sizes = c.bytes() <= 10_000 ? IntStream.concat(IntStream.of(TINY_CHUNKS), IntStream.of(CHUNKS))
                : IntStream.of(CHUNKS).filter(k -> c.bytes() / k < 50_000);
        sizes.forEach(k -> {
            assertArrayEquals(expected, JavaWordLengths.run(s, LENGTHS, k).lengths(), c.name() + " chunk " + k);
            assertArrayEquals(hist, JavaWordLengths.run(s, HISTOGRAM, k).histogram(), c.name() + " chunk " + k);
            assertEquals(expected.length, JavaWordLengths.run(s, COUNT, k).count(), c.name() + " chunk " + k);
        });
        assertArrayEquals(expected, JavaWordLengths.wordLengths(s, false), c.name() + " sequential");
        assertArrayEquals(expected, JavaWordLengths.wordLengths(s, true), c.name() + " parallel");
        assertArrayEquals(hist, JavaWordLengths.histogram(s, true), c.name() + " parallel");
        assertEquals(expected.length, JavaWordLengths.wordCount(s, true), c.name() + " parallel");
    }

    static List<WordCases.Malformed> malformed() {
        return WordCases.malformed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void run_malformedWithBoundaryNearTheError_throwsTheFirstOffset(WordCases.Malformed c) {
        byte[] s = c.data();
        List<Integer> sizes = new ArrayList<>();
        if (c.bytes() <= 10_000) {
            Arrays.stream(TINY_CHUNKS).forEach(sizes::add);
        }
        // A boundary a few bytes before, at, and after the bad byte, so the bad sequence straddles it or starts it.
        for (int d = -4; d <= 4; d++) {
            if (c.offset() + d > 0) {
                sizes.add((int) c.offset() + d);
            }
        }
        sizes.add(4096);
        sizes.add(65536);
        for (int k : sizes) {
            for (int mode : new int[] {LENGTHS, HISTOGRAM, COUNT}) {
                MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class,
                        () -> JavaWordLengths.run(s, mode, k), c.name() + " chunk " + k);
                assertEquals(c.offset(), e.byteOffset(), c.name() + " chunk " + k + " mode " + mode);
            }
        }
    }

    @Test
    void run_randomBytesAtEveryChunkSize_agreesWithTheJdkDecoder() {
        Random r = new Random(12345);
        for (int t = 0; t < 3000; t++) {
            byte[] s = randomText(r, r.nextInt(t < 2000 ? 40 : 600));
            Object expected = reference(s);
            for (int k = 1; k <= Math.min(s.length + 1, 12); k++) {
                assertSameOutcome(expected, s, k);
            }
            assertSameOutcome(expected, s, Math.max(1, s.length / 2));
            assertSameOutcome(expected, s, Integer.MAX_VALUE);
        }
    }

    @Test
    void run_randomAscii_agreesWithTheJdkDecoder() {
        // Dense in the cases the eight-bytes-at-a-time path takes (letters, spaces, newlines) and those it leaves
        // to the byte loop (tabs, CR, controls, DEL, separators).
        String[] alphabets = {"ab \n", "a \n\t", "abc\u0000\u007F \n", "x\u001C\u001F\r ", "a\u0008\u000E\u001B \n"};
        Random r = new Random(777);
        for (int t = 0; t < 5000; t++) {
            String alphabet = alphabets[t % alphabets.length];
            byte[] s = new byte[r.nextInt(100)];
            for (int i = 0; i < s.length; i++) {
                s[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
            Object expected = reference(s);
            assertSameOutcome(expected, s, Integer.MAX_VALUE);
            assertSameOutcome(expected, s, 1 + r.nextInt(20));
        }
    }

    @Test
    void run_malformedInsideUnicodeBlocks_throwsTheFirstOffset() {
        // The 64-byte blocks of the automata: a bad sequence put at every offset of a few blocks of Unicode-heavy
        // text (so it starts, straddles or ends each block edge), with chunk edges before and after it.
        byte[] base = UnicodeText.ofBytes(1200, 9);
        byte[][] bads = {{(byte) 0x80}, {(byte) 0xC1, (byte) 0x80}, {(byte) 0xE0, (byte) 0x9F, (byte) 0x80},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x8F, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5}, {(byte) 0xE3, (byte) 0x80},
            {(byte) 0xC2}, {(byte) 0xE2, (byte) 0x80, (byte) 0x41}};
        for (byte[] bad : bads) {
            for (int at = 100; at < 400; at++) {
                int pos = at;
                while ((base[pos] & 0xC0) == 0x80) {
                    pos++;   // between code points, so the inserted bytes hold the first error
                }
                byte[] t = new byte[base.length + bad.length];
                System.arraycopy(base, 0, t, 0, pos);
                System.arraycopy(bad, 0, t, pos, bad.length);
                System.arraycopy(base, pos, t, pos + bad.length, base.length - pos);
                Object expected = reference(t);
                assertEquals((long) pos, expected, "reference at " + pos);
                assertSameOutcome(expected, t, Integer.MAX_VALUE);
                assertSameOutcome(expected, t, 1 + at % 97);
                assertSameOutcome(expected, t, 300);
            }
        }
    }

    @Test
    void run_everyWhitespaceAtEveryBlockOffset_agreesWithTheJdkDecoder() {
        // Each whitespace code point (and its non-space neighbours U+0084, U+00A1, U+1681, U+200B, U+2030, U+205E,
        // U+3001) at every offset of a 64-byte block, among multi-byte letters and in ASCII.
        int[] near = {0x84, 0xA1, 0x1681, 0x200B, 0x2030, 0x205E, 0x3001};
        int[] all = IntStream.concat(IntStream.of(PythonWhitespace.all()), IntStream.of(near)).toArray();
        for (int cp : all) {
            String c = new String(Character.toChars(cp));
            for (String filler : new String[] {"\u00e9", "a", "\u4e2d"}) {
                for (int pad = 0; pad < 70; pad++) {
                    String text = "x".repeat(pad) + c + filler.repeat(40) + c + c + "z" + filler + c;
                    byte[] s = text.getBytes(StandardCharsets.UTF_8);
                    Object expected = reference(s);
                    assertSameOutcome(expected, s, Integer.MAX_VALUE);
                    assertSameOutcome(expected, s, 64);
                }
            }
        }
    }

    @Test
    void wordLengths_unicodeTextOfManySizes_matchesTheJdkDecoder() {
        for (int size : new int[] {63, 64, 65, 127, 128, 129, 1000, 65_537, 300_001}) {
            byte[] s = UnicodeText.ofBytes(size, size);
            int[] expected = (int[]) reference(s);
            assertArrayEquals(expected, JavaWordLengths.wordLengths(s, false), size + " bytes, sequential");
            assertArrayEquals(expected, JavaWordLengths.wordLengths(s, true), size + " bytes, parallel");
        }
    }

    @Test
    void bytesEqual_marksExactlyTheEqualBytes() {
        Random r = new Random(3);
        for (int t = 0; t < 100_000; t++) {
            long v = r.nextLong();
            int b = t % 3 == 0 ? r.nextInt(256) : (int) (v >>> (8 * r.nextInt(8))) & 0xFF;
            long expected = 0;
            for (int k = 0; k < 8; k++) {
                if (((v >>> (8 * k)) & 0xFF) == b) {
                    expected |= 0x80L << (8 * k);
                }
            }
            assertEquals(expected, JavaWordLengths.bytesEqual(v, b), Long.toHexString(v) + " " + b);
        }
    }

    @Test
    void alignForward_skipsAtMostThreeContinuationBytes() {
        byte[] s = {'a', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80};
        assertEquals(0, JavaWordLengths.alignForward(s, 0));
        assertEquals(1, JavaWordLengths.alignForward(s, 1));
        assertEquals(5, JavaWordLengths.alignForward(s, 2));   // three skipped; the fourth is left for the decoder
        assertEquals(7, JavaWordLengths.alignForward(s, 4));
        assertEquals(9, JavaWordLengths.alignForward(s, 8));   // never past the end
        assertEquals(9, JavaWordLengths.alignForward(s, 9));
    }

    @Test
    void chunkBytes_sequentialIsOneChunk_parallelNeverTiny() {
        assertEquals(1, JavaWordLengths.chunkBytes(0, false));
        assertEquals(1 << 20, JavaWordLengths.chunkBytes(1 << 20, false));
        assertEquals(1000, JavaWordLengths.chunkBytes(1000, true));
        int k = JavaWordLengths.chunkBytes(256 << 20, true);
        assertTrue(k >= JavaWordLengths.MIN_CHUNK_BYTES && k <= 256 << 20, "chunk " + k);
    }

    @Test
    void run_nonPositiveChunk_isRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JavaWordLengths.run(new byte[1], LENGTHS, 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void histogram_ofLongWord_isSizedByTheLongest() {
        byte[] s = ("a " + "b".repeat(100_000) + " cc").getBytes(StandardCharsets.UTF_8);
        for (int k : new int[] {3, 4096, Integer.MAX_VALUE}) {
            long[] h = JavaWordLengths.run(s, HISTOGRAM, k).histogram();
            assertEquals(100_001, h.length);
            assertEquals(1, h[1]);
            assertEquals(1, h[2]);
            assertEquals(1, h[100_000]);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertSameOutcome(Object expected, byte[] s, int chunk) {
        String what = "chunk " + chunk + " bytes " + hex(s);
        for (int mode : new int[] {LENGTHS, HISTOGRAM, COUNT}) {
            Supplier<Object> call = () -> switch (mode) {
                case LENGTHS -> JavaWordLengths.run(s, mode, chunk).lengths();
                case HISTOGRAM -> JavaWordLengths.run(s, mode, chunk).histogram();
                default -> JavaWordLengths.run(s, mode, chunk).count();
            };
            if (expected instanceof Long offset) {
                MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class, call::get, what);
                assertEquals(offset, e.byteOffset(), what);
            } else {
                int[] lengths = (int[]) expected;
                Object got = call.get();
                switch (mode) {
                    case LENGTHS -> assertArrayEquals(lengths, (int[]) got, what);
                    case HISTOGRAM -> assertArrayEquals(WordCases.histogramOf(lengths), (long[]) got, what);
                    default -> assertEquals((long) lengths.length, got, what);
                }
            }
        }
    }

    /** Mostly well-formed text of every kind, with some malformed bytes mixed in. */
    static byte[] randomText(Random r, int pieces) {
        String[] valid = {"a", "bc", " ", "\t", "\r\n", "\u00A0", "\u0085", "\u3000", "\u2029", "\u200B", "\uFEFF",
            "\u00E9", "\u4E2D", "\uD83D\uDE00", "\uDBFF\uDFFF", "\u0301", "\u0000", "\u180E", "\u2007"};
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1}, {(byte) 0xE0,
            (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90,
            (byte) 0x80, (byte) 0x80}, {(byte) 0xF5}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0,
            (byte) 0x9F, (byte) 0x98}, {(byte) 0xC3}};
        ByteBuffer out = ByteBuffer.allocate(pieces * 4 + 4);
        double badRate = r.nextInt(3) == 0 ? 0 : 0.02;
        for (int i = 0; i < pieces; i++) {
            if (r.nextDouble() < badRate) {
                out.put(bad[r.nextInt(bad.length)]);
            } else {
                out.put(valid[r.nextInt(valid.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /**
     * An implementation that shares no code with the one under test: the JDK's decoder, then a split on a
     * hard-coded copy of Python's whitespace. Returns the word lengths, or the offset of the first bad byte (Long).
     */
    static Object reference(byte[] s) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(s);
        CharBuffer out = CharBuffer.allocate(s.length);
        CoderResult res = d.decode(in, out, true);
        if (res.isError()) {
            return (long) in.position();
        }
        String text = out.flip().toString();
        List<Integer> lengths = new ArrayList<>();
        int run = 0;
        for (int cp : text.codePoints().toArray()) {
            boolean space = Arrays.binarySearch(PYTHON_WHITESPACE, cp) >= 0;
            if (space && run > 0) {
                lengths.add(run);
                run = 0;
            } else if (!space) {
                run++;
            }
        }
        if (run > 0) {
            lengths.add(run);
        }
        return lengths.stream().mapToInt(Integer::intValue).toArray();
    }

    private static final int[] PYTHON_WHITESPACE = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85,
        0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028,
        0x2029, 0x202F, 0x205F, 0x3000};

    private static String hex(byte[] s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(s.length, 64); i++) {
            sb.append(String.format("%02x", s[i]));
        }
        return s.length > 64 ? sb + "..." : sb.toString();
    }
}
