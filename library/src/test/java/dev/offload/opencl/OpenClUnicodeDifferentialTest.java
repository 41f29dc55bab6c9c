package dev.offload.opencl;

import dev.offload.OffloadOptions;
import dev.offload.TestDevices;
import dev.offload.backend.Buffer;
import dev.offload.backend.Phases;
import dev.offload.backend.TextPasses;
import dev.offload.text.JavaWordLengths;
import dev.offload.text.UnicodeText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Word lengths, histogram and count of {@link UnicodeText} on the first OpenCL device against the sequential Java
 * oracle and the parallel Java path, at many sizes (0, 1, odd, across tile and chunk edges), with small and odd
 * work-group sizes ({@code offload.opencl.maxLocalSize}) and small buffers ({@code offload.opencl.maxAllocBytes}),
 * in the CPU layout and the discrete-GPU one.
 */
class OpenClUnicodeDifferentialTest {
    private static final int[] SIZES = {0, 1, 2, 3, 7, 17, 63, 64, 65, 1023, 1025, 4095, 4097, 16_383, 16_385,
            65_537, 300_007};

    @ParameterizedTest(name = "max local {0}, max alloc {1}, GPU path {2}")
    @CsvSource({"1, 64, false", "7, 4096, true", "3, 16384, false", "256, 65536, true", "0, 0, false"})
    void textKernels_unicodeText_matchEveryJavaPath(int maxLocal, int maxAlloc, boolean gpuPath) {
        TestDevices.requireOpenClDevices();
        OffloadOptions options = maxLocal == 0 ? GpuPath.options(gpuPath)
                : GpuPath.options(gpuPath).withMaxLocalSize(maxLocal).withMaxAllocationBytes(maxAlloc);
        try (OpenClBackend b = GpuPath.openFirst(options)) {
            Phases p = new Phases();
            for (int size : SIZES) {
                if (maxAlloc == 64 && size > 20_000) {
                    continue;   // 64-byte chunks: thousands of launches per call
                }
                byte[] text = UnicodeText.ofBytes(size, 31L * size + maxLocal);
                String at = size + " bytes";
                int[] expected = JavaWordLengths.wordLengths(text, false);
                assertArrayEquals(expected, JavaWordLengths.wordLengths(text, true), at + ", java parallel");
                try (Buffer t = b.upload(text, p)) {
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
