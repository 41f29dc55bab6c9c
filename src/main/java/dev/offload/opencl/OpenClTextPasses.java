package dev.offload.opencl;

import dev.offload.MalformedUtf8Exception;
import dev.offload.text.Utf8;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The host side of {@code kernels/text.cl}: the launches, over a text held in {@link ClBuffer} chunks, that count,
 * validate, place and measure words. {@link OpenClText} strings them together per operation.
 *
 * <p>Overview (the kernel file's header has the details). Pass 1 classifies every byte (code-point start, whitespace
 * recognised across the bytes of a sequence, word start, UTF-8 well-formedness) and writes per work-group counts of
 * word starts and non-space code points; pass 2 turns them, segment by segment on an in-order queue, into exclusive
 * prefix sums over the whole text, so after it the host knows the word count and whether the text is well-formed
 * (one small download). Pass 3 reclassifies and gives every word start its word index and the number of non-space
 * code points before it (its position P[k]); lengths and the histogram are differences of neighbouring positions. Words
 * and sequences that cross tiles, segments or chunks need nothing special: every byte's decision reads the 3 bytes on
 * each side, and at chunk edges those come from an edge record copied from the neighbouring chunks on the device.
 *
 * <p>One instance per call, used only while its {@link Enqueue} is held: the kernels come from the backend's shared
 * cache and their arguments may only be set under the queue lock. Small scratch buffers are plain {@code cl_mem}s
 * released in {@code finally} (OpenCL keeps them alive until commands already enqueued on them have run).
 */
final class OpenClTextPasses {
    /** One launch of the per-byte kernels covers at most this many bytes, so in-segment offsets fit a uint. */
    static final long SEGMENT_BYTES = 1L << 30;
    /** Texts are limited so that every count fits the kernels' 32-bit counters. */
    static final long MAX_TEXT_BYTES = (1L << 32) - 1;
    /** Lengths below this are binned on the device's local memory; the rest go to an overflow list. */
    static final int HIST_BINS = 1024;
    /** Work-items per group asked for (the device may allow fewer); the scans are log-depth in it. */
    private static final long LOCAL_TARGET = 256;
    private static final String SOURCE = "kernels/text.cl";
    private static final int NO_ERROR = -1;

    private final OpenClBackend backend;
    private final Enqueue q;
    private final cl_context context;
    private final long maxAllocBytes;
    private final int bytesPerItem;

    private final ClKernel count;
    private final ClKernel scan;
    private final ClKernel positions;
    private final ClKernel lengths;
    private final ClKernel histogram;
    private final long byteGroup;
    private final long scanGroup;

    /** One launch range of the per-byte kernels. */
    private record Segment(int chunk, long start, int length, long globalStart, int groupBase, int groups) {
    }

    /** Result of passes 1 and 2 for a well-formed text; owns two small device buffers. */
    static final class Scan implements AutoCloseable {
        final long words;
        final long nonSpace;
        final long[] wordBase;
        final List<Segment> segments;
        cl_mem counts;
        cl_mem edges;

        private Scan(long words, long nonSpace, long[] wordBase, List<Segment> segments, cl_mem counts, cl_mem edges) {
            this.words = words;
            this.nonSpace = nonSpace;
            this.wordBase = wordBase;
            this.segments = segments;
            this.counts = counts;
            this.edges = edges;
        }

        @Override
        public void close() {
            counts = release(counts);
            edges = release(edges);
        }
    }

    /**
     * Word positions P[0 .. words] split into chunks that overlap by one element: chunk c holds
     * P[c * stride .. c * stride + length(c)), so every difference P[k+1] - P[k] lies inside one chunk.
     */
    static final class Positions implements AutoCloseable {
        final long words;
        final long stride;
        final cl_mem[] chunks;

        private Positions(long words, long stride, cl_mem[] chunks) {
            this.words = words;
            this.stride = stride;
            this.chunks = chunks;
        }

        long base(int c) {
            return c * stride;
        }

        /** Elements held by chunk c, the shared last one included. */
        long length(int c) {
            return Math.min(stride, words - base(c)) + 1;
        }

        @Override
        public void close() {
            for (int i = 0; i < chunks.length; i++) {
                chunks[i] = release(chunks[i]);
            }
        }
    }

    /**
     * Passes on {@code backend}'s device, enqueued on {@code q} (which the caller holds, finishes and closes).
     * Kernels come from the backend's program cache, built with {@code BYTES_PER_ITEM} by device type.
     */
    OpenClTextPasses(OpenClBackend backend, Enqueue q) {
        this.backend = backend;
        this.q = q;
        this.context = backend.context();
        this.maxAllocBytes = backend.maxAllocBytes();
        this.bytesPerItem = bytesPerItem(backend);
        String prefix = "#define BYTES_PER_ITEM " + bytesPerItem + "\n#define HIST_BINS " + HIST_BINS;
        count = backend.kernel(SOURCE, prefix, "text_count_u8");
        scan = backend.kernel(SOURCE, prefix, "text_scan_groups");
        positions = backend.kernel(SOURCE, prefix, "text_positions_u8");
        lengths = backend.kernel(SOURCE, prefix, "text_lengths_u32");
        histogram = backend.kernel(SOURCE, prefix, "text_histogram_u32");
        // Passes 1 and 3 address groups by tile, so they share one local size, valid for both.
        byteGroup = Math.min(count.localSize(LOCAL_TARGET), positions.localSize(LOCAL_TARGET));
        scanGroup = scan.localSize(LOCAL_TARGET);
    }

    /**
     * Bytes per work-item. GPUs: 16, one 16-byte load per item, neighbours adjacent (coalesced), many items to hide
     * latency. CPU devices: 32, fewer, longer items amortise the per-item scan.
     */
    static int bytesPerItem(OpenClBackend backend) {
        return backend.contiguous() ? 32 : 16;
    }

    // ------------------------------------------------------------------------------------------------ operations

    /** Passes 1 and 2: validates and counts. Throws {@link MalformedUtf8Exception} for ill-formed text. */
    Scan scan(ClBuffer text) {
        if (text.length() > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("text of " + text.length() + " bytes is too long for the OpenCL text"
                    + " kernels (at most " + MAX_TEXT_BYTES + ")");
        }
        long tile = byteGroup * bytesPerItem;
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
        cl_mem counts = null;
        cl_mem edges = null;
        cl_mem state = null;
        try {
            // Scratch of 8 bytes per tile of text: not chunked (a 4 GiB text needs a few MiB).
            counts = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, Math.max(8, groupTotal * 8), null, null);
            edges = edges(text);
            int[] init = new int[2 + 2 * segments.size()];
            for (int s = 0; s < segments.size(); s++) {
                init[3 + 2 * s] = NO_ERROR;
            }
            state = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                    (long) init.length * Sizeof.cl_uint, Pointer.to(init), null);
            for (int s = 0; s < segments.size(); s++) {
                Segment seg = segments.get(s);
                byteArgs(count, text, seg, edges).arg(6, counts).argInt(7, seg.groupBase).arg(8, state)
                        .argInt(9, 3 + 2 * s).argLocal(10, 8 * byteGroup);
                q.launch(count, seg.groups * byteGroup, byteGroup);
                scan.arg(0, counts).argInt(1, seg.groupBase).argInt(2, seg.groups).arg(3, state)
                        .argInt(4, 2 + 2 * s).argLocal(5, 8 * scanGroup);
                q.launch(scan, scanGroup, scanGroup);
            }
            int[] result = new int[init.length];
            read(state, 0, result.length * 4L, Pointer.to(result));
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
            Scan scanned = new Scan(words, Integer.toUnsignedLong(result[1]), wordBase, segments, counts, edges);
            counts = null;
            edges = null;
            return scanned;
        } finally {
            release(counts);
            release(edges);
            release(state);
        }
    }

    /**
     * Pass 3: the word positions P[0 .. words], in chunks of at most the backend's largest allocation. Empty (no
     * chunks) for a text without words.
     */
    Positions positions(ClBuffer text, Scan scanned) {
        long words = scanned.words;
        if (words == 0) {
            return new Positions(0, 1, new cl_mem[0]);
        }
        long stride = Math.max(1, maxAllocBytes / Sizeof.cl_uint - 1);
        int chunkCount = (int) ((words + stride - 1) / stride);
        Positions p = new Positions(words, stride, new cl_mem[chunkCount]);
        try {
            for (int c = 0; c < chunkCount; c++) {
                p.chunks[c] = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, p.length(c) * Sizeof.cl_uint,
                        null, null);
            }
            for (int s = 0; s < scanned.segments.size(); s++) {
                Segment seg = scanned.segments.get(s);
                long first = scanned.wordBase[s];
                long end = scanned.wordBase[s + 1];
                // Word `first` may also be the shared last element of the chunk before its own.
                for (int c = (int) Math.max(0, first / stride - 1); first < end && c < chunkCount && p.base(c) < end;
                     c++) {
                    if (p.base(c) + p.length(c) <= first) {
                        continue;
                    }
                    byteArgs(positions, text, seg, scanned.edges).arg(6, scanned.counts).argInt(7, seg.groupBase)
                            .arg(8, p.chunks[c]).argInt(9, (int) p.base(c)).argInt(10, (int) p.length(c))
                            .argLocal(11, 8 * byteGroup);
                    q.launch(positions, seg.groups * byteGroup, byteGroup);
                }
            }
            // P[words] closes the last word: every non-space code point after the last word start belongs to it.
            int last = chunkCount - 1;
            CL.clEnqueueWriteBuffer(q.queue(), p.chunks[last], true, (words - p.base(last)) * Sizeof.cl_uint,
                    Sizeof.cl_uint, Pointer.to(new int[] {(int) scanned.nonSpace}), 0, null,
                    q.event(Enqueue.Phase.UPLOAD));
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Pass 4: word lengths into {@code out}, an {@code i32} buffer of {@code p.words} elements. */
    void lengths(Positions p, ClBuffer out) {
        for (int d = 0; d < out.chunkCount(); d++) {
            long lo = out.chunkStart(d);
            long hi = lo + out.chunkLength(d);
            for (int c = (int) (lo / p.stride); c < p.chunks.length && p.base(c) < hi; c++) {
                long from = Math.max(lo, p.base(c));
                long to = Math.min(hi, p.base(c) + p.length(c) - 1);
                if (from >= to) {
                    continue;
                }
                OpenClBackend.Launch l = backend.launch(lengths, to - from);
                lengths.arg(0, p.chunks[c]).argInt(1, (int) (from - p.base(c))).arg(2, out.chunk(d))
                        .argInt(3, (int) (from - lo)).argInt(4, (int) (to - from));
                q.launch(lengths, l.global(), l.local());
            }
        }
    }

    /** The histogram of word lengths, computed on the device; only the bins (and rare very long words) come back. */
    long[] histogram(Positions p, long nonSpace) {
        if (p.words == 0) {
            return new long[] {0};
        }
        // Every length of HIST_BINS or more uses that many non-space code points, which bounds the overflow list.
        long cap = nonSpace / HIST_BINS + 1;
        cl_mem bins = null;
        cl_mem overflow = null;
        try {
            bins = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, (long) HIST_BINS * Sizeof.cl_uint, null, null);
            overflow = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, (1 + cap) * Sizeof.cl_uint, null, null);
            fillZero(bins, (long) HIST_BINS * Sizeof.cl_uint);
            fillZero(overflow, Sizeof.cl_uint);
            for (int c = 0; c < p.chunks.length; c++) {
                long n = p.length(c) - 1;
                OpenClBackend.Launch l = backend.launch(histogram, n);
                histogram.arg(0, p.chunks[c]).argInt(1, (int) n).arg(2, bins).arg(3, overflow).argInt(4, (int) cap)
                        .argLocal(5, (long) HIST_BINS * Sizeof.cl_uint);
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
            release(bins);
            release(overflow);
        }
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
    private cl_mem edges(ClBuffer text) {
        long size = 8L * Math.max(1, text.chunkCount());
        cl_mem edges = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, size, null, null);
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
            return edges;
        } catch (RuntimeException e) {
            release(edges);
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
            Utf8.sequenceLength(bytes, 0);
        } catch (MalformedUtf8Exception e) {
            // The Java rules ran on a copy starting at the bad byte: shift the offsets they name back.
            String reason = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            reason = Pattern.compile("at offset (\\d+)").matcher(reason)
                    .replaceAll(m -> "at offset " + (offset + Long.parseLong(m.group(1))));
            return new MalformedUtf8Exception(offset, reason);
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

    private static cl_mem release(cl_mem m) {
        if (m != null) {
            CL.clReleaseMemObject(m);
        }
        return null;
    }
}
