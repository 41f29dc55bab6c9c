package dev.offload.opencl;

import dev.offload.ElementType;
import dev.offload.KernelBuildException;
import dev.offload.Kernels;
import dev.offload.MalformedUtf8Exception;
import dev.offload.MapKernel;
import dev.offload.OffloadOptions;
import dev.offload.backend.Buffer;
import dev.offload.backend.Elementwise;
import dev.offload.backend.Phases;
import dev.offload.backend.Reduction;
import dev.offload.backend.TextPasses;
import dev.offload.text.JavaWordLengths;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native objects are given back on every path, successful or failing. The count of live objects is the context's
 * {@code CL_CONTEXT_REFERENCE_COUNT}: PoCL (the device of these tests here and in CI) retains the context once per
 * live buffer, queue and program, so a {@code cl_mem} or program that is never released shows up as a count that
 * grows from round to round. (On a driver that does not count so, the count stays flat and the test proves less.)
 * The first round builds the programs and makes the staging slots, which stay until close; every later round must
 * end at the same count.
 */
class OpenClResourceTest {
    private static final String TEXT = "ab  cd\u00a0e\u3000\n fgh\u2028 ijklmn \u00e9t\u00e9 \u20ac\u20ac x ";

    private static OpenClBackend open(String transfer) {
        boolean staged = transfer.equals("staged");
        return GpuPath.openFirst(GpuPath.options()
                .withTransfer(staged ? OffloadOptions.Transfer.STAGED : OffloadOptions.Transfer.MAPPED)
                .withLayout(staged ? OffloadOptions.Layout.GRID_STRIDE : OffloadOptions.Layout.CONTIGUOUS));
    }

    private static int liveObjects(OpenClBackend b) {
        return settledReferences(b.context());
    }

    /**
     * {@code CL_CONTEXT_REFERENCE_COUNT} once it stops changing: PoCL drops the references of finished commands
     * from its own threads a moment after {@code clFinish} returns, so an early read can be one or two high.
     */
    private static int settledReferences(cl_context context) {
        int last = references(context);
        int same = 0;
        for (int i = 0; i < 200 && same < 5; i++) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            int now = references(context);
            same = now == last ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    private static int references(cl_context context) {
        int[] count = new int[1];
        CL.clGetContextInfo(context, CL.CL_CONTEXT_REFERENCE_COUNT, Sizeof.cl_uint, Pointer.to(count), null);
        return count[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"mapped", "staged"})
    void everyOperation_repeated_leavesNoNativeObjectBehind(String transfer) {
        try (OpenClBackend b = open(transfer)) {
            Random r = new Random(11);
            int baseline = -1;
            for (int round = 0; round < 4; round++) {
                runEveryOperation(b, r, round);
                b.trimPool();          // pooled buffers are kept on purpose; the pool itself is bounded
                int live = liveObjects(b);
                if (round == 0) {
                    baseline = live;
                } else {
                    assertEquals(baseline, live, "live OpenCL objects after round " + round + " (" + transfer + ")");
                }
            }
        }
    }

    /** Each operation once, with the failures that happen half-way through a call among them. */
    private static void runEveryOperation(OpenClBackend b, Random r, int round) {
        int[] xs = r.ints(5_000 + round * 131, -50_000, 50_000).toArray();
        long expected = Arrays.stream(xs).asLongStream().map(x -> x * x).sum();
        Phases p = new Phases();
        try (ClBuffer in = b.upload(xs, p); Buffer sq = Elementwise.map(b, Kernels.SQUARES_I32, in, p)) {
            assertEquals(expected, Reduction.reduce(b, Kernels.SUM_SQUARES_I32, in, p).longValue());
            assertEquals(expected, Arrays.stream((long[]) b.download(sq, p)).sum());
            // Misuse after the buffers exist: refused before anything is enqueued.
            assertThrows(IllegalArgumentException.class, () -> Reduction.reduce(b, Kernels.SUM_F64, in, p));
        }
        byte[] text = (TEXT.repeat(1 + round * 7)).getBytes(StandardCharsets.UTF_8);
        try (ClBuffer t = b.upload(text, p)) {
            try (Buffer lengths = TextPasses.wordLengths(b, t, p)) {
                assertArrayEquals(JavaWordLengths.wordLengths(text, false), (int[]) b.download(lengths, p));
            }
            assertEquals(JavaWordLengths.wordLengths(text, false).length, TextPasses.wordCount(b, t, p));
            TextPasses.wordLengthHistogram(b, t, p);
        }
        // Ill-formed text throws after passes 1 and 2, with scratch buffers and events live at that moment.
        byte[] bad = Arrays.copyOf(text, text.length + 1);
        bad[bad.length / 2] = (byte) 0xFF;
        try (ClBuffer t = b.upload(bad, p)) {
            assertThrows(MalformedUtf8Exception.class, () -> TextPasses.wordLengths(b, t, p));
            assertThrows(MalformedUtf8Exception.class, () -> TextPasses.wordLengthHistogram(b, t, p));
        }
        // A program that does not build must not stay behind (a new source each round: never cached).
        MapKernel broken = MapKernel.ofInts("broken_" + round, "x +* " + round, x -> x);
        try (ClBuffer in = b.upload(new int[] {1, 2, 3}, p)) {
            assertThrows(KernelBuildException.class, () -> Elementwise.map(b, broken, in, p));
        }
        // An empty buffer has no chunks and every operation on it allocates nothing on the device but scratch.
        try (ClBuffer empty = b.allocate(ElementType.U8, 0)) {
            assertEquals(0, TextPasses.wordCount(b, empty, p));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mapped", "staged"})
    void buffersOfManySizes_closed_keepThePoolWithinItsBound(String transfer) {
        try (OpenClBackend b = open(transfer)) {
            // programs, staging (an upload larger than Transfers.SMALL_BYTES: smaller ones skip staging)
            Reduction.reduce(b, Kernels.SUM_I32, b.upload(new int[(int) (Transfers.SMALL_BYTES / 4) + 1], new Phases()),
                    new Phases());
            b.trimPool();
            int before = liveObjects(b) - 1;          // the buffer left open above
            Phases p = new Phases();
            for (int n = 1; n <= 300; n++) {
                try (ClBuffer in = b.upload(new int[n * 7], p)) {
                    assertEquals(0, Reduction.reduce(b, Kernels.SUM_I32, in, p).longValue());
                }
                assertTrue(b.pooledBuffers() <= OpenClBackend.POOL_MAX_BUFFERS, "pooled " + b.pooledBuffers());
            }
            assertTrue(liveObjects(b) - 1 - before <= OpenClBackend.POOL_MAX_BUFFERS,
                    "objects kept after 300 calls of 300 sizes: " + (liveObjects(b) - 1 - before));
            // The pool still serves the sizes asked for again and again.
            try (ClBuffer in = b.upload(new int[] {4, 5}, p)) {
                assertEquals(9, Reduction.reduce(b, Kernels.SUM_I32, in, p).longValue());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mapped", "staged"})
    void close_afterEveryOperation_releasesEverythingMadeOnTheContext(String transfer) {
        for (int round = 0; round < 2; round++) {
            OpenClBackend b = open(transfer);
            int fresh = liveObjects(b);
            boolean countsBuffers;
            try (ClBuffer probe = b.allocate(ElementType.I32, 1)) {
                countsBuffers = liveObjects(b) > fresh;
            }
            runEveryOperation(b, new Random(round), round);
            ClBuffer forgotten = b.upload(new int[] {1, 2, 3}, new Phases());    // left for close() to release
            cl_context context = b.context();
            CL.clRetainContext(context);          // ours: keeps the context readable after close() let go of it
            try {
                b.close();
                assertTrue(forgotten.isClosed());
                int left = settledReferences(context);
                if (countsBuffers) {
                    // PoCL: only our reference is left: no buffer (live, pooled, staging), queue or program.
                    assertEquals(1, left, "references on the context after close, " + transfer);
                } else {
                    // A driver that does not count buffers on the context (NVIDIA's, maybe): our reference and at
                    // most what a new backend had.
                    assertTrue(left >= 1 && left <= fresh, "references on the context after close: " + left
                            + ", when new: " + fresh);
                }
            } finally {
                CL.clReleaseContext(context);
            }
        }
    }
}
