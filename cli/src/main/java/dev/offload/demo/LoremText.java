package dev.offload.demo;

import com.thedeanda.lorem.LoremIpsum;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Reproducible lorem-ipsum text for demos, benchmarks and exercises: the same seed gives the same text on every
 * machine, JVM and thread count.
 *
 * <pre>{@code
 * String s = LoremText.words(5, 42);          // five words separated by single spaces
 * String p = LoremText.paragraphs(3, 42);     // three paragraphs of sentences, separated by blank lines
 * byte[] big = LoremText.ofBytes(64 << 20, 42); // exactly 64 MiB of UTF-8 (ASCII) paragraphs, made on all cores
 * }</pre>
 *
 * <p>The vocabulary is the Latin word list of {@code com.thedeanda:lorem} (drawn once with a fixed seed). The sentences
 * and paragraphs are built here rather than by that library, because its paragraphs glue each sentence's first two
 * words together and it makes about 30 MB/s on one thread, too slow for 256 MB benchmark inputs. The text is ASCII:
 * sentences of 4 to 16 lower-case words, the first capitalized, some followed by a comma, ending in a period; 3 to 7
 * sentences a paragraph.
 */
public final class LoremText {
    /** {@link #ofBytes} makes the text in independent blocks of this size, so it can use every core. */
    static final int BLOCK = 1 << 20;

    private static final byte[][] WORDS;
    private static final byte[][] CAPITALIZED;

    static {
        TreeSet<String> vocabulary = new TreeSet<>(Arrays.asList(new LoremIpsum(0L).getWords(20_000).split(" ")));
        vocabulary.removeIf(w -> w.isEmpty() || !w.chars().allMatch(c -> c >= 'a' && c <= 'z'));
        WORDS = vocabulary.stream().map(w -> w.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        CAPITALIZED = vocabulary.stream()
                .map(w -> (Character.toUpperCase(w.charAt(0)) + w.substring(1)).getBytes(StandardCharsets.US_ASCII))
                .toArray(byte[][]::new);
    }

    private LoremText() {
    }

    /**
     * {@code n} lower-case words separated by single spaces.
     *
     * @param n    how many words
     * @param seed the same seed gives the same text
     * @return the words
     * @throws IllegalArgumentException when n &lt; 0
     */
    public static String words(int n, long seed) {
        requireNonNegative(n, "n");
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(n * 8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(new String(WORDS[r.nextInt(WORDS.length)], StandardCharsets.US_ASCII));
        }
        return sb.toString();
    }

    /**
     * {@code n} paragraphs separated by blank lines ({@code "\n\n"}).
     *
     * @param n    how many paragraphs
     * @param seed the same seed gives the same text
     * @return the paragraphs
     * @throws IllegalArgumentException when n &lt; 0
     */
    public static String paragraphs(int n, long seed) {
        requireNonNegative(n, "n");
        Writer w = new Writer(new byte[Math.max(64, n * 600)], new SplittableRandom(seed));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                w.put((byte) '\n');
                w.put((byte) '\n');
            }
            w.paragraph();
        }
        return new String(w.out, 0, w.pos, StandardCharsets.US_ASCII);
    }

    /**
     * Exactly {@code n} bytes of paragraphs (ASCII, so valid UTF-8), made in parallel in 1 MiB blocks that each end
     * with a newline; the last word of a block may be cut short.
     *
     * @param n    how many bytes
     * @param seed the same seed gives the same text
     * @return the text as UTF-8
     * @throws IllegalArgumentException when n &lt; 0
     */
    public static byte[] ofBytes(int n, long seed) {
        requireNonNegative(n, "n");
        byte[] out = new byte[n];
        int blocks = (int) (((long) n + BLOCK - 1) / BLOCK);
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int from = b * BLOCK;
            int to = (int) Math.min(n, (long) from + BLOCK);
            // Each block's random stream depends only on the seed and the block's index: reproducible in parallel.
            SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (b + 1)));
            Writer w = new Writer(new byte[to - from + 1024], r);
            while (w.pos < to - from) {
                w.paragraph();
                w.put((byte) '\n');
                w.put((byte) '\n');
            }
            System.arraycopy(w.out, 0, out, from, to - from);
            out[to - 1] = '\n';
        });
        return out;
    }

    private static void requireNonNegative(int n, String name) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + n);
        }
    }

    /** Appends sentences to a byte array, growing it when needed. */
    private static final class Writer {
        byte[] out;
        int pos;
        final SplittableRandom r;

        Writer(byte[] out, SplittableRandom r) {
            this.out = out;
            this.r = r;
        }

        void paragraph() {
            int sentences = 3 + r.nextInt(5);
            for (int s = 0; s < sentences; s++) {
                if (s > 0) {
                    put((byte) ' ');
                }
                sentence();
            }
        }

        void sentence() {
            int words = 4 + r.nextInt(13);
            for (int i = 0; i < words; i++) {
                if (i > 0) {
                    put((byte) ' ');
                }
                int k = r.nextInt(WORDS.length);
                put(i == 0 ? CAPITALIZED[k] : WORDS[k]);
                if (i < words - 1 && r.nextInt(10) == 0) {
                    put((byte) ',');
                }
            }
            put((byte) '.');
        }

        void put(byte[] word) {
            ensure(word.length);
            System.arraycopy(word, 0, out, pos, word.length);
            pos += word.length;
        }

        void put(byte b) {
            ensure(1);
            out[pos++] = b;
        }

        private void ensure(int more) {
            if (pos + more > out.length) {
                out = Arrays.copyOf(out, Math.max(pos + more, out.length * 2));
            }
        }
    }
}
