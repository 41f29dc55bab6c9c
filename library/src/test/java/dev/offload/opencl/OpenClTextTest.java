package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.ElementType;
import dev.offload.MalformedUtf8Exception;
import dev.offload.OffloadOptions;
import dev.offload.TestDevices;
import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;
import dev.offload.backend.KernelSpec;
import dev.offload.backend.LaunchRange;
import dev.offload.backend.Phases;
import dev.offload.backend.PreparedKernel;
import dev.offload.backend.TextPasses;
import dev.offload.text.JavaWordLengths;
import dev.offload.text.PythonWhitespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The text passes on the first OpenCL device through the backend SPI, against the Java oracle, with the text split
 * into buffer chunks by {@code offload.opencl.maxAllocBytes}: 64 bytes (the smallest allowed: many chunks, every word
 * and sequence crossing chunk edges), 4 KiB, 64 KiB and the device's own limit. The word positions are chunked by the
 * same limit, so long texts also cross position-chunk edges. Fails in CI (env CI=true) without a device.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClTextTest {
    private Backend whole;
    private Backend tiny;
    private Backend small;
    private Backend medium;
    private Backend gpuWhole;
    private Backend gpuSmall;

    @BeforeAll
    void open() {
        Device device = TestDevices.requireOpenClDevices().getFirst();
        whole = openWith(device, null, false);
        tiny = openWith(device, 64, false);
        small = openWith(device, 4096, false);
        medium = openWith(device, 65536, false);
        gpuWhole = openWith(device, null, true);
        gpuSmall = openWith(device, 4096, true);
    }

    /**
     * A backend whose buffers are chunked at {@code maxAlloc} bytes; with {@code gpuPath}, driven as a discrete GPU
     * is (grid-stride layout: 16 bytes per work-item and 256 work-items per group in the text kernels; staged
     * transfers), so the GPU configuration of the kernels runs here too.
     */
    private static Backend openWith(Device device, Integer maxAlloc, boolean gpuPath) {
        OffloadOptions options = GpuPath.options(gpuPath);
        return new OpenClBackendProvider().open(device,
                maxAlloc == null ? options : options.withMaxAllocationBytes(maxAlloc));
    }

    @AfterAll
    void close() {
        for (Backend b : new Backend[] {whole, tiny, small, medium, gpuWhole, gpuSmall}) {
            if (b != null) {
                b.close();
            }
        }
    }

    /** Lengths (downloaded), histogram and count on {@code b}, each compared with the sequential oracle. */
    private static void check(Backend b, byte[] text, String what) {
        int[] expected = JavaWordLengths.wordLengths(text, false);
        Phases phases = new Phases();
        try (Buffer t = b.upload(text, phases)) {
            try (Buffer lens = TextPasses.wordLengths(b, t, phases)) {
                assertEquals(expected.length, lens.length(), what + ": number of lengths");
                assertArrayEquals(expected, (int[]) b.download(lens, phases), what + ": lengths");
            }
            assertArrayEquals(JavaWordLengths.histogram(text, false), TextPasses.wordLengthHistogram(b, t, phases),
                    what + ": histogram");
            assertEquals(expected.length, TextPasses.wordCount(b, t, phases), what + ": count");
        }
    }

    /** Every operation throws at the oracle's offset. */
    private static void checkMalformed(Backend b, byte[] text, String what) {
        long want = -1;
        try {
            JavaWordLengths.wordLengths(text, false);
            fail(what + ": the oracle accepted the text");
        } catch (MalformedUtf8Exception e) {
            want = e.byteOffset();
        }
        Phases phases = new Phases();
        try (Buffer t = b.upload(text, phases)) {
            MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class, () -> TextPasses.wordLengths(b, t, phases),
                    what);
            assertEquals(want, e.byteOffset(), what + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("offset " + want), e.getMessage());
            assertEquals(want, assertThrows(MalformedUtf8Exception.class, () -> TextPasses.wordLengthHistogram(b, t, phases))
                    .byteOffset(), what + " (histogram)");
            assertEquals(want, assertThrows(MalformedUtf8Exception.class, () -> TextPasses.wordCount(b, t, phases))
                    .byteOffset(), what + " (count)");
        }
    }

    /** Random text mixing ASCII, every whitespace code point, 2-4 byte sequences and runs of separators. */
    static byte[] randomText(Random r, int codePoints) {
        int[] spaces = PythonWhitespace.all();
        int[] others = {'a', 'Z', '0', '.', 0xE9, 0x3B1, 0x4E2D, 0x1F600, 0x200B, 0xFEFF, 0xAD, 0x301, 0x2030,
                0x2010, 0x180E, 0x2060, 0x10FFFF, 0xE000};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int x = r.nextInt(100);
            if (x < 15) {
                sb.appendCodePoint(x < 8 ? ' ' : spaces[r.nextInt(spaces.length)]);
            } else if (x < 70) {
                sb.append((char) ('a' + r.nextInt(26)));
            } else {
                sb.appendCodePoint(others[r.nextInt(others.length)]);
            }
            if (r.nextInt(2000) == 0) {
                sb.append("x".repeat(r.nextInt(3000))); // long words cross tiles and the histogram's bins
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4095, 4096, 4097, 8191, 8193, 100_003, 1_000_000})
    void wordLengths_randomTextOfSize_matchesOracleForEveryChunkSize(int size) {
        byte[] t = textOfSize(new Random(size), size);
        check(whole, t, size + " bytes, one chunk");
        check(medium, t, size + " bytes, 64 KiB chunks");
        check(small, t, size + " bytes, 4 KiB chunks");
        check(gpuWhole, t, size + " bytes, one chunk, GPU path");
        check(gpuSmall, t, size + " bytes, 4 KiB chunks, GPU path");
        if (size <= 100_003) {
            check(tiny, t, size + " bytes, 64-byte chunks");
        }
    }

    @Test
    void wordLengths_sixteenMegabytes_matchesOracle() {
        byte[] t = textOfSize(new Random(16), (16 << 20) + 12345);
        check(whole, t, "16 MB, one chunk");
        check(medium, t, "16 MB, 64 KiB chunks");
        check(gpuWhole, t, "16 MB, one chunk, GPU path");
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 1000})
    void wordLengths_launchLimitFarBelowTheText_splitsLaunchesAndMatchesOracle(int limit) {
        // 1 MB of text: at 256 work-items per launch, 128 KiB of text per launch of passes 1 and 3 on the CPU path
        // (8 work-items of 1 KiB), and one 256-position tile per launch of the diff.
        byte[] t = textOfSize(new Random(limit), 1_000_003);
        for (Backend inner : new Backend[] {whole, small, gpuWhole}) {
            LaunchLimited b = new LaunchLimited(inner, limit);
            check(b, t, "1 MB, at most " + limit + " work-items per launch, on " + inner.device().describe());
            assertTrue(b.largest <= limit, "a launch of " + b.largest + " work-items");
            assertTrue(b.byGroup > 20, b.byGroup + " launches by group");
        }
    }

    @Test
    void wordLengths_textOfMoreWordsThanOneSmallGrid_staysBelowTheDevicesLaunchLimit() {
        // PoCL compiles each kernel again for grids of 65535 work-items or more, so that a program from the on-disk
        // cache, filled by a run on a small text, would still compile (seconds) at a large text's first call.
        LaunchLimited b = new LaunchLimited(whole, whole.maxLaunchItems());
        byte[] t = textOfSize(new Random(2), 2_000_000);
        check(b, t, "2 MB");
        assertTrue(b.largest <= whole.maxLaunchItems(), "a launch of " + b.largest + " work-items");
        if (whole.device().platform().contains("Portable Computing Language")) {
            assertEquals(ClSettings.POCL_SMALL_GRID - 1, whole.maxLaunchItems());
        } else {
            assertEquals(Integer.MAX_VALUE, whole.maxLaunchItems());
        }
    }

    @Test
    void wordCount_firstTextCallOfABackend_launchesEveryTextKernelOnce() {
        // So that the binary the program cache stores holds every kernel's code for the shapes the passes launch,
        // whichever operations the run that filled it used (PoCL compiles per shape at first launch).
        LaunchLimited b = new LaunchLimited(whole, whole.maxLaunchItems());
        byte[] t = "two words".getBytes(StandardCharsets.UTF_8);
        Phases phases = new Phases();
        try (Buffer in = b.upload(t, phases)) {
            assertEquals(2, TextPasses.wordCount(b, in, phases));
            assertEquals(List.of("text_count_u8", "text_scan_groups", "text_positions_u8", "text_halo_u32",
                    "text_diff_u32", "text_histogram_u32", "text_count_u8", "text_scan_groups"), b.launched);
            b.launched.clear();
            assertEquals(2, TextPasses.wordCount(b, in, phases));
            assertEquals(List.of("text_count_u8", "text_scan_groups"), b.launched, "once per backend");
        }
    }

    /**
     * {@code inner} with {@link Backend#maxLaunchItems} of {@code limit}, counting its launches by group and the
     * largest one.
     */
    private static final class LaunchLimited implements Backend {
        private final Backend inner;
        private final int limit;
        final List<String> launched = new ArrayList<>();
        int byGroup;
        long largest;

        LaunchLimited(Backend inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public int maxLaunchItems() {
            return limit;
        }

        @Override
        public void launch(PreparedKernel kernel, LaunchRange range, Object[] args, Phases phases) {
            launched.add(kernel.spec().name());
            if (range.local() != 0) {
                byGroup++;
                largest = Math.max(largest, range.size());
            }
            inner.launch(kernel, range, args, phases);
        }

        @Override
        public Device device() {
            return inner.device();
        }

        @Override
        public Buffer upload(Object array, Phases phases) {
            return inner.upload(array, phases);
        }

        @Override
        public Buffer borrow(Object array, Phases phases) {
            return inner.borrow(array, phases);
        }

        @Override
        public Object download(Buffer buffer, Phases phases) {
            return inner.download(buffer, phases);
        }

        @Override
        public Object take(Buffer buffer, Phases phases) {
            return inner.take(buffer, phases);
        }

        @Override
        public Buffer allocate(ElementType type, long length, Phases phases) {
            return inner.allocate(type, length, phases);
        }

        @Override
        public Buffer allocateUninitialized(ElementType type, long length, Phases phases) {
            return inner.allocateUninitialized(type, length, phases);
        }

        @Override
        public void downloadInto(Buffer buffer, Object array, Phases phases) {
            inner.downloadInto(buffer, array, phases);
        }

        @Override
        public Buffer allocateScratch(ElementType type, long length, Phases phases) {
            return inner.allocateScratch(type, length, phases);
        }

        @Override
        public void fill(Buffer buffer, long from, long count, Number value, Phases phases) {
            inner.fill(buffer, from, count, value, phases);
        }

        @Override
        public void copy(Buffer src, long srcFrom, Buffer dst, long dstFrom, long count, Phases phases) {
            inner.copy(src, srcFrom, dst, dstFrom, count, phases);
        }

        @Override
        public void downloadInto(Buffer buffer, long from, Object array, Phases phases) {
            inner.downloadInto(buffer, from, array, phases);
        }

        @Override
        public boolean contiguous() {
            return inner.contiguous();
        }

        @Override
        public int localSize(PreparedKernel kernel, int target) {
            return inner.localSize(kernel, target);
        }

        @Override
        public PreparedKernel prepare(KernelSpec spec) {
            return inner.prepare(spec);
        }

        @Override
        public int groups(PreparedKernel kernel, int n) {
            return inner.groups(kernel, n);
        }

        @Override
        public <T> T inOneTurn(Phases phases, Supplier<T> body) {
            return inner.inOneTurn(phases, body);
        }

        @Override
        public void close() {
            // the inner backend is the test class's
        }
    }

    @Test
    void wordLengths_mostlyAsciiText_matchesOracle() {
        // All-ASCII blocks take the eight-bytes-at-a-time path: every ASCII byte value (each whitespace byte among
        // them, and the bytes next to the whitespace ranges), with a rare multi-byte code point, often a space, that
        // ends just before a block or sits inside one.
        Random r = new Random(5);
        int[] near = {8, 9, 10, 11, 12, 13, 14, 27, 28, 29, 30, 31, 32, 33, 0, 127, 'a', 'z'};
        int[] rare = {0x85, 0xA0, 0x3000, 0x2029, 0x1680, 0x205F, 0xE9, 0x1F600};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 200_000) {
            int x = r.nextInt(1000);
            if (x < 5) {
                sb.appendCodePoint(rare[r.nextInt(rare.length)]);
            } else if (x < 400) {
                sb.append((char) near[r.nextInt(near.length)]);
            } else {
                sb.append((char) r.nextInt(128));
            }
        }
        byte[] t = sb.toString().getBytes(StandardCharsets.UTF_8);
        for (Backend b : new Backend[] {whole, tiny, gpuWhole, gpuSmall}) {
            check(b, t, "mostly ASCII on " + b.device().id());
        }
    }

    @Test
    void wordLengths_oneWordAcrossEverything_countsEveryCodePoint() {
        // One word longer than a tile, a chunk and the histogram's device bins, between two multi-byte spaces.
        String w = "\u00e9\u4e2da\ud83d\ude00".repeat(5000);
        byte[] t = ("\u3000" + w + "\u2029x\u00a0" + w + "b").getBytes(StandardCharsets.UTF_8);
        for (Backend b : new Backend[] {whole, tiny, small, gpuSmall}) {
            check(b, t, "long words on " + b.device().id());
        }
    }

    @Test
    void wordLengths_everyWhitespaceAtEveryChunkOffset_matchesOracle() {
        // Each multi-byte whitespace sequence placed so that a 64-byte chunk edge falls before, inside and after it.
        for (int cp : PythonWhitespace.all()) {
            String s = new String(Character.toChars(cp));
            for (int pad = 55; pad < 66; pad++) {
                byte[] t = ("x".repeat(pad) + s + "y\u00e9" + s + s + "z").getBytes(StandardCharsets.UTF_8);
                check(tiny, t, "U+" + Integer.toHexString(cp) + " after " + pad + " bytes");
            }
        }
    }

    @Test
    void wordLengths_malformedAtChunkAndGroupEdges_throwsOracleOffset() {
        byte[] base = randomText(new Random(7), 12_000);
        byte[][] bads = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0xE3, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xC2}};
        for (byte[] bad : bads) {
            for (int at : new int[] {0, 62, 63, 64, 4094, 4095, 4096, 8191, base.length - 1, base.length}) {
                int pos = Math.min(at, base.length);
                while (pos < base.length && (base[pos] & 0xC0) == 0x80) {
                    pos++; // insert between code points, so the inserted bytes are the first error
                }
                byte[] t = new byte[base.length + bad.length];
                System.arraycopy(base, 0, t, 0, pos);
                System.arraycopy(bad, 0, t, pos, bad.length);
                System.arraycopy(base, pos, t, pos + bad.length, base.length - pos);
                String what = Arrays.toString(bad) + " at " + pos;
                checkMalformed(tiny, t, what + ", 64-byte chunks");
                checkMalformed(small, t, what + ", 4 KiB chunks");
                checkMalformed(whole, t, what + ", one chunk");
                checkMalformed(gpuSmall, t, what + ", 4 KiB chunks, GPU path");
            }
        }
    }

    @Test
    void wordLengths_truncatedSequenceAtTheEnd_throwsAtItsLeadByte() {
        byte[] t = "abc \u4e2d".getBytes(StandardCharsets.UTF_8);
        checkMalformed(whole, Arrays.copyOf(t, t.length - 1), "truncated");
        byte[] longer = ("x".repeat(62) + "\ud83d\ude00").getBytes(StandardCharsets.UTF_8);
        checkMalformed(tiny, Arrays.copyOf(longer, 65), "truncated across a chunk edge");
    }

    /** Random text of exactly {@code size} bytes: cut at a code point boundary, then padded with ASCII. */
    static byte[] textOfSize(Random r, int size) {
        byte[] t = trimToValid(Arrays.copyOf(randomText(r, size), size));
        byte[] out = Arrays.copyOf(t, size);
        for (int i = t.length; i < size; i++) {
            out[i] = (byte) (r.nextBoolean() ? ' ' : 'q');
        }
        return out;
    }

    static byte[] trimToValid(byte[] t) {
        int end = t.length;
        int i = end - 1;
        while (i >= 0 && (t[i] & 0xC0) == 0x80) {
            i--;
        }
        if (i >= 0) {
            int b = t[i] & 0xFF;
            int need = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (i + need > end) {
                end = i;
            }
        }
        byte[] out = java.util.Arrays.copyOf(t, end);
        return out;
    }
}
