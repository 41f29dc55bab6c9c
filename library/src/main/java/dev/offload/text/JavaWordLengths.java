package dev.offload.text;

import dev.offload.MalformedUtf8Exception;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Word lengths, histogram and count of UTF-8 text in plain Java, validating as it goes: Python 3's
 * {@code [len(w) for w in text.split()]} (see {@link dev.offload.Offload} for the rules). The sequential path is the
 * oracle for every other backend; the parallel path gives bit-identical results, including the offset of a
 * {@link MalformedUtf8Exception}.
 *
 * <h2>How the parallel path splits the work</h2>
 * The bytes are cut into contiguous chunks, one fork/join task each. A chunk's start is moved forward past at most
 * three continuation bytes ({@code 10xxxxxx}), so in well-formed text every chunk starts on a code point; the last
 * sequence a chunk decodes may read past its end. Each chunk reports the code points before its first whitespace
 * (the tail of a word that began in an earlier chunk, or a word of its own), the words it holds whole, and the code
 * points after its last whitespace; a chunk without whitespace only extends the word running through it. Stitching the
 * chunks in order gives the sequential answer.
 *
 * <p>Why the error offset is the sequential one: up to the first malformed byte E, the sequential decoder starts a
 * sequence on every byte that is not a continuation byte, so it starts one at every moved chunk start below E (a
 * start that is still on a continuation byte follows four continuation bytes in a row, which no well-formed text
 * holds, so E is at or before it). Hence every chunk wholly before E decodes exactly as the sequential pass does and
 * finds nothing, the chunk holding E finds E, and later chunks, which may decode garbage, report only offsets at or
 * after their own start, beyond E. The error of the lowest failing chunk is thrown, and nothing else is returned.
 */
public final class JavaWordLengths {
    /** Below this many bytes per chunk the fork/join overhead outweighs the work. */
    static final int MIN_CHUNK_BYTES = 1 << 16;
    /** Bytes the automaton takes at least before the eight-ASCII-bytes test is tried again. */
    private static final int AUTOMATON_BYTES = 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080_8080_8080_8080L;
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;

    /** Bits 0x09-0x0D and 0x1C-0x20: the ASCII members of Python's whitespace. */
    private static final long ASCII_SPACE = 0x1_F000_3E00L;

    private JavaWordLengths() {
    }

    /**
     * Lengths in code points of the words of {@code utf8}.
     *
     * @throws MalformedUtf8Exception at the first bad byte
     */
    public static int[] wordLengths(byte[] utf8, boolean parallel) {
        return run(utf8, Words.LENGTHS, chunkBytes(utf8.length, parallel)).lengths();
    }

    /**
     * The word lengths of {@code utf8} found (and validated) but not yet gathered into one array, for a caller that
     * sizes the destination itself: {@link Scanned#words()} says how many, {@link Scanned#lengthsInto} copies them
     * once. {@link #wordLengths} is the same with a new array.
     *
     * @throws MalformedUtf8Exception at the first bad byte
     */
    public static Scanned scanLengths(byte[] utf8, boolean parallel) {
        int chunkBytes = chunkBytes(utf8.length, parallel);
        if (chunkBytes >= utf8.length) {
            return new Scanned(sequential(utf8, Words.LENGTHS), null);
        }
        return new Scanned(null, scanChunks(utf8, Words.LENGTHS, chunkBytes));
    }

    /** Word lengths found by {@link #scanLengths}, not yet copied into their array. */
    public static final class Scanned implements dev.offload.backend.JavaText.Lengths {
        private final Words whole;
        private final Chunk[] chunks;
        private final int words;

        private Scanned(Words whole, Chunk[] chunks) {
            this.whole = whole;
            this.chunks = chunks;
            this.words = whole != null ? whole.size : lengthsTotal(chunks);
        }

        /**
         * Number of words.
         *
         * @return the number of words
         */
        @Override
        public int words() {
            return words;
        }

        /**
         * Copies the lengths, in order, into {@code dst}.
         *
         * @param dst an array of exactly {@link #words()} elements
         * @throws IllegalArgumentException when its length is not that
         */
        @Override
        public void lengthsInto(int[] dst) {
            if (dst.length != words) {
                throw new IllegalArgumentException("the lengths of " + words + " words do not fit an array of "
                        + dst.length);
            }
            if (whole != null) {
                System.arraycopy(whole.lengths, 0, dst, 0, words);
            } else {
                stitch(chunks, Words.LENGTHS, dst);
            }
        }
    }

    /**
     * {@code hist[k]} = number of words of length k; length = longest + 1 ({@code [0]} for no words). The lengths are
     * never materialized.
     *
     * @throws MalformedUtf8Exception at the first bad byte
     */
    public static long[] histogram(byte[] utf8, boolean parallel) {
        return run(utf8, Words.HISTOGRAM, chunkBytes(utf8.length, parallel)).histogram();
    }

    /**
     * Number of words.
     *
     * @throws MalformedUtf8Exception at the first bad byte
     */
    public static long wordCount(byte[] utf8, boolean parallel) {
        return run(utf8, Words.COUNT, chunkBytes(utf8.length, parallel)).count();
    }

    /** Bytes per chunk: the whole text sequentially, else a few chunks per core, none under MIN_CHUNK_BYTES. */
    static int chunkBytes(int n, boolean parallel) {
        if (!parallel) {
            return Math.max(1, n);
        }
        int chunks = Math.min(Math.max(1, n / MIN_CHUNK_BYTES), 4 * Runtime.getRuntime().availableProcessors());
        return Math.max(1, (int) (((long) n + chunks - 1) / chunks));
    }

    /**
     * The words of {@code s} in {@code mode}, split into chunks of {@code chunkBytes} (before alignment); one chunk
     * is the sequential oracle. Package-private so tests can put chunk boundaries anywhere.
     */
    static Words run(byte[] s, int mode, int chunkBytes) {
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be positive, not " + chunkBytes);
        }
        if (chunkBytes >= s.length) {
            return sequential(s, mode);
        }
        return stitch(scanChunks(s, mode, chunkBytes), mode, null);
    }

    /** The chunks of {@code s} scanned in parallel, before stitching; throws the lowest failing chunk's error. */
    private static Chunk[] scanChunks(byte[] s, int mode, int chunkBytes) {
        int count = (int) (((long) s.length + chunkBytes - 1) / chunkBytes);
        int[] starts = new int[count + 1];
        for (int c = 1; c < count; c++) {
            starts[c] = alignForward(s, (int) ((long) c * chunkBytes));
        }
        starts[count] = s.length;
        Chunk[] chunks = new Chunk[count];
        // Chunks after one that failed need not run: their errors could only come later, and nothing is returned.
        AtomicInteger firstFailed = new AtomicInteger(count);
        IntStream.range(0, count).parallel().forEach(c -> {
            if (firstFailed.get() > c) {
                Chunk chunk = Chunk.scan(s, starts[c], starts[c + 1], mode);
                if (chunk.error != null) {
                    firstFailed.accumulateAndGet(c, Math::min);
                }
                chunks[c] = chunk;
            }
        });
        int failed = firstFailed.get();
        if (failed < count) {
            throw chunks[failed].error;   // the lowest failing chunk holds the lowest offset (see the class comment)
        }
        return chunks;
    }

    /** The oracle: one pass over the whole text. */
    static Words sequential(byte[] s, int mode) {
        Words out = new Words(mode);
        int run = segment(s, 0, s.length, out);
        if (run > 0) {
            out.add(run);
        }
        return out;
    }

    /**
     * Moves a chunk start forward past at most three continuation bytes (a code point has at most three), so that
     * in well-formed text it lands on the first byte of a code point.
     */
    static int alignForward(byte[] s, int p) {
        int limit = Math.min(s.length, p + 3);
        while (p < limit && (s[p] & 0xC0) == 0x80) {
            p++;
        }
        return p;
    }

    /**
     * Decodes the code points that start in {@code [from, to)}, adds every word that ends in whitespace to
     * {@code out}, and returns the length of the word still running at the end (0 after whitespace). The last code
     * point may extend past {@code to}.
     *
     * @throws MalformedUtf8Exception at the first sequence that is not well-formed
     */
    static int segment(byte[] s, int from, int to, Words out) {
        int[] table = Utf8Words.TABLE;
        byte[] classes = Utf8Words.CLASS;
        int space = Utf8Words.SPACE;
        int run = 0;
        int i = from;
        while (i < to) {
            if (i <= to - 8) {
                // Eight ASCII bytes at once when each is a letter, a space or a newline (nearly every block of
                // ordinary prose); any other block goes through the automaton below.
                long v = (long) LONGS.get(s, i);
                if ((v & HIGH) == 0) {
                    long atMost20 = ~(v + 0x5F5F_5F5F_5F5F_5F5FL) & HIGH;   // no carries: every byte is < 0x80
                    if (atMost20 == 0) {
                        run += 8;
                        i += 8;
                        continue;
                    }
                    long spaces = bytesEqual(v, ' ') | bytesEqual(v, '\n');
                    if (spaces == atMost20) {
                        int last = -1;
                        for (long m = spaces; m != 0; m &= m - 1) {
                            int p = Long.numberOfTrailingZeros(m) >>> 3;
                            run += p - last - 1;
                            if (run > 0) {
                                out.add(run);
                                run = 0;
                            }
                            last = p;
                        }
                        run += 7 - last;
                        i += 8;
                        continue;
                    }
                }
            }
            // Anything else: the automaton, over at least AUTOMATON_BYTES bytes and on to the end of the code point
            // running there, so the next round starts on a code point again.
            int start = i;
            int state = Utf8Words.NON_SPACE;
            int stop = Math.min(to, i + AUTOMATON_BYTES);
            while (true) {
                for (; i < stop; i++) {
                    state = table[state + classes[s[i] & 0xFF]];
                    if (state == space) {
                        if (run > 0) {
                            out.add(run);
                        }
                        run = 0;
                    } else {
                        run += (state - 1) >>> 31;   // +1 when a non-space code point ended here (state 0)
                    }
                }
                if (Utf8Words.accepting(state)) {
                    break;
                }
                if (state == Utf8Words.REJECT || i >= s.length) {
                    throw malformedFrom(s, start);
                }
                stop = i + 1;
            }
        }
        return run;
    }

    /**
     * The exception for ill-formed text that the automaton rejected at or after {@code start} (a code point boundary
     * after well-formed text): the per-code-point rules of {@link Utf8#sequenceLength} find the first bad sequence,
     * so the offset and message are exactly the sequential oracle's.
     */
    private static MalformedUtf8Exception malformedFrom(byte[] s, int start) {
        try {
            for (int i = start; i < s.length; ) {
                i += s[i] >= 0 ? 1 : Utf8.sequenceLength(s, i);
            }
        } catch (MalformedUtf8Exception e) {
            return e;
        }
        throw new IllegalStateException("the UTF-8 automaton rejected well-formed text after offset " + start);
    }

    /** 0x80 in each byte of {@code v} that equals {@code b}, 0 elsewhere; exact (no borrow between bytes). */
    static long bytesEqual(long v, int b) {
        long t = v ^ (0x0101_0101_0101_0101L * b);
        return ~(((t & LOW7) + LOW7) | t | LOW7);
    }

    /** Number of words of the chunks stitched together. */
    private static int lengthsTotal(Chunk[] chunks) {
        int total = 0;
        long carry = 0;
        for (Chunk c : chunks) {
            if (c.sawSpace) {
                total += (carry + c.leading > 0 ? 1 : 0) + c.words.size;
                carry = c.trailing;
            } else {
                carry += c.leading;
            }
        }
        return total + (carry > 0 ? 1 : 0);
    }

    /** The chunks' words in order; lengths go into {@code into} when given (sized by {@link #lengthsTotal}). */
    private static Words stitch(Chunk[] chunks, int mode, int[] into) {
        Words out = new Words(mode);
        if (mode == Words.LENGTHS) {
            // Sized exactly first, so the lengths are copied once.
            out.lengths = into != null ? into : new int[lengthsTotal(chunks)];
        }
        int carry = 0;
        for (Chunk c : chunks) {
            if (c.sawSpace) {
                if (carry + c.leading > 0) {
                    out.add(carry + c.leading);
                }
                out.addAll(c.words);
                carry = c.trailing;
            } else {
                carry += c.leading;
            }
        }
        if (carry > 0) {
            out.add(carry);
        }
        return out;
    }

    /** What one chunk found. */
    private static final class Chunk {
        /** Code points before the first whitespace; all of the chunk's code points when it has none. */
        int leading;
        boolean sawSpace;
        /** Words with whitespace on both sides inside the chunk. */
        Words words;
        /** Code points after the last whitespace. */
        int trailing;
        MalformedUtf8Exception error;

        static Chunk scan(byte[] s, int from, int to, int mode) {
            Chunk c = new Chunk();
            c.words = new Words(mode);
            try {
                int i = from;
                int leading = 0;
                while (i < to) {
                    int b = s[i];
                    int cp;
                    if (b >= 0) {
                        cp = b;
                        i++;
                    } else {
                        int len = Utf8.sequenceLength(s, i);
                        cp = Utf8.decode(s, i, len);
                        i += len;
                    }
                    if (PythonWhitespace.isSpace(cp)) {
                        c.sawSpace = true;
                        break;
                    }
                    leading++;
                }
                c.leading = leading;
                if (c.sawSpace) {
                    c.trailing = segment(s, i, to, c.words);
                }
            } catch (MalformedUtf8Exception e) {
                c.error = e;
            }
            return c;
        }
    }

    /**
     * Where words go: their lengths in order, a histogram of lengths, or only a count. One class with a mode rather
     * than three implementations keeps the call in the scanning loop monomorphic.
     */
    static final class Words {
        static final int LENGTHS = 0;
        static final int HISTOGRAM = 1;
        static final int COUNT = 2;

        final int mode;
        int[] lengths;
        int size;
        long[] hist;
        int longest;
        long count;

        Words(int mode) {
            this.mode = mode;
            if (mode == LENGTHS) {
                lengths = new int[16];
            } else if (mode == HISTOGRAM) {
                hist = new long[32];
            }
        }

        void add(int len) {
            count++;
            if (mode == LENGTHS) {
                if (size == lengths.length) {
                    lengths = Arrays.copyOf(lengths, Math.max(16, size * 2));
                }
                lengths[size++] = len;
            } else if (mode == HISTOGRAM) {
                if (len >= hist.length) {
                    hist = Arrays.copyOf(hist, Math.max(len + 1, hist.length * 2));
                }
                hist[len]++;
                longest = Math.max(longest, len);
            }
        }

        void addAll(Words w) {
            count += w.count;
            if (mode == LENGTHS) {
                if (size + w.size > lengths.length) {
                    lengths = Arrays.copyOf(lengths, Math.max(size + w.size, lengths.length * 2));
                }
                System.arraycopy(w.lengths, 0, lengths, size, w.size);
                size += w.size;
            } else if (mode == HISTOGRAM) {
                if (w.longest >= hist.length) {
                    hist = Arrays.copyOf(hist, w.longest + 1);
                }
                for (int k = 1; k <= w.longest; k++) {
                    hist[k] += w.hist[k];
                }
                longest = Math.max(longest, w.longest);
            }
        }

        int[] lengths() {
            return size == lengths.length ? lengths : Arrays.copyOf(lengths, size);
        }

        long[] histogram() {
            return hist.length == longest + 1 ? hist : Arrays.copyOf(hist, longest + 1);
        }

        long count() {
            return count;
        }
    }
}
