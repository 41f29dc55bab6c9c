package dev.offload.opencl;

import dev.offload.MalformedUtf8Exception;
import dev.offload.backend.Phases;
import dev.offload.text.Utf8;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The host side of {@code kernels/text.cl} in plain JOCL terms: text as a list of {@code cl_mem} chunks in, results as
 * scalars, a host histogram or {@code cl_mem} chunks out. {@link OpenClText} adapts it to the backend's buffers.
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
 * <p>Not thread-safe per instance: make one per call (kernels are created per instance, since {@code clSetKernelArg}
 * on a shared kernel would race).
 */
final class OpenClTextPasses implements AutoCloseable {
    /** One launch of the per-byte kernels covers at most this many bytes, so in-segment offsets fit a uint. */
    static final long SEGMENT_BYTES = 1L << 30;
    /** Texts are limited so that every count fits the kernels' 32-bit counters. */
    static final long MAX_TEXT_BYTES = (1L << 32) - 1;
    /** Lengths below this are binned on the device; must equal the kernel's HIST_BINS. */
    static final int HIST_BINS = 1024;
    private static final int NO_ERROR = -1;

    private final cl_context context;
    private final cl_command_queue queue;
    private final long maxAllocBytes;
    private final Phases phases;
    private final boolean profiling;
    private final int computeUnits;
    private final cl_device_id device;
    private final List<cl_event> events = new ArrayList<>();

    private final cl_kernel count;
    private final cl_kernel scan;
    private final cl_kernel positions;
    private final cl_kernel lengths;
    private final cl_kernel histogram;
    private final int byteGroup;
    private final int scanGroup;
    private final int bytesPerItem;

    /** One launch range of the per-byte kernels. */
    private record Segment(int chunk, long start, int length, long globalStart, int groupBase, int groups) {
    }

    /** Result of passes 1 and 2 for a well-formed text. */
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
     * P[c * stride .. c * stride + len(c)), so every difference P[k+1] - P[k] lies inside one chunk.
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
     * @param maxAllocBytes the largest buffer to allocate (the device's limit, or a smaller override)
     * @param bytesPerItem  the program's BYTES_PER_ITEM
     */
    OpenClTextPasses(cl_context context, cl_command_queue queue, cl_device_id device, cl_program program,
                     int bytesPerItem, long maxAllocBytes, boolean profiling, Phases phases) {
        this.context = context;
        this.queue = queue;
        this.maxAllocBytes = maxAllocBytes;
        this.phases = phases;
        this.profiling = profiling;
        this.bytesPerItem = bytesPerItem;
        this.device = device;
        this.computeUnits = Math.max(1, deviceInt(device, CL.CL_DEVICE_MAX_COMPUTE_UNITS));
        cl_kernel[] made = new cl_kernel[5];
        try {
            made[0] = CL.clCreateKernel(program, "text_count_u8", null);
            made[1] = CL.clCreateKernel(program, "text_scan_groups", null);
            made[2] = CL.clCreateKernel(program, "text_positions_u8", null);
            made[3] = CL.clCreateKernel(program, "text_lengths_u32", null);
            made[4] = CL.clCreateKernel(program, "text_histogram_u32", null);
        } catch (RuntimeException e) {
            for (cl_kernel k : made) {
                if (k != null) {
                    CL.clReleaseKernel(k);
                }
            }
            throw e;
        }
        count = made[0];
        scan = made[1];
        positions = made[2];
        lengths = made[3];
        histogram = made[4];
        // Passes 1 and 3 address groups by tile, so they share one local size: the smaller of the two limits.
        byteGroup = groupSize(device, Math.min(maxGroup(count, device), maxGroup(positions, device)));
        scanGroup = groupSize(device, maxGroup(scan, device));
    }

    // ------------------------------------------------------------------------------------------------ operations

    /** Passes 1 and 2: validates and counts. Throws {@link MalformedUtf8Exception} for ill-formed text. */
    Scan scan(cl_mem[] text, long[] chunkLengths) {
        long total = Arrays.stream(chunkLengths).sum();
        if (total > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("text of " + total + " bytes is too long for the OpenCL text kernels"
                    + " (at most " + MAX_TEXT_BYTES + ")");
        }
        long tile = (long) byteGroup * bytesPerItem;
        List<Segment> segments = new ArrayList<>();
        long groupTotal = 0;
        long globalStart = 0;
        for (int c = 0; c < text.length; c++) {
            for (long s = 0; s < chunkLengths[c]; s += SEGMENT_BYTES) {
                int len = (int) Math.min(SEGMENT_BYTES, chunkLengths[c] - s);
                int groups = (int) ((len + tile - 1) / tile);
                segments.add(new Segment(c, s, len, globalStart + s, (int) groupTotal, groups));
                groupTotal += groups;
            }
            globalStart += chunkLengths[c];
        }
        cl_mem counts = null;
        cl_mem edges = null;
        cl_mem state = null;
        try {
            counts = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, Math.max(8, groupTotal * 8), null, null);
            edges = edges(text, chunkLengths);
            int[] init = new int[2 + 2 * segments.size()];
            for (int s = 0; s < segments.size(); s++) {
                init[3 + 2 * s] = NO_ERROR;
            }
            state = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                    (long) init.length * Sizeof.cl_uint, Pointer.to(init), null);
            for (int s = 0; s < segments.size(); s++) {
                Segment seg = segments.get(s);
                setByteArgs(count, text[seg.chunk], chunkLengths[seg.chunk], seg, edges);
                arg(count, 6, counts);
                argInt(count, 7, seg.groupBase);
                arg(count, 8, state);
                argInt(count, 9, 3 + 2 * s);
                CL.clSetKernelArg(count, 10, 8L * byteGroup, null);
                launch(count, (long) seg.groups * byteGroup, byteGroup);

                arg(scan, 0, counts);
                argInt(scan, 1, seg.groupBase);
                argInt(scan, 2, seg.groups);
                arg(scan, 3, state);
                argInt(scan, 4, 2 + 2 * s);
                CL.clSetKernelArg(scan, 5, 8L * scanGroup, null);
                launch(scan, scanGroup, scanGroup);
            }
            int[] result = new int[init.length];
            read(state, 0, result.length * 4L, Pointer.to(result));
            for (int s = 0; s < segments.size(); s++) {
                int err = result[3 + 2 * s];
                if (err != NO_ERROR) {
                    throw malformed(text, chunkLengths, segments.get(s).globalStart + Integer.toUnsignedLong(err));
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

    /** Pass 3: the word positions P[0 .. words]. Empty (no chunks) for a text without words. */
    Positions positions(cl_mem[] text, long[] chunkLengths, Scan scanned) {
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
                if (first == end) {
                    continue;
                }
                // Word `first` may also be the shared last element of the chunk before its own.
                for (int c = (int) Math.max(0, first / stride - 1); c < chunkCount && p.base(c) < end; c++) {
                    if (p.base(c) + p.length(c) <= first) {
                        continue;
                    }
                    setByteArgs(positions, text[seg.chunk], chunkLengths[seg.chunk], seg, scanned.edges);
                    arg(positions, 6, scanned.counts);
                    argInt(positions, 7, seg.groupBase);
                    arg(positions, 8, p.chunks[c]);
                    argInt(positions, 9, (int) p.base(c));
                    argInt(positions, 10, (int) p.length(c));
                    CL.clSetKernelArg(positions, 11, 8L * byteGroup, null);
                    launch(positions, (long) seg.groups * byteGroup, byteGroup);
                }
            }
            // P[words] closes the last word: every non-space code point after the last word start belongs to it.
            int last = chunkCount - 1;
            write(p.chunks[last], (words - p.base(last)) * Sizeof.cl_uint, new int[] {(int) scanned.nonSpace});
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Word lengths into {@code out}: chunks of {@code outStride} ints each (the last may be shorter), covering
     * {@code p.words} ints in all.
     */
    void lengths(Positions p, cl_mem[] out, long outStride) {
        int group = groupSize(device, maxGroup(lengths, device));
        for (int d = 0; d < out.length; d++) {
            long lo = d * outStride;
            long hi = Math.min(lo + outStride, p.words);
            for (int c = (int) (lo / p.stride); c < p.chunks.length && p.base(c) < hi; c++) {
                long from = Math.max(lo, p.base(c));
                long to = Math.min(hi, p.base(c) + p.length(c) - 1);
                if (from >= to) {
                    continue;
                }
                arg(lengths, 0, p.chunks[c]);
                argInt(lengths, 1, (int) (from - p.base(c)));
                arg(lengths, 2, out[d]);
                argInt(lengths, 3, (int) (from - lo));
                argInt(lengths, 4, (int) (to - from));
                launch(lengths, gridFor(to - from, group), group);
            }
        }
    }

    /** The histogram of word lengths, computed on the device; only the bins (and rare very long words) come back. */
    long[] histogram(Positions p, long nonSpace) {
        if (p.words == 0) {
            return new long[] {0};
        }
        int group = groupSize(device, maxGroup(histogram, device));
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
                arg(histogram, 0, p.chunks[c]);
                argInt(histogram, 1, (int) n);
                arg(histogram, 2, bins);
                arg(histogram, 3, overflow);
                argInt(histogram, 4, (int) cap);
                CL.clSetKernelArg(histogram, 5, (long) HIST_BINS * Sizeof.cl_uint, null);
                launch(histogram, gridFor(n, group), group);
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

    @Override
    public void close() {
        try {
            CL.clFinish(queue);
            drainEvents();
        } finally {
            for (cl_kernel k : new cl_kernel[] {count, scan, positions, lengths, histogram}) {
                CL.clReleaseKernel(k);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void setByteArgs(cl_kernel k, cl_mem chunk, long chunkLength, Segment seg, cl_mem edges) {
        arg(k, 0, chunk);
        argLong(k, 1, chunkLength);
        argLong(k, 2, seg.start);
        argInt(k, 3, seg.length);
        arg(k, 4, edges);
        argInt(k, 5, seg.chunk);
    }

    /**
     * Per chunk 8 bytes: the 3 bytes before it and the 3 after it in the whole text, 0x20 past the text's ends. Filled
     * by device-to-device copies, so device-resident text never comes back to the host.
     */
    private cl_mem edges(cl_mem[] text, long[] chunkLengths) {
        long size = 8L * Math.max(1, text.length);
        cl_mem edges = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, size, null, null);
        try {
            CL.clEnqueueFillBuffer(queue, edges, Pointer.to(new byte[] {0x20}), 1, 0, size, 0, null, null);
            long[] starts = new long[text.length + 1];
            for (int c = 0; c < text.length; c++) {
                starts[c + 1] = starts[c] + chunkLengths[c];
            }
            long total = starts[text.length];
            for (int c = 0; c < text.length; c++) {
                long before = Math.max(0, starts[c] - 3);
                copyText(text, starts, before, starts[c] - before, edges, 8L * c + 3 - (starts[c] - before));
                long after = Math.min(total, starts[c + 1] + 3);
                copyText(text, starts, starts[c + 1], after - starts[c + 1], edges, 8L * c + 4);
            }
            return edges;
        } catch (RuntimeException e) {
            release(edges);
            throw e;
        }
    }

    /** Copies text bytes [from, from + n) of the whole text, which may span chunks, into dst at dstOffset. */
    private void copyText(cl_mem[] text, long[] starts, long from, long n, cl_mem dst, long dstOffset) {
        long done = 0;
        while (done < n) {
            long at = from + done;
            int c = chunkOf(starts, at);
            long run = Math.min(n - done, starts[c + 1] - at);
            CL.clEnqueueCopyBuffer(queue, text[c], dst, at - starts[c], dstOffset + done, run, 0, null, null);
            done += run;
        }
    }

    private static int chunkOf(long[] starts, long at) {
        int i = Arrays.binarySearch(starts, at);
        int c = i >= 0 ? i : -i - 2;
        while (starts[c + 1] <= at) {
            c++; // skip empty chunks
        }
        return c;
    }

    /** The exception for the device's error offset, with the reason worked out by the Java rules on those bytes. */
    private MalformedUtf8Exception malformed(cl_mem[] text, long[] chunkLengths, long offset) {
        long[] starts = new long[text.length + 1];
        for (int c = 0; c < text.length; c++) {
            starts[c + 1] = starts[c] + chunkLengths[c];
        }
        int n = (int) Math.min(4, starts[text.length] - offset);
        byte[] bytes = new byte[n];
        for (int done = 0; done < n; ) {
            int c = chunkOf(starts, offset + done);
            int run = (int) Math.min(n - done, starts[c + 1] - offset - done);
            byte[] part = new byte[run];
            read(text[c], offset + done - starts[c], run, Pointer.to(part));
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

    private void launch(cl_kernel k, long global, int local) {
        cl_event event = profiling ? new cl_event() : null;
        CL.clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {local}, 0, null, event);
        if (event != null) {
            events.add(event);
        }
    }

    /** Books the finished launches' device times; launches are not waited for one by one. */
    private void drainEvents() {
        if (events.isEmpty()) {
            return;
        }
        try {
            CL.clWaitForEvents(events.size(), events.toArray(new cl_event[0]));
            for (cl_event e : events) {
                phases.kernel(duration(e));
            }
        } finally {
            for (cl_event e : events) {
                CL.clReleaseEvent(e);
            }
            events.clear();
        }
    }

    private void read(cl_mem buffer, long offset, long bytes, Pointer to) {
        long t0 = System.nanoTime();
        CL.clEnqueueReadBuffer(queue, buffer, true, offset, bytes, to, 0, null, null);
        phases.download(System.nanoTime() - t0, bytes);
        drainEvents();
    }

    private void write(cl_mem buffer, long offset, int[] values) {
        CL.clEnqueueWriteBuffer(queue, buffer, true, offset, (long) values.length * Sizeof.cl_uint,
                Pointer.to(values), 0, null, null);
    }

    private void fillZero(cl_mem buffer, long bytes) {
        CL.clEnqueueFillBuffer(queue, buffer, Pointer.to(new int[] {0}), Sizeof.cl_uint, 0, bytes, 0, null, null);
    }

    private long gridFor(long n, int group) {
        long groups = Math.min((n + group - 1) / group, 8L * computeUnits);
        return Math.max(1, groups) * group;
    }

    private static long duration(cl_event e) {
        long[] start = new long[1];
        long[] end = new long[1];
        CL.clGetEventProfilingInfo(e, CL.CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(start), null);
        CL.clGetEventProfilingInfo(e, CL.CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(end), null);
        return end[0] - start[0];
    }

    private static int maxGroup(cl_kernel k, cl_device_id device) {
        long[] v = new long[1];
        CL.clGetKernelWorkGroupInfo(k, device, CL.CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v), null);
        return (int) Math.min(v[0], 1024);
    }

    /** At most 256 work-items: the per-byte scans are log-depth in the group size and 256 hides latency on GPUs. */
    private static int groupSize(cl_device_id device, int kernelMax) {
        return Math.max(1, Math.min(256, kernelMax));
    }

    private static int deviceInt(cl_device_id device, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static void arg(cl_kernel k, int i, cl_mem m) {
        CL.clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
    }

    private static void argInt(cl_kernel k, int i, int v) {
        CL.clSetKernelArg(k, i, Sizeof.cl_uint, Pointer.to(new int[] {v}));
    }

    private static void argLong(cl_kernel k, int i, long v) {
        CL.clSetKernelArg(k, i, Sizeof.cl_ulong, Pointer.to(new long[] {v}));
    }

    private static cl_mem release(cl_mem m) {
        if (m != null) {
            CL.clReleaseMemObject(m);
        }
        return null;
    }
}
