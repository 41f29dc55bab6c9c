package dev.offload.demo;

import dev.offload.text.JavaWordLengths;
import dev.offload.text.Utf8;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoremTextTest {
    @Test
    void words_sameSeed_sameText_andExactlyNWords() {
        String a = LoremText.words(1000, 42);
        assertEquals(a, LoremText.words(1000, 42));
        assertNotEquals(a, LoremText.words(1000, 43));
        assertEquals(1000, a.split(" ").length);
        assertTrue(a.matches("[a-z ]+"), a);
        assertEquals("", LoremText.words(0, 1));
    }

    @Test
    void paragraphs_areSeparatedByBlankLines_andEndSentencesWithPeriods() {
        String p = LoremText.paragraphs(7, 3);
        assertEquals(p, LoremText.paragraphs(7, 3));
        String[] paras = p.split("\n\n");
        assertEquals(7, paras.length);
        for (String para : paras) {
            String sentence = "[A-Z][a-z]*(,? [a-z]+){3,15}\\.";
            assertTrue(para.matches(sentence + "( " + sentence + "){2,6}"), para);
        }
        assertEquals("", LoremText.paragraphs(0, 3));
    }

    @Test
    void ofBytes_isExactlyNBytesOfWellFormedText_reproducibleAcrossBlocks() {
        int n = 3 * LoremText.BLOCK + 12_345;
        byte[] a = LoremText.ofBytes(n, 99);
        assertEquals(n, a.length);
        assertArrayEquals(a, LoremText.ofBytes(n, 99));
        assertFalse(java.util.Arrays.equals(a, LoremText.ofBytes(n, 100)));
        Utf8.validate(a);
        for (byte b : a) {
            assertTrue(b == '\n' || (b >= ' ' && b < 0x7F), "byte " + b);
        }
        // Lorem words average about six letters: a sanity check that the text is made of words at all.
        long words = JavaWordLengths.wordCount(a, true);
        assertTrue(words > n / 12 && words < n / 4, "words " + words);
        // A prefix of a longer text is not promised, but blocks depend only on the seed and their index.
        byte[] b = LoremText.ofBytes(2 * LoremText.BLOCK, 99);
        assertArrayEquals(java.util.Arrays.copyOf(a, LoremText.BLOCK), java.util.Arrays.copyOf(b, LoremText.BLOCK));
        assertEquals(0, LoremText.ofBytes(0, 1).length);
        assertEquals(1, LoremText.ofBytes(1, 1).length);
    }

    @Test
    void negativeSize_isRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoremText.ofBytes(-5, 1));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoremText.words(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> LoremText.paragraphs(-1, 1));
    }

    @Test
    void text_isWhatTheWordLengthsSee() {
        String s = LoremText.words(50, 5);
        int[] lengths = JavaWordLengths.wordLengths(s.getBytes(StandardCharsets.US_ASCII), false);
        assertEquals(50, lengths.length);
        String[] words = s.split(" ");
        for (int i = 0; i < 50; i++) {
            assertEquals(words[i].length(), lengths[i]);
        }
    }
}
