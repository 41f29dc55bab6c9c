package dev.offload.backend;

import dev.offload.DeviceKind;
import dev.offload.ElementType;
import dev.offload.MalformedUtf8Exception;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The text operations as plans of launches on the generic path, in one place for every backend: word lengths, their
 * histogram and the word count of UTF-8 text by Python's {@code str.split()} rules, validating the UTF-8 (see
 * {@link dev.offload.Offload#wordLengths(byte[])} for the exact rules). Ill-formed text throws
 * {@link MalformedUtf8Exception} naming the first bad byte, before any result exists.
 *
 * <h2>On a device: the passes of {@code kernels/text.cl}</h2>
 * The kernel file's header has the details. The text (a {@link ElementType#U8} buffer, in chunks) is cut into
 * segments of at most {@value #SEGMENT_BYTES} bytes, each covered by work-groups of one tile of bytes, and no more
 * groups than {@link Backend#maxLaunchItems} allows in one launch.
 * <ol>
 *   <li>Pass 1 ({@code text_count_u8}, per segment) classifies every byte and writes per work-group counts of word
 *       starts and non-space code points, and the smallest offset of ill-formed UTF-8 into the segment's error slot
 *       of a small state buffer; pass 2 ({@code text_scan_groups}, one group, per segment, in order) turns the counts
 *       into exclusive prefix sums over the whole text and adds up the totals. One small download of the state then
 *       gives the word count and every segment's error: a malformed text throws here, its reason worked out by
 *       the Java rules ({@link JavaText#malformed}) on the (at most four) bytes read back from the offset.</li>
 *   <li>Pass 3 ({@code text_positions_u8}) gives each word start its position, the number of non-space code points
 *       before it, written into the {@code i32} result, once per output chunk the segment's words reach.</li>
 *   <li>Pass 4 turns positions into lengths in place, chunk by chunk in order ({@code text_halo_u32} saves the
 *       element after each tile, {@code text_diff_u32} subtracts), or {@code text_histogram_u32} bins the same
 *       differences on the device (lengths of {@value #HIST_BINS} code points or more go to an overflow list), and
 *       only the bins come back.</li>
 * </ol>
 * Words and sequences that cross tiles, segments or chunks need nothing special: every byte's decision reads the 3
 * bytes on each side, and at chunk edges those come from an edge record (8 bytes per chunk) filled by device copies
 * from the neighbouring chunks ({@link Backend#copy}), so device-resident text never comes back to the host. The
 * whole sequence is one {@link Backend#inOneTurn}: the host waits only for its reads of the state and the bins.
 *
 * <p>Launch shapes. Passes 1 and 3 address their bytes by work-group, so they run exactly one group per tile
 * ({@link LaunchRange#groups}) with one local size valid for both ({@link Backend#localSize}, aimed at
 * {@value #CPU_LOCAL_TARGET} work-items where the backend walks contiguous slices, {@value #GPU_LOCAL_TARGET} where
 * it grid-strides); pass 2 is a {@link LaunchRange#oneGroup} launch; {@code text_diff_u32} runs one group per tile of
 * positions ({@value #GPU_LOCAL_TARGET} aimed at), in as many launches as {@link Backend#maxLaunchItems} asks; the
 * halo and the histogram take any range (the backend sizes those, a few groups per core). Bytes per work-item
 * follow {@link Backend#contiguous()}: on GPUs neighbouring work-items read neighbouring 16-byte blocks (coalesced);
 * on CPU devices each work-item walks 16 blocks of 64 bytes. Small working buffers are
 * {@link Backend#allocateScratch} (single chunks from the backend's pool).
 *
 * <h2>On the Java backends: one Java body per pass</h2>
 * The Java text code ({@code dev.offload.text.JavaWordLengths}, reached as {@link JavaText}: fork/join chunks
 * scanned in parallel, then stitched in order) does not split into the device's passes, so the Java backends launch
 * kernels whose Java body runs a whole operation in one call, on all cores or one as the backend is ({@link DeviceKind#JAVA} or {@link DeviceKind#JAVA_SEQUENTIAL}): the
 * count writes one {@code i64}; the histogram fills the same bins and overflow list as the device's, assembled by the
 * same host code; the lengths are two launches, a scan that reports the word count (which sizes the result) and a
 * gather into the result, the scan's chunks handed from one to the other by the call's own body (so the text is
 * scanned once and the lengths copied once, as before).
 */
public final class TextPasses {
    /** One launch of the per-byte kernels covers at most this many bytes, so in-segment offsets fit a uint. */
    static final long SEGMENT_BYTES = 1L << 30;
    /** Texts are limited so that every count fits the kernels' 32-bit counters. */
    static final long MAX_TEXT_BYTES = (1L << 32) - 1;
    /** Lengths below this are binned in the device's local memory; the rest go to an overflow list. */
    static final int HIST_BINS = 1024;
    /** Work-items per group aimed at on devices that grid-stride, and for every one-group-per-tile pass there. */
    static final int GPU_LOCAL_TARGET = 256;
    /** Work-items per group aimed at where work-items walk contiguous slices (a group runs as one loop on a core). */
    static final int CPU_LOCAL_TARGET = 8;
    private static final String SOURCE = "kernels/text.cl";
    private static final String SOURCE_TEXT = SkeletonSources.resource(SOURCE);
    private static final int NO_ERROR = -1;
    /** Index in the state buffer of the total of non-space code points: P[words], the value after the last position. */
    private static final int STATE_NON_SPACE = 1;

    // Signatures of kernels/text.cl, in the order its kernels declare their arguments.
    private static final List<ArgType> BYTE_PASS_HEAD = List.of(ArgType.BUFFER, ArgType.LONG, ArgType.LONG,
            ArgType.INT, ArgType.BUFFER, ArgType.INT, ArgType.BUFFER, ArgType.INT);
    private static final List<ArgType> COUNT = concat(BYTE_PASS_HEAD, ArgType.BUFFER, ArgType.INT,
            ArgType.LOCAL_PER_ITEM);
    private static final List<ArgType> POSITIONS = concat(BYTE_PASS_HEAD, ArgType.BUFFER, ArgType.INT, ArgType.INT,
            ArgType.LOCAL_PER_ITEM);
    private static final List<ArgType> SCAN = List.of(ArgType.BUFFER, ArgType.INT, ArgType.INT, ArgType.BUFFER,
            ArgType.INT, ArgType.LOCAL_PER_ITEM);
    private static final List<ArgType> HALO = List.of(ArgType.BUFFER, ArgType.INT, ArgType.BUFFER, ArgType.INT,
            ArgType.INT, ArgType.BUFFER);
    private static final List<ArgType> DIFF = List.of(ArgType.BUFFER, ArgType.INT, ArgType.BUFFER, ArgType.INT,
            ArgType.LOCAL_PER_ITEM);
    private static final List<ArgType> HISTOGRAM = List.of(ArgType.BUFFER, ArgType.INT, ArgType.BUFFER, ArgType.INT,
            ArgType.BUFFER, ArgType.BUFFER, ArgType.INT, ArgType.LOCAL_BYTES);

    // The Java backends' kernels (no device source: the plan never prepares them on a device).
    private static final List<ArgType> JAVA_COUNT = List.of(ArgType.BUFFER, ArgType.BUFFER);
    private static final List<ArgType> JAVA_HISTOGRAM = List.of(ArgType.BUFFER, ArgType.BUFFER, ArgType.BUFFER);
    private static final List<ArgType> JAVA_GATHER = List.of(ArgType.BUFFER);

    /** Backends whose text kernels have run once ({@code DevicePasses.warmUp}); held weakly, as closed ones go. */
    private static final Set<Backend> WARM = Collections.synchronizedSet(Collections.newSetFromMap(
            new WeakHashMap<>()));

    // equals and hashCode written out: a record's own are bound through invokedynamic at first use, ~10 ms of a new
    // JVM's first call.
    private record Key(String kernel, boolean contiguous) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && kernel.equals(k.kernel) && contiguous == k.contiguous;
        }

        @Override
        public int hashCode() {
            return kernel.hashCode() * 2 + (contiguous ? 1 : 0);
        }
    }

    private record JavaKey(String kernel, boolean parallel) {
    }

    private TextPasses() {
    }

    // ------------------------------------------------------------------------------------------------ operations

    /**
     * Lengths in code points of the words of UTF-8 text, as a new {@link ElementType#I32} buffer the caller owns.
     *
     * @throws IllegalArgumentException when {@code utf8} is not a {@code u8} buffer, or too long for the device
     * @throws MalformedUtf8Exception   naming the first bad byte; no result is made
     */
    public static Buffer wordLengths(Backend b, Buffer utf8, Phases phases) {
        requireText(utf8);
        if (isJava(b)) {
            return javaWordLengths(b, utf8, phases);
        }
        return b.inOneTurn(phases, () -> {
            DevicePasses passes = new DevicePasses(b, phases);
            try (Scan scan = passes.scan(utf8)) {
                Buffer out = b.allocateUninitialized(ElementType.I32, scan.words, phases);
                try {
                    passes.positions(utf8, scan, out);
                    passes.lengths(scan, out);
                    return out;
                } catch (RuntimeException | Error e) {
                    out.close();
                    throw e;
                }
            }
        });
    }

    /**
     * {@code hist[k]} = number of words of length {@code k} in UTF-8 text; the array's length is the longest word's
     * length plus one (a single {@code 0} for text with no words). The lengths are never stored whole.
     *
     * @throws IllegalArgumentException when {@code utf8} is not a {@code u8} buffer, or too long for the device
     * @throws MalformedUtf8Exception   naming the first bad byte
     */
    public static long[] wordLengthHistogram(Backend b, Buffer utf8, Phases phases) {
        requireText(utf8);
        if (isJava(b)) {
            return javaHistogram(b, utf8, phases);
        }
        return b.inOneTurn(phases, () -> {
            DevicePasses passes = new DevicePasses(b, phases);
            try (Scan scan = passes.scan(utf8);
                 Buffer positions = b.allocateUninitialized(ElementType.I32, scan.words, phases)) {
                passes.positions(utf8, scan, positions);
                return passes.histogram(scan, positions);
            }
        });
    }

    /**
     * Number of words of UTF-8 text.
     *
     * @throws IllegalArgumentException when {@code utf8} is not a {@code u8} buffer, or too long for the device
     * @throws MalformedUtf8Exception   naming the first bad byte
     */
    public static long wordCount(Backend b, Buffer utf8, Phases phases) {
        requireText(utf8);
        if (isJava(b)) {
            return javaWordCount(b, utf8, phases);
        }
        return b.inOneTurn(phases, () -> {
            try (Scan scan = new DevicePasses(b, phases).scan(utf8)) {
                return scan.words;
            }
        });
    }

    private static void requireText(Buffer utf8) {
        Objects.requireNonNull(utf8, "utf8");
        if (utf8.type() != ElementType.U8) {
            throw new IllegalArgumentException("text kernels take u8 buffers, not " + utf8.type() + ": " + utf8);
        }
    }

    private static boolean isJava(Backend b) {
        return b.device().kind().isJava();
    }

    // ------------------------------------------------------------------------------------------------ device passes

    /** One launch range of the per-byte kernels. */
    private record Segment(int chunk, long start, int length, long globalStart, int groupBase, int groups) {
    }

    /**
     * What passes 1 and 2 found in a well-formed text; owns three small scratch buffers: the per-group counts (now
     * prefix sums), the edge records and the state, whose element {@value #STATE_NON_SPACE} is P[words].
     */
    private record Scan(long words, long nonSpace, long[] wordBase, List<Segment> segments, Buffer counts,
                        Buffer edges, Buffer state) implements AutoCloseable {
        @Override
        public void close() {
            closeAll(counts, edges, state);
        }
    }

    /** The passes of one call on one device backend; used only inside that call's turn. */
    private static final class DevicePasses {
        private final Backend b;
        private final Phases phases;
        private final int bytesPerItem;
        private final int blocksPerItem;
        private final PreparedKernel count;
        private final PreparedKernel scan;
        private final PreparedKernel positions;
        private final PreparedKernel halo;
        private final PreparedKernel diff;
        private final PreparedKernel histogram;
        private final int byteGroup;
        private final int diffTile;
        /** Bytes of text per launch of passes 1 and 3, and tiles per launch of the diff: within the launch limit. */
        private final long segmentBytes;
        private final int diffTilesPerLaunch;

        DevicePasses(Backend b, Phases phases) {
            this.b = b;
            this.phases = phases;
            boolean contiguous = b.contiguous();
            // GPUs: neighbouring work-items read neighbouring 16-byte blocks (coalesced), many items hide latency.
            // CPU devices: each work-item walks 16 blocks of 64 bytes (1 KiB), few items per group, as the core's
            // kernels do there. On PoCL (2 cores) 16x1, 32x1, 64x1 and 64x16 bytes per item measured within noise of
            // each other except 16 and 32 bytes, which took up to twice the CPU time.
            this.bytesPerItem = contiguous ? 64 : 16;
            this.blocksPerItem = contiguous ? 16 : 1;
            String prefix = "#define BYTES_PER_ITEM " + bytesPerItem + "\n#define BLOCKS_PER_ITEM " + blocksPerItem
                    + "\n#define HIST_BINS " + HIST_BINS + "\n#define CONTIGUOUS OFFLOAD_CONTIGUOUS\n";
            count = kernel(prefix, contiguous, "text_count_u8", COUNT);
            scan = kernel(prefix, contiguous, "text_scan_groups", SCAN);
            positions = kernel(prefix, contiguous, "text_positions_u8", POSITIONS);
            halo = kernel(prefix, contiguous, "text_halo_u32", HALO);
            diff = kernel(prefix, contiguous, "text_diff_u32", DIFF);
            histogram = kernel(prefix, contiguous, "text_histogram_u32", HISTOGRAM);
            int target = contiguous ? CPU_LOCAL_TARGET : GPU_LOCAL_TARGET;
            // Passes 1 and 3 address groups by tile, so they share one local size, valid for both.
            byteGroup = Math.min(b.localSize(count, target), b.localSize(positions, target));
            diffTile = b.localSize(diff, GPU_LOCAL_TARGET);
            // Whole groups below the backend's launch limit (on PoCL a grid of 65535 work-items or more runs a variant
            // of the kernel of its own, compiled on first use: seconds in a new JVM whose cached program lacks it).
            long tile = (long) byteGroup * bytesPerItem * blocksPerItem;
            segmentBytes = Math.min(SEGMENT_BYTES, Math.max(1, b.maxLaunchItems() / byteGroup) * tile);
            diffTilesPerLaunch = Math.max(1, b.maxLaunchItems() / diffTile);
            if (WARM.add(b)) {
                warmUp();
            }
        }

        /**
         * Launches every text kernel once, in the shape its pass uses, on nothing: an empty segment, zero positions,
         * every buffer a small scratch one that nothing is read from before it is written. Done the first time a
         * backend runs any text operation. PoCL compiles a kernel's code for each launch shape at its first launch,
         * and the binary the on-disk program cache stores at close holds only the shapes launched by then: a new JVM
         * whose cache came from a run of {@code wordLengths} alone compiled the histogram's kernel at its first
         * histogram (0.6 s here). The shapes do not depend on the input's size (the launch limit keeps every launch
         * on PoCL's small-grid variants), so one launch each covers every later call. With the shapes in the cached
         * binary this costs a new JVM about a millisecond.
         */
        private void warmUp() {
            try (Buffer s = b.allocateScratch(ElementType.I32, 8, phases)) {
                b.fill(s, 0, 8, 0, phases);
                LaunchRange bytes = LaunchRange.groups(1, byteGroup);
                b.launch(count, bytes, new Object[] {s, 0L, 0L, 0, s, 0, s, 0, s, 2, 8}, phases);
                b.launch(scan, LaunchRange.oneGroup(1), new Object[] {s, 0, 0, s, 2, 8}, phases);
                b.launch(positions, bytes, new Object[] {s, 0L, 0L, 0, s, 0, s, 0, s, 0, 0, 8}, phases);
                b.launch(halo, LaunchRange.of(1), new Object[] {s, 0, s, 0, 1, s}, phases);
                b.launch(diff, LaunchRange.groups(1, diffTile), new Object[] {s, 0, s, 0, Integer.BYTES}, phases);
                b.launch(histogram, LaunchRange.of(1), new Object[] {s, 0, s, 0, s, s, 0, HIST_BINS * Integer.BYTES},
                        phases);
            }
        }

        private PreparedKernel kernel(String prefix, boolean contiguous, String name, List<ArgType> signature) {
            return PreparedKernels.get(b, new Key(name, contiguous), () -> new KernelSpec(name, signature,
                    prefix + SOURCE_TEXT, "", false, null, SOURCE));
        }

        /** Passes 1 and 2: validates and counts. Throws {@link MalformedUtf8Exception} for ill-formed text. */
        Scan scan(Buffer text) {
            if (text.length() > MAX_TEXT_BYTES) {
                throw new IllegalArgumentException("text of " + text.length() + " bytes is too long for the OpenCL"
                        + " text kernels (at most " + MAX_TEXT_BYTES + ")");
            }
            long tile = (long) byteGroup * bytesPerItem * blocksPerItem;
            List<Segment> segments = new ArrayList<>();
            long groupTotal = 0;
            for (int c = 0; c < text.chunkCount(); c++) {
                long chunkLength = chunkLength(text, c);
                for (long s = 0; s < chunkLength; s += segmentBytes) {
                    int len = (int) Math.min(segmentBytes, chunkLength - s);
                    int groups = (int) ((len + tile - 1) / tile);
                    segments.add(new Segment(c, s, len, chunkStart(text, c) + s, (int) groupTotal, groups));
                    groupTotal += groups;
                }
            }
            Buffer counts = null;
            Buffer edges = null;
            Buffer state = null;
            try {
                // Two uints per tile of text: a 4 GiB text needs a few MiB.
                counts = b.allocateScratch(ElementType.I32, Math.max(2, 2 * groupTotal), phases);
                edges = edges(text);
                // State: running totals (0, 0), then per segment a word base (written by the scan) and an error slot
                // (NO_ERROR until pass 1 finds one).
                int stateInts = 2 + 2 * segments.size();
                state = b.allocateScratch(ElementType.I32, stateInts, phases);
                b.fill(state, 0, stateInts, NO_ERROR, phases);
                b.fill(state, 0, 2, 0, phases);
                for (int s = 0; s < segments.size(); s++) {
                    Segment seg = segments.get(s);
                    b.launch(count, LaunchRange.groups(seg.groups, byteGroup), new Object[] {
                        text.chunkView(seg.chunk), chunkLength(text, seg.chunk), seg.start, seg.length, edges,
                        seg.chunk, counts, seg.groupBase, state, 3 + 2 * s, 8}, phases);
                    b.launch(scan, LaunchRange.oneGroup(seg.groups), new Object[] {
                        counts, seg.groupBase, seg.groups, state, 2 + 2 * s, 8}, phases);
                }
                int[] result = new int[stateInts];
                b.downloadInto(state, 0, result, phases);
                for (int s = 0; s < segments.size(); s++) {
                    int err = result[3 + 2 * s];
                    if (err != NO_ERROR) {
                        throw malformed(text, segments.get(s).globalStart + Integer.toUnsignedLong(err));
                    }
                }
                long[] wordBase = new long[segments.size() + 1];
                for (int s = 0; s < segments.size(); s++) {
                    wordBase[s] = Integer.toUnsignedLong(result[2 + 2 * s]);
                }
                long words = Integer.toUnsignedLong(result[0]);
                wordBase[segments.size()] = words;
                Scan scanned = new Scan(words, Integer.toUnsignedLong(result[1]), wordBase, segments, counts, edges,
                        state);
                counts = null;
                edges = null;
                state = null;
                return scanned;
            } finally {
                closeAll(counts, edges, state);
            }
        }

        /**
         * Pass 3: writes the word positions P[0 .. words) into {@code out}, an {@code i32} buffer of {@code words}
         * elements (P[words] stays in the scan's state).
         */
        void positions(Buffer text, Scan scanned, Buffer out) {
            for (int s = 0; s < scanned.segments.size(); s++) {
                Segment seg = scanned.segments.get(s);
                long first = scanned.wordBase[s];
                long end = scanned.wordBase[s + 1];
                if (first == end) {
                    continue;
                }
                // A segment's words usually land in one output chunk; the launch is repeated for each chunk they
                // reach.
                for (int d = (int) (first / out.chunkElements()); d < out.chunkCount() && chunkStart(out, d) < end;
                     d++) {
                    b.launch(positions, LaunchRange.groups(seg.groups, byteGroup), new Object[] {
                        text.chunkView(seg.chunk), chunkLength(text, seg.chunk), seg.start, seg.length, scanned.edges,
                        seg.chunk, scanned.counts, seg.groupBase, out.chunkView(d), (int) chunkStart(out, d),
                        (int) chunkLength(out, d), 8}, phases);
                }
            }
        }

        /** Pass 4: turns the positions in {@code p} into word lengths, in place, chunk by chunk in order. */
        void lengths(Scan scanned, Buffer p) {
            if (p.chunkCount() == 0) {
                return;
            }
            long tile = diffTile;
            // Sized by the first chunk, the largest, not by chunkElements: on a GPU a chunk may hold 5 * 2^30 ints
            // (20 GiB largest allocation), and a halo for that many would be 80 MiB on every call.
            long maxTiles = (chunkLength(p, 0) + tile - 1) / tile;
            try (Buffer halos = b.allocateScratch(ElementType.I32, maxTiles, phases)) {
                for (int d = 0; d < p.chunkCount(); d++) {
                    long n = chunkLength(p, d);
                    long tiles = (n + tile - 1) / tile;
                    Buffer chunk = p.chunkView(d);
                    b.launch(halo, LaunchRange.of(toInt(tiles)), new Object[] {
                        chunk, (int) n, next(scanned, p, d), nextIndex(p, d), (int) tile, halos}, phases);
                    for (long t = 0; t < tiles; t += diffTilesPerLaunch) {
                        b.launch(diff, LaunchRange.groups((int) Math.min(diffTilesPerLaunch, tiles - t), diffTile),
                                new Object[] {chunk, (int) n, halos, (int) t, Integer.BYTES}, phases);
                    }
                }
            }
        }

        /** The histogram of the lengths P[k+1] - P[k] of the positions in {@code p}, without storing them. */
        long[] histogram(Scan scanned, Buffer p) {
            if (p.length() == 0) {
                return new long[] {0};
            }
            // Every length of HIST_BINS or more uses that many non-space code points, which bounds the overflow list.
            long cap = scanned.nonSpace / HIST_BINS + 1;
            try (Buffer bins = b.allocateScratch(ElementType.I32, HIST_BINS, phases);
                 Buffer overflow = b.allocateScratch(ElementType.I32, 1 + cap, phases)) {
                b.fill(bins, 0, HIST_BINS, 0, phases);
                b.fill(overflow, 0, 1, 0, phases);
                for (int d = 0; d < p.chunkCount(); d++) {
                    long n = chunkLength(p, d);
                    b.launch(histogram, LaunchRange.of(toInt(n)), new Object[] {
                        p.chunkView(d), (int) n, next(scanned, p, d), nextIndex(p, d), bins, overflow, (int) cap,
                        HIST_BINS * Integer.BYTES}, phases);
                }
                return assemble(b, bins, overflow, cap, phases);
            }
        }

        /** Where P[end of chunk d] is: element 0 of the next chunk, or the state's total after the last one. */
        private static Buffer next(Scan scanned, Buffer p, int d) {
            return d + 1 < p.chunkCount() ? p.chunkView(d + 1) : scanned.state;
        }

        private static int nextIndex(Buffer p, int d) {
            return d + 1 < p.chunkCount() ? 0 : STATE_NON_SPACE;
        }

        /**
         * Per chunk 8 bytes: the 3 bytes before it and the 3 after it in the whole text, 0x20 past the text's ends.
         * Filled by device-to-device copies, so device-resident text never comes back to the host.
         */
        private Buffer edges(Buffer text) {
            long size = 8L * Math.max(1, text.chunkCount());
            Buffer edges = b.allocateScratch(ElementType.U8, size, phases);
            try {
                b.fill(edges, 0, size, 0x20, phases);
                long total = text.length();
                for (int c = 0; c < text.chunkCount(); c++) {
                    long start = chunkStart(text, c);
                    long end = start + chunkLength(text, c);
                    long before = Math.max(0, start - 3);
                    copy(text, before, start - before, edges, 8L * c + 3 - (start - before));
                    copy(text, end, Math.min(total, end + 3) - end, edges, 8L * c + 4);
                }
                return edges;
            } catch (RuntimeException | Error e) {
                edges.close();
                throw e;
            }
        }

        private void copy(Buffer src, long from, long n, Buffer dst, long at) {
            if (n > 0) {
                b.copy(src, from, dst, at, n, phases);
            }
        }

        /** The exception for the device's error offset, with the reason worked out by the Java rules on those bytes. */
        private MalformedUtf8Exception malformed(Buffer text, long offset) {
            byte[] bytes = new byte[(int) Math.min(4, text.length() - offset)];
            b.downloadInto(text, offset, bytes, phases);
            MalformedUtf8Exception e = JavaText.get().malformed(bytes, offset);
            if (e != null) {
                return e;
            }
            throw new IllegalStateException("device reported malformed UTF-8 at byte offset " + offset
                    + " but the bytes there are well-formed: " + Arrays.toString(bytes));
        }
    }

    /**
     * The histogram from {@value #HIST_BINS} bins of 32-bit counts and an overflow list ({@code overflow[0]} lengths
     * after it) of at most {@code cap} lengths: the device's output, and the Java body's in the same form.
     */
    private static long[] assemble(Backend b, Buffer bins, Buffer overflow, long cap, Phases phases) {
        int[] binCounts = new int[HIST_BINS];
        b.downloadInto(bins, 0, binCounts, phases);
        int[] over = new int[1];
        b.downloadInto(overflow, 0, over, phases);
        long overCount = Integer.toUnsignedLong(over[0]);
        if (overCount > cap) {
            throw new IllegalStateException("histogram overflow list overran: " + overCount + " > " + cap);
        }
        int[] longLengths = new int[(int) overCount];
        if (overCount > 0) {
            b.downloadInto(overflow, 1, longLengths, phases);
        }
        int max = 0;
        for (int k = HIST_BINS - 1; k >= 0 && max == 0; k--) {
            if (binCounts[k] != 0) {
                max = k;
            }
        }
        for (int len : longLengths) {
            max = Math.max(max, len);
        }
        long[] hist = new long[max + 1];
        for (int k = 0; k < Math.min(HIST_BINS, hist.length); k++) {
            hist[k] = Integer.toUnsignedLong(binCounts[k]);
        }
        for (int len : longLengths) {
            hist[len]++;
        }
        return hist;
    }

    // ------------------------------------------------------------------------------------------------ Java bodies

    private static boolean parallel(Backend b) {
        return b.device().kind() == DeviceKind.JAVA;
    }

    private static long javaWordCount(Backend b, Buffer utf8, Phases phases) {
        boolean parallel = parallel(b);
        PreparedKernel k = PreparedKernels.get(b, new JavaKey("word_count_u8", parallel), () -> javaSpec(
                "word_count_u8", JAVA_COUNT, (args, from, to) ->
                        ((long[]) args[1])[0] = JavaText.get().wordCount((byte[]) args[0], parallel)));
        try (Buffer count = b.allocate(ElementType.I64, 1, phases)) {
            b.launch(k, LaunchRange.oneGroup(toInt(utf8.length())), new Object[] {utf8, count}, phases);
            long[] value = new long[1];
            b.downloadInto(count, value, phases);
            return value[0];
        }
    }

    private static long[] javaHistogram(Backend b, Buffer utf8, Phases phases) {
        boolean parallel = parallel(b);
        PreparedKernel k = PreparedKernels.get(b, new JavaKey("word_length_histogram_u8", parallel), () -> javaSpec(
                "word_length_histogram_u8", JAVA_HISTOGRAM, (args, from, to) ->
                        binned(JavaText.get().histogram((byte[]) args[0], parallel), (int[]) args[1],
                                (int[]) args[2])));
        // Without the non-space total that a device scan gives, the text's length bounds the long words.
        long cap = utf8.length() / HIST_BINS + 1;
        try (Buffer bins = b.allocate(ElementType.I32, HIST_BINS, phases);
             Buffer overflow = b.allocate(ElementType.I32, 1 + cap, phases)) {
            b.launch(k, LaunchRange.oneGroup(toInt(utf8.length())), new Object[] {utf8, bins, overflow}, phases);
            return assemble(b, bins, overflow, cap, phases);
        }
    }

    /** A histogram as the device writes it: counts below {@value #HIST_BINS}, longer lengths listed one per word. */
    private static void binned(long[] hist, int[] bins, int[] overflow) {
        for (int len = 0; len < Math.min(HIST_BINS, hist.length); len++) {
            bins[len] = (int) hist[len];
        }
        int n = 0;
        for (int len = HIST_BINS; len < hist.length; len++) {
            for (long j = 0; j < hist[len]; j++) {
                overflow[1 + n++] = len;
            }
        }
        overflow[0] = n;
    }

    /**
     * Two launches: the scan (every chunk of the text, in parallel when the backend is) reports the word count, which
     * sizes the result; the gather copies the lengths into it. The scanned chunks pass from the one to the other
     * through this call's own bodies, so these two kernels are made per call (on the Java backends preparing is a
     * lookup of nothing).
     */
    private static Buffer javaWordLengths(Backend b, Buffer utf8, Phases phases) {
        boolean parallel = parallel(b);
        JavaText.Lengths[] scanned = new JavaText.Lengths[1];
        KernelSpec scan = javaSpec("word_lengths_u8_scan", JAVA_COUNT, (args, from, to) -> {
            scanned[0] = JavaText.get().scanLengths((byte[]) args[0], parallel);
            ((long[]) args[1])[0] = scanned[0].words();
        });
        KernelSpec gather = javaSpec("word_lengths_u8_gather", JAVA_GATHER,
                (args, from, to) -> scanned[0].lengthsInto((int[]) args[0]));
        long words;
        try (Buffer count = b.allocate(ElementType.I64, 1, phases)) {
            b.launch(b.prepare(scan), LaunchRange.oneGroup(toInt(utf8.length())), new Object[] {utf8, count}, phases);
            long[] value = new long[1];
            b.downloadInto(count, value, phases);
            words = value[0];
        }
        Buffer out = b.allocateUninitialized(ElementType.I32, words, phases);
        try {
            b.launch(b.prepare(gather), LaunchRange.oneGroup(toInt(words)), new Object[] {out}, phases);
            return out;
        } catch (RuntimeException | Error e) {
            out.close();
            throw e;
        }
    }

    /** A kernel of the Java backends: its body runs once, over the whole text, whatever range it is given. */
    private static KernelSpec javaSpec(String name, List<ArgType> signature, JavaBody body) {
        return new KernelSpec(name, signature, "", "", false, body, "dev.offload.text.JavaWordLengths");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static long chunkStart(Buffer buffer, int k) {
        return k * buffer.chunkElements();
    }

    private static long chunkLength(Buffer buffer, int k) {
        return Math.min(buffer.chunkElements(), buffer.length() - k * buffer.chunkElements());
    }

    private static int toInt(long n) {
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a launch of " + n + " work-items does not fit the launch range");
        }
        return (int) n;
    }

    private static void closeAll(Buffer... buffers) {
        for (Buffer buffer : buffers) {
            if (buffer != null) {
                buffer.close();
            }
        }
    }

    private static List<ArgType> concat(List<ArgType> head, ArgType... tail) {
        List<ArgType> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return List.copyOf(all);
    }
}
