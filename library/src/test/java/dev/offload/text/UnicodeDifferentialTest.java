package dev.offload.text;

import dev.offload.MalformedUtf8Exception;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.offload.text.JavaWordLengths.Words.COUNT;
import static dev.offload.text.JavaWordLengths.Words.HISTOGRAM;
import static dev.offload.text.JavaWordLengths.Words.LENGTHS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Java paths (sequential, and chunked at many chunk sizes) on {@link UnicodeText} against a naive oracle that
 * shares no code with them: the JDK's UTF-8 decoder and a loop over code points with
 * {@link PythonWhitespace#isSpace}. For ill-formed text, the error offset against {@link Utf8#firstMalformed}.
 */
class UnicodeDifferentialTest {
    /** Sizes: empty, tiny, odd, and around the automaton's block, the 8-byte test and typical chunk edges. */
    static final int[] SIZES = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 255, 257, 1000, 4095,
            4097, 16_383, 65_535, 65_537, 200_003};

    static int[] naive(byte[] utf8) {
        String s = new String(utf8, StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (PythonWhitespace.isSpace(cp)) {
                if (run > 0) {
                    out.add(run);
                }
                run = 0;
            } else {
                run++;
            }
        }
        if (run > 0) {
            out.add(run);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void wordLengths_unicodeTextOfManySizesAndChunkings_matchesNaiveOracle() {
        for (int size : SIZES) {
            for (long seed = 0; seed < 3; seed++) {
                byte[] t = UnicodeText.ofBytes(size, seed * 1000 + size);
                int[] want = naive(t);
                String at = size + " bytes, seed " + seed;
                assertArrayEquals(want, JavaWordLengths.sequential(t, LENGTHS).lengths(), at);
                assertArrayEquals(want, JavaWordLengths.wordLengths(t, true), at + ", parallel");
                for (int chunk : new int[] {1, 2, 3, 7, 64, 1021}) {
                    if (chunk < 64 && size > 5000) {
                        continue;   // a chunk per few bytes: fine-grained enough on short texts
                    }
                    assertArrayEquals(want, JavaWordLengths.run(t, LENGTHS, chunk).lengths(), at + ", chunk " + chunk);
                    assertEquals(want.length, JavaWordLengths.run(t, COUNT, chunk).count(), at);
                    assertArrayEquals(JavaWordLengths.histogram(t, false),
                            JavaWordLengths.run(t, HISTOGRAM, chunk).histogram(), at);
                }
            }
        }
    }

    @Test
    void wordLengths_unicodeTextWithOneDamagedByte_throwsAtTheFirstMalformedOffset() {
        SplittableRandom r = new SplittableRandom(11);
        byte[] base = UnicodeText.ofBytes(20_000, 5);
        int[] replacements = {0x80, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF, 0x20, 0x41, 0xA0, 0x9A};
        for (int k = 0; k < 400; k++) {
            byte[] t = base.clone();
            int at = r.nextInt(t.length);
            t[at] = (byte) replacements[r.nextInt(replacements.length)];
            if (r.nextInt(4) == 0) {
                t = java.util.Arrays.copyOf(t, at + 1);   // sometimes cut there: truncated sequences at the end
            }
            int want = Utf8.firstMalformed(t);
            byte[] text = t;
            if (want < 0) {
                assertArrayEquals(naive(text), JavaWordLengths.wordLengths(text, false), "byte " + at);
                continue;
            }
            assertEquals(want, assertThrows(MalformedUtf8Exception.class,
                    () -> JavaWordLengths.wordLengths(text, false)).byteOffset(), "byte " + at);
            for (int chunk : new int[] {3, 64, 4096}) {
                assertEquals(want, assertThrows(MalformedUtf8Exception.class,
                        () -> JavaWordLengths.run(text, LENGTHS, chunk)).byteOffset(), "byte " + at + ", chunk " + chunk);
            }
        }
    }
}
