package dev.offload.translate;

import dev.offload.MapKernel;
import dev.offload.ReduceKernel;
import dev.offload.backend.SkeletonSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The programs of Java-only {@link MapKernel}s and {@link ReduceKernel}s (translated functions inside
 * {@code kernels/elementwise.cl} and {@code kernels/reduce.cl} with {@code WITH_FAULTS}) build for NVIDIA GPUs, in
 * both launch layouts; PoCL runs them in {@code dev.offload.JavaOnlyKernelsTest}.
 */
class JavaOnlySkeletonsTest {
    static long clampedInverse(long a, long b) {
        return b == 0 ? a : a / b + Fractal.mix(a, (int) b);
    }

    @Test
    void javaOnlyMapsAndReductions_compileForNvptx() {
        String[] programs = {
            SkeletonSources.map(MapKernel.of(x -> (long) x * x / (x | 1))),
            SkeletonSources.map(MapKernel.ofDoubles(x -> Math.sqrt(x) * Math.floor(x))),
            SkeletonSources.reduce(ReduceKernel.ofInts(0L, x -> 100L / x, Long::sum)),
            SkeletonSources.reduce(ReduceKernel.ofLongs(1L, x -> x, JavaOnlySkeletonsTest::clampedInverse)),
            SkeletonSources.reduce(ReduceKernel.ofDoubles(Double.NEGATIVE_INFINITY, x -> -x, Math::max)),
        };
        for (String p : programs) {
            assertTrue(p.contains("#define WITH_FAULTS 1"), p);
            Clang.compileForNvidia(p, "OFFLOAD_CONTIGUOUS=0");
            Clang.compileForNvidia(p, "OFFLOAD_CONTIGUOUS=1");
        }
    }
}
