package dev.offload.opencl;

import dev.offload.MalformedUtf8Exception;
import dev.offload.text.Utf8;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host side of {@code kernels/text.cl}: the launches, over a text held in {@link ClBuffer} chunks, that count,
 * validate, place and measure words. {@link OpenClText} strings them together per operation.
 *
 * <p>Overview (the kernel file's header has the details). Pass 1 classifies every byte (code-point start, whitespace
 * recognised across the bytes of a sequence, word start, UTF-8 well-formedness) and writes per work-group counts of
 * word starts and non-space code points; pass 2 turns them, segment by segment on an in-order queue, into exclusive
 * prefix sums over the whole text, so after it the host knows the word count and whether the text is well-formed
 * (one small download). Pass 3 reclassifies and gives every word start its word index and the number of non-space
 * code points before it (its position P[k]), written into the {@code i32} result buffer; pass 4 turns positions into
 * lengths in place (P[k+1] - P[k]), or the histogram kernel bins those differences without storing them. Words and
 * sequences that cross tiles, segments or chunks need nothing special: every byte's decision reads the 3 bytes on
 * each side, and at chunk edges those come from an edge record copied from the neighbouring chunks on the device.
 *
 * <p>One instance per call, used only while its {@link Enqueue} is held: the kernels come from the backend's shared
 * cache and their arguments may only be set under the queue lock. Small scratch buffers come from the backend's pool
 * and go back to it in {@code finally} (the one in-order queue runs the commands already enqueued on them first).
 */
final class OpenClTextPasses {
    /** One launch of the per-byte kernels covers at most this many bytes, so in-segment offsets fit a uint. */
    static final long SEGMENT_BYTES = 1L << 30;
    /** Texts are limited so that every count fits the kernels' 32-bit counters. */
    static final long MAX_TEXT_BYTES = (1L << 32) - 1;
    /** Lengths below this are binned on the device's local memory; the rest go to an overflow list. */
    static final int HIST_BINS = 1024;
    private static final String SOURCE = "kernels/text.cl";
    private static final int NO_ERROR = -1;

    private final OpenClBackend backend;
    private final Enqueue q;
    private final int bytesPerItem;
    private final int blocksPerItem;

    private final ClKernel count;
    private final ClKernel scan;
    private final ClKernel positions;
    private final ClKernel halo;
    private final ClKernel diff;
    private final ClKernel histogram;
    private final long byteGroup;
    private final long scanGroup;

    /** One launch range of the per-byte kernels. */
    private record Segment(int chunk, long start, int length, long globalStart, int groupBase, int groups) {
    }

    /**
     * Result of passes 1 and 2 for a well-formed text; owns three small device buffers. {@code state} holds the totals:
     * index {@value #STATE_NON_SPACE} is P[words], the value after the last position.
     */
    static final class Scan implements AutoCloseable {
        final long words;
        final long nonSpace;
        final long[] wordBase;
        final List<Segment> segments;
        private final OpenClBackend backend;
        final Scratch counts;
        final Scratch edges;
        final Scratch state;

        private Scan(OpenClBackend backend, long words, long nonSpace, long[] wordBase, List<Segment> segments,
                     Scratch counts, Scratch edges, Scratch state) {
            this.backend = backend;
            this.words = words;
            this.nonSpace = nonSpace;
            this.wordBase = wordBase;
            this.segments = segments;
            this.counts = counts;
            this.edges = edges;
            this.state = state;
        }

        @Override
        public void close() {
            release(backend, counts);
            release(backend, edges);
            release(backend, state);
        }
    }

    /**
     * A scratch buffer from the backend's pool: on a GPU a fresh {@code clCreateBuffer} per call costs more than the
     * text passes over a few MiB. Given back with {@link #release}; commands already enqueued on the one in-order
     * queue run before any later call can use it again.
     */
    record Scratch(cl_mem mem, long bytes) {
    }

    private Scratch scratch(long bytes) {
        return new Scratch(backend.obtain(bytes), bytes);
    }

    private static void release(OpenClBackend backend, Scratch s) {
        if (s != null) {
            backend.recycle(s.mem(), s.bytes());
        }
    }

    /** Index in the state buffer of the total of non-space code points. */
    static final int STATE_NON_SPACE = 1;

    /**
     * Passes on {@code backend}'s device, enqueued on {@code q} (which the caller holds, finishes and closes).
     * Kernels come from the backend's program cache, specialised by device type (bytes and blocks per work-item).
     */
    OpenClTextPasses(OpenClBackend backend, Enqueue q) {
        this.backend = backend;
        this.q = q;
        // GPUs: neighbouring work-items read neighbouring 16-byte blocks (coalesced), many items hide latency. CPU
        // devices: each work-item walks 16 blocks of 64 bytes (1 KiB), few items per group, as the core's kernels
        // do there. On PoCL (2 cores) 16x1, 32x1, 64x1 and 64x16 bytes per item measured within noise of each other
        // except 16 and 32 bytes, which took up to twice the CPU time.
        this.bytesPerItem = backend.contiguous() ? 64 : 16;
        this.blocksPerItem = backend.contiguous() ? 16 : 1;
        String prefix = "#define BYTES_PER_ITEM " + bytesPerItem + "\n#define BLOCKS_PER_ITEM " + blocksPerItem
                + "\n#define HIST_BINS " + HIST_BINS + "\n#define CONTIGUOUS " + (backend.contiguous() ? 1 : 0);
        count = backend.kernel(SOURCE, prefix, "text_count_u8");
        scan = backend.kernel(SOURCE, prefix, "text_scan_groups");
        positions = backend.kernel(SOURCE, prefix, "text_positions_u8");
        halo = backend.kernel(SOURCE, prefix, "text_halo_u32");
        diff = backend.kernel(SOURCE, prefix, "text_diff_u32");
        histogram = backend.kernel(SOURCE, prefix, "text_histogram_u32");
        // Passes 1 and 3 address groups by tile, so they share one local size, valid for both.
        long target = backend.contiguous() ? LaunchGeometry.CPU_LOCAL_TARGET : LaunchGeometry.GPU_LOCAL_TARGET;
        byteGroup = Math.min(count.localSize(target), positions.localSize(target));
        scanGroup = scan.localSize(LaunchGeometry.GPU_LOCAL_TARGET);
    }

    // ------------------------------------------------------------------------------------------------ operations

    /** Passes 1 and 2: validates and counts. Throws {@link MalformedUtf8Exception} for ill-formed text. */
    Scan scan(ClBuffer text) {
        if (text.length() > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("text of " + text.length() + " bytes is too long for the OpenCL text"
                    + " kernels (at most " + MAX_TEXT_BYTES + ")");
        }
        long tile = byteGroup * bytesPerItem * blocksPerItem;
        List<Segment> segments = new ArrayList<>();
        long groupTotal = 0;
        for (int c = 0; c < text.chunkCount(); c++) {
            for (long s = 0; s < text.chunkLength(c); s += SEGMENT_BYTES) {
                int len = (int) Math.min(SEGMENT_BYTES, text.chunkLength(c) - s);
                int groups = (int) ((len + tile - 1) / tile);
                segments.add(new Segment(c, s, len, text.chunkStart(c) + s, (int) groupTotal, groups));
                groupTotal += groups;
            }
        }
        Scratch counts = null;
        Scratch edges = null;
        Scratch state = null;
        try {
            // Scratch of 8 bytes per tile of text: not chunked (a 4 GiB text needs a few MiB).
            counts = scratch(Math.max(8, groupTotal * 8));
            edges = edges(text);
            // State: running totals (0, 0), then per segment a word base (written by the scan) and an error slot
            // (NO_ERROR until pass 1 finds one). Filled on the device: no host pointer to keep alive.
            long stateInts = 2 + 2L * segments.size();
            state = scratch(stateInts * Sizeof.cl_uint);
            CL.clEnqueueFillBuffer(q.queue(), state.mem(), Pointer.to(new int[] {NO_ERROR}), Sizeof.cl_uint, 0,
                    state.bytes(), 0, null, null);
            fillZero(state.mem(), 2L * Sizeof.cl_uint);
            for (int s = 0; s < segments.size(); s++) {
                Segment seg = segments.get(s);
                byteArgs(count, text, seg, edges.mem()).arg(6, counts.mem()).argInt(7, seg.groupBase)
                        .arg(8, state.mem()).argInt(9, 3 + 2 * s).argLocal(10, 8 * byteGroup);
                q.launch(count, seg.groups * byteGroup, byteGroup);
                scan.arg(0, counts.mem()).argInt(1, seg.groupBase).argInt(2, seg.groups).arg(3, state.mem())
                        .argInt(4, 2 + 2 * s).argLocal(5, 8 * scanGroup);
                q.launch(scan, scanGroup, scanGroup);
            }
            int[] result = new int[(int) stateInts];
            read(state.mem(), 0, result.length * 4L, Pointer.to(result));
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
            Scan scanned = new Scan(backend, words, Integer.toUnsignedLong(result[1]), wordBase, segments, counts,
                    edges, state);
            counts = null;
            edges = null;
            state = null;
            return scanned;
        } finally {
            release(backend, counts);
            release(backend, edges);
            release(backend, state);
        }
    }

    /**
     * Pass 3: writes the word positions P[0 .. words) into {@code out}, an {@code i32} buffer of {@code words}
     * elements (P[words] stays in the scan's state).
     */
    void positions(ClBuffer text, Scan scanned, ClBuffer out) {
        for (int s = 0; s < scanned.segments.size(); s++) {
            Segment seg = scanned.segments.get(s);
            long first = scanned.wordBase[s];
            long end = scanned.wordBase[s + 1];
            if (first == end) {
                continue;
            }
            // A segment's words usually land in one output chunk; the launch is repeated for each chunk they reach.
            for (int d = (int) (first / out.chunkElements()); d < out.chunkCount() && out.chunkStart(d) < end; d++) {
                byteArgs(positions, text, seg, scanned.edges.mem()).arg(6, scanned.counts.mem())
                        .argInt(7, seg.groupBase)
                        .arg(8, out.chunk(d)).argInt(9, (int) out.chunkStart(d)).argInt(10, (int) out.chunkLength(d))
                        .argLocal(11, 8 * byteGroup);
                q.launch(positions, seg.groups * byteGroup, byteGroup);
            }
        }
    }

    /** Pass 4: turns the positions in {@code p} into word lengths, in place, chunk by chunk in order. */
    void lengths(Scan scanned, ClBuffer p) {
        if (p.chunkCount() == 0) {
            return;
        }
        long tile = diff.localSize(LaunchGeometry.GPU_LOCAL_TARGET);
        Scratch halos = null;
        try {
            // Sized by the first chunk, the largest, not by chunkElements: on a GPU a chunk may hold 5 * 2^30 ints
            // (20 GiB largest allocation), and a halo for that many would be 80 MiB on every call.
            long maxTiles = (p.chunkLength(0) + tile - 1) / tile;
            halos = scratch(maxTiles * Sizeof.cl_uint);
            for (int d = 0; d < p.chunkCount(); d++) {
                long n = p.chunkLength(d);
                long tiles = (n + tile - 1) / tile;
                LaunchGeometry.Launch l = backend.launch(halo, tiles);
                nextArgs(halo.arg(0, p.chunk(d)).argInt(1, (int) n), scanned, p, d).argInt(4, (int) tile)
                        .arg(5, halos.mem());
                q.launch(halo, l.global(), l.local());
                diff.arg(0, p.chunk(d)).argInt(1, (int) n).arg(2, halos.mem()).argLocal(3, tile * Sizeof.cl_uint);
                q.launch(diff, tiles * tile, tile);
            }
        } finally {
            release(backend, halos);
        }
    }

    /** The histogram of the lengths P[k+1] - P[k] of the positions in {@code p}, without storing them. */
    long[] histogram(Scan scanned, ClBuffer p) {
        if (p.length() == 0) {
            return new long[] {0};
        }
        // Every length of HIST_BINS or more uses that many non-space code points, which bounds the overflow list.
        long cap = scanned.nonSpace / HIST_BINS + 1;
        Scratch binScratch = null;
        Scratch overflowScratch = null;
        try {
            binScratch = scratch((long) HIST_BINS * Sizeof.cl_uint);
            overflowScratch = scratch((1 + cap) * Sizeof.cl_uint);
            cl_mem bins = binScratch.mem();
            cl_mem overflow = overflowScratch.mem();
            fillZero(bins, (long) HIST_BINS * Sizeof.cl_uint);
            fillZero(overflow, Sizeof.cl_uint);
            for (int d = 0; d < p.chunkCount(); d++) {
                long n = p.chunkLength(d);
                LaunchGeometry.Launch l = backend.launch(histogram, n);
                nextArgs(histogram.arg(0, p.chunk(d)).argInt(1, (int) n), scanned, p, d).arg(4, bins)
                        .arg(5, overflow).argInt(6, (int) cap).argLocal(7, (long) HIST_BINS * Sizeof.cl_uint);
                q.launch(histogram, l.global(), l.local());
            }
            int[] binCounts = new int[HIST_BINS];
            read(bins, 0, (long) HIST_BINS * Sizeof.cl_uint, Pointer.to(binCounts));
            int[] over = new int[1];
            read(overflow, 0, Sizeof.cl_uint, Pointer.to(over));
            long overCount = Integer.toUnsignedLong(over[0]);
            if (overCount > cap) {
                throw new IllegalStateException("histogram overflow list overran: " + overCount + " > " + cap);
            }
            int[] longLengths = new int[(int) overCount];
            if (overCount > 0) {
                read(overflow, Sizeof.cl_uint, overCount * Sizeof.cl_uint, Pointer.to(longLengths));
            }
            int max = 0;
            for (int b = HIST_BINS - 1; b >= 0 && max == 0; b--) {
                if (binCounts[b] != 0) {
                    max = b;
                }
            }
            for (int len : longLengths) {
                max = Math.max(max, len);
            }
            long[] hist = new long[max + 1];
            for (int b = 0; b < Math.min(HIST_BINS, hist.length); b++) {
                hist[b] = Integer.toUnsignedLong(binCounts[b]);
            }
            for (int len : longLengths) {
                hist[len]++;
            }
            return hist;
        } finally {
            release(backend, binScratch);
            release(backend, overflowScratch);
        }
    }

    /** Arguments 2 and 3 of the kernels over positions: where P[end of chunk d] is. */
    private static ClKernel nextArgs(ClKernel k, Scan scanned, ClBuffer p, int d) {
        return d + 1 < p.chunkCount() ? k.arg(2, p.chunk(d + 1)).argInt(3, 0)
                : k.arg(2, scanned.state.mem()).argInt(3, STATE_NON_SPACE);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private ClKernel byteArgs(ClKernel k, ClBuffer text, Segment seg, cl_mem edges) {
        return k.arg(0, text.chunk(seg.chunk)).arg(1, text.chunkLength(seg.chunk)).arg(2, seg.start)
                .argInt(3, seg.length).arg(4, edges).argInt(5, seg.chunk);
    }

    /**
     * Per chunk 8 bytes: the 3 bytes before it and the 3 after it in the whole text, 0x20 past the text's ends. Filled
     * by device-to-device copies, so device-resident text never comes back to the host.
     */
    private Scratch edges(ClBuffer text) {
        long size = 8L * Math.max(1, text.chunkCount());
        Scratch scratch = scratch(size);
        cl_mem edges = scratch.mem();
        try {
            CL.clEnqueueFillBuffer(q.queue(), edges, Pointer.to(new byte[] {0x20}), 1, 0, size, 0, null, null);
            long total = text.length();
            for (int c = 0; c < text.chunkCount(); c++) {
                long start = text.chunkStart(c);
                long end = start + text.chunkLength(c);
                long before = Math.max(0, start - 3);
                copyText(text, before, start - before, edges, 8L * c + 3 - (start - before));
                copyText(text, end, Math.min(total, end + 3) - end, edges, 8L * c + 4);
            }
            return scratch;
        } catch (RuntimeException e) {
            release(backend, scratch);
            throw e;
        }
    }

    /** Copies text bytes [from, from + n) of the whole text, which may span chunks, into dst at dstOffset. */
    private void copyText(ClBuffer text, long from, long n, cl_mem dst, long dstOffset) {
        long done = 0;
        while (done < n) {
            long at = from + done;
            int c = (int) (at / text.chunkElements());
            long run = Math.min(n - done, text.chunkStart(c) + text.chunkLength(c) - at);
            CL.clEnqueueCopyBuffer(q.queue(), text.chunk(c), dst, at - text.chunkStart(c), dstOffset + done, run, 0,
                    null, null);
            done += run;
        }
    }

    /** The exception for the device's error offset, with the reason worked out by the Java rules on those bytes. */
    private MalformedUtf8Exception malformed(ClBuffer text, long offset) {
        byte[] bytes = new byte[(int) Math.min(4, text.length() - offset)];
        for (int done = 0; done < bytes.length; ) {
            long at = offset + done;
            int c = (int) (at / text.chunkElements());
            int run = (int) Math.min(bytes.length - done, text.chunkStart(c) + text.chunkLength(c) - at);
            byte[] part = new byte[run];
            read(text.chunk(c), at - text.chunkStart(c), run, Pointer.to(part));
            System.arraycopy(part, 0, bytes, done, run);
            done += run;
        }
        try {
            Utf8.sequenceLength(bytes, 0, offset);
        } catch (MalformedUtf8Exception e) {
            return e;
        }
        throw new IllegalStateException("device reported malformed UTF-8 at byte offset " + offset
                + " but the bytes there are well-formed: " + Arrays.toString(bytes));
    }

    private void read(cl_mem buffer, long offset, long bytes, Pointer to) {
        CL.clEnqueueReadBuffer(q.queue(), buffer, true, offset, bytes, to, 0, null, q.event(Enqueue.Phase.DOWNLOAD));
        q.phases().download(0, bytes);
    }

    private void fillZero(cl_mem buffer, long bytes) {
        CL.clEnqueueFillBuffer(q.queue(), buffer, Pointer.to(new int[] {0}), Sizeof.cl_uint, 0, bytes, 0, null, null);
    }

}
