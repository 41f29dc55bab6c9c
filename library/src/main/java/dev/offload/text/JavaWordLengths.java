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
    /** Bytes per block of {@link #segment}: one bit each in a long mask. */
    private static final int BLOCK = 64;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080_8080_8080_8080L;
    private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;

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
     * <p>Whole 64-byte blocks first, each reduced to two bit masks, then the words read off the masks (see
     * {@link #emit}): a block of ASCII by arithmetic on eight longs; any other block by the two automata of
     * {@link Utf8Words}, a byte at a time, with nothing on their critical paths but a shift each and no branch that
     * depends on the bytes. The bytes left over (fewer than 64) go through the same automata with the words counted
     * as they end.
     *
     * @throws MalformedUtf8Exception at the first sequence that is not well-formed
     */
    static int segment(byte[] s, int from, int to, Words out) {
        long[] valid = Utf8Words.VALID;
        long[] space = Utf8Words.SPACE;
        int run = 0;
        int i = from;
        int v = Utf8Words.V_ACCEPT;
        int sp = Utf8Words.S_OTHER;
        for (; i <= to - BLOCK; i += BLOCK) {
            long any = 0;
            for (int k = 0; k < BLOCK; k += 8) {
                any |= (long) LONGS.get(s, i + k);
            }
            long spaces;
            long ends;
            if ((any & HIGH) == 0 && v == Utf8Words.V_ACCEPT) {
                // ASCII after a complete code point: every byte is a code point, well-formed.
                spaces = 0;
                for (int k = 0; k < BLOCK; k += 8) {
                    spaces |= asciiSpaceBits((long) LONGS.get(s, i + k)) << k;
                }
                ends = -1L;
            } else {
                // Eight bytes per round, unrolled by hand: each automaton is a chain of shifts, and the space bits
                // are gathered per round rather than shifted into one mask byte by byte, which made a third chain
                // (two dependent operations a byte) that took more time than both automata.
                spaces = 0;
                for (int k = 0; k < BLOCK; k += 8) {
                    int p = i + k;
                    int b0 = s[p] & 0xFF;
                    int b1 = s[p + 1] & 0xFF;
                    int b2 = s[p + 2] & 0xFF;
                    int b3 = s[p + 3] & 0xFF;
                    int b4 = s[p + 4] & 0xFF;
                    int b5 = s[p + 5] & 0xFF;
                    int b6 = s[p + 6] & 0xFF;
                    int b7 = s[p + 7] & 0xFF;
                    v = (int) (valid[b0] >>> v);
                    int s0 = (int) (space[b0] >>> sp);
                    v = (int) (valid[b1] >>> v);
                    int s1 = (int) (space[b1] >>> s0);
                    v = (int) (valid[b2] >>> v);
                    int s2 = (int) (space[b2] >>> s1);
                    v = (int) (valid[b3] >>> v);
                    int s3 = (int) (space[b3] >>> s2);
                    v = (int) (valid[b4] >>> v);
                    int s4 = (int) (space[b4] >>> s3);
                    v = (int) (valid[b5] >>> v);
                    int s5 = (int) (space[b5] >>> s4);
                    v = (int) (valid[b6] >>> v);
                    int s6 = (int) (space[b6] >>> s5);
                    v = (int) (valid[b7] >>> v);
                    sp = (int) (space[b7] >>> s6);
                    int m = (s0 & 1) | (s1 & 1) << 1 | (s2 & 1) << 2 | (s3 & 1) << 3 | (s4 & 1) << 4
                            | (s5 & 1) << 5 | (s6 & 1) << 6 | (sp & 1) << 7;
                    spaces |= (long) m << k;
                }
                v &= 63;
                sp &= 63;
                if (v == Utf8Words.V_REJECT) {
                    throw malformedFrom(s, from);
                }
                // A code point ends at byte j when byte j + 1 is not a continuation byte (or is past the text).
                long continuation = 0;
                for (int k = 0; k < BLOCK; k += 8) {
                    continuation |= continuationBits((long) LONGS.get(s, i + k)) << k;
                }
                long nextStarts = i + BLOCK < s.length && (s[i + BLOCK] & 0xC0) == 0x80 ? 0 : 1;
                ends = (~continuation >>> 1) | (nextStarts << 63);
            }
            run = emit(spaces, ends & ~spaces, run, out);
        }
        // The last bytes, and on to the end of the code point running at to.
        int stop = to;
        while (true) {
            for (; i < stop; i++) {
                int b = s[i] & 0xFF;
                v = (int) (valid[b] >>> v) & 63;
                sp = (int) (space[b] >>> sp) & 63;
                if ((sp & 1) != 0) {
                    if (run > 0) {
                        out.add(run);
                    }
                    run = 0;
                } else if (i + 1 == s.length || (s[i + 1] & 0xC0) != 0x80) {
                    run++;   // a non-space code point ended here
                }
            }
            if (v == Utf8Words.V_ACCEPT) {
                return run;
            }
            if (v == Utf8Words.V_REJECT || i >= s.length) {
                throw malformedFrom(s, from);
            }
            stop = i + 1;
        }
    }

    /**
     * Adds the words that end in one block: bit j of {@code spaces} set where a whitespace code point ends at byte j
     * of the block, of {@code others} where any other code point ends. Returns the length of the word still running
     * after the block, {@code run} being the one running before it.
     */
    private static int emit(long spaces, long others, int run, Words out) {
        while (spaces != 0) {
            long low = spaces & -spaces;
            run += Long.bitCount(others & (low - 1));
            others &= -low;
            if (run > 0) {
                out.add(run);
            }
            run = 0;
            spaces ^= low;
        }
        return run + Long.bitCount(others);
    }

    /**
     * Bit j set when byte j of {@code x} is ASCII whitespace (0x09-0x0D, 0x1C-0x20), for eight ASCII bytes. Per byte,
     * {@code x + 0x77} has its top bit set iff the byte is at least 9, {@code 0x8D - x} iff at most 13, and so on; no
     * byte carries into the next because every byte is below 0x80.
     */
    static long asciiSpaceBits(long x) {
        long ge9 = x + 0x7777_7777_7777_7777L;
        long le13 = 0x8D8D_8D8D_8D8D_8D8DL - x;
        long ge28 = x + 0x6464_6464_6464_6464L;
        long le32 = 0xA0A0_A0A0_A0A0_A0A0L - x;
        return gather(((ge9 & le13) | (ge28 & le32)) & HIGH);
    }

    /** Bit j set when byte j of {@code x} is a continuation byte (10xxxxxx): its top bit set, the next one clear. */
    static long continuationBits(long x) {
        return gather(x & ~(x << 1) & HIGH);
    }

    /** The top bit of each byte of {@code top} (the only bits set) gathered into bits 0-7, byte j to bit j. */
    private static long gather(long top) {
        return ((top >>> 7) * 0x0102_0408_1020_4080L) >>> 56;
    }

    /**
     * The exception for ill-formed text that the automata rejected at or after {@code start} (a code point boundary
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
        throw new IllegalStateException("the UTF-8 validator rejected well-formed text after offset " + start);
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
