package dev.offload.opencl;

import dev.offload.Kernels;
import dev.offload.TestDevices;
import dev.offload.backend.Buffer;
import dev.offload.backend.Elementwise;
import dev.offload.backend.Phases;
import dev.offload.backend.Reduction;
import dev.offload.backend.TextPasses;
import dev.offload.text.JavaWordLengths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The group folds and scans with work-group sizes a CPU device never picks: 1 (a device whose
 * {@code CL_DEVICE_MAX_WORK_GROUP_SIZE} is 1) and an odd size that is not a power of two (7) (the reduction's tree fold
 * and the text kernels' Hillis-Steele scans must handle a partial last level). Driven the GPU way (grid-stride,
 * staged transfers) with a small largest buffer, so the many-groups and many-chunks paths run too; every result is
 * compared with the sequential Java oracle.
 */
class OpenClLocalSizeTest {
    private static final int[] SIZES = {0, 1, 2, 3, 7, 8, 9, 100, 1031, 4097, 20_011};

    private static OpenClBackend open(int maxLocal) {
        TestDevices.requireOpenClDevices();
        return GpuPath.openFirst(GpuPath.gpuPath().withMaxLocalSize(maxLocal).withMaxAllocationBytes(16384));
    }

    @ParameterizedTest(name = "max local size {0}")
    @ValueSource(ints = {1, 7})
    void reductionsAndMaps_withOddOrUnitLocalSizes_matchTheOracle(int maxLocal) {
        try (OpenClBackend b = open(maxLocal)) {
            assertEquals(maxLocal, b.kernel("kernels/reduce.cl", "#define IN_T int\n#define ACC_T long\n"
                    + "#define MAP(x) ((ACC_T)(x))\n#define REDUCE(a, b) ((a) + (b))\n#define NEUTRAL 0L\n"
                    + "#define KERNEL_NAME probe\n#define FINISH_NAME probe_finish\n#define CONTIGUOUS 0\n", "probe")
                    .localSize(256), "the cap reaches the launch geometry");
            Phases p = new Phases();
            for (int n : SIZES) {
                int[] xs = new Random(n).ints(n).toArray();
                try (ClBuffer in = b.upload(xs, p); Buffer sq = Elementwise.map(b, Kernels.SQUARES_I32, in, p)) {
                    String at = "n=" + n + " local " + maxLocal;
                    assertEquals(Arrays.stream(xs).asLongStream().sum(),
                            Reduction.reduce(b, Kernels.SUM_I32, in, p).longValue(), at);
                    assertEquals(Arrays.stream(xs).asLongStream().map(x -> x * x).sum(),
                            Reduction.reduce(b, Kernels.SUM_SQUARES_I32, in, p).longValue(), at);
                    if (n > 0) {
                        assertEquals(Arrays.stream(xs).min().getAsInt(),
                                Reduction.reduce(b, Kernels.MIN_I32, in, p).longValue(), at);
                        assertEquals(Arrays.stream(xs).max().getAsInt(),
                                Reduction.reduce(b, Kernels.MAX_I32, in, p).longValue(), at);
                    }
                    assertArrayEquals(Arrays.stream(xs).asLongStream().map(x -> x * x).toArray(),
                            (long[]) b.download(sq, p), at);
                }
            }
        }
    }

    @ParameterizedTest(name = "max local size {0}")
    @ValueSource(ints = {1, 7})
    void textKernels_withOddOrUnitLocalSizes_matchTheOracle(int maxLocal) {
        try (OpenClBackend b = open(maxLocal)) {
            Random r = new Random(maxLocal);
            Phases p = new Phases();
            for (int size : new int[] {0, 1, 15, 16, 17, 47, 48, 49, 500, 16_383, 16_385, 40_000}) {
                byte[] text = OpenClTextTest.textOfSize(r, size);
                String at = size + " bytes, local " + maxLocal;
                int[] expected = JavaWordLengths.wordLengths(text, false);
                try (ClBuffer t = b.upload(text, p)) {
                    try (Buffer lengths = TextPasses.wordLengths(b, t, p)) {
                        assertArrayEquals(expected, (int[]) b.download(lengths, p), at);
                    }
                    assertArrayEquals(JavaWordLengths.histogram(text, false), TextPasses.wordLengthHistogram(b, t, p), at);
                    assertEquals(expected.length, TextPasses.wordCount(b, t, p), at);
                }
            }
        }
    }
}
