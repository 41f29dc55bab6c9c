package dev.offload.translate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code kernels/text.cl} builds for NVIDIA GPUs with PoCL's clang ({@code nvptx64-nvidia-nvcl}) in both shapes the
 * host builds it in: the GPU one (16 bytes per work-item, grid-stride histogram) and the CPU one (64 x 16 bytes,
 * contiguous slices), so a change made and measured on PoCL cannot break the GPU path unseen.
 */
class TextKernelsNvptxTest {
    @ParameterizedTest
    @ValueSource(strings = {"BYTES_PER_ITEM=16,BLOCKS_PER_ITEM=1,CONTIGUOUS=0",
        "BYTES_PER_ITEM=64,BLOCKS_PER_ITEM=16,CONTIGUOUS=1"})
    void textKernels_nvptx_compile(String defines) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("kernels/text.cl")) {
            assertNotNull(in, "kernels/text.cl is missing from the class path");
            Clang.compileForNvidia(new String(in.readAllBytes(), StandardCharsets.UTF_8), defines.split(","));
        }
    }
}
