package dev.offload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalvesCheckTest {
    @Test
    void map_halvesDisagree_onOpenCl_throwsNamingTheElement() {
        TestDevices.requireOpenCl();
        MapKernel bad = MapKernel.ofInts("plus_one_i32_i64", "(long)x + 1", x -> x + 2);
        try (Offload cl = Offload.open("opencl")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cl.map(bad, new int[] {5, 6}));
            assertTrue(e.getMessage().contains("plus_one_i32_i64") && e.getMessage().contains("element 0 (x = 5)")
                    && e.getMessage().contains("gives 6, Java gives 7"), e.getMessage());
        }
    }

    @Test
    void map_halvesAgree_onOpenCl_runs() {
        TestDevices.requireOpenCl();
        MapKernel cubes = MapKernel.ofInts("cubes_i32_i64", "(long)x * x * x", x -> (long) x * x * x);
        MapKernel half = MapKernel.ofDoubles("half_f64", "x * 0.5", x -> x * 0.5);
        try (Offload cl = Offload.open("opencl")) {
            assertArrayEquals(new long[] {1, 8, -27}, cl.map(cubes, new int[] {1, 2, -3}));
            assertArrayEquals(new double[] {0.5, Double.NaN}, cl.map(half, new double[] {1, Double.NaN}));
        }
    }

    @Test
    void map_halvesDisagree_onJava_runsTheJavaHalf() {
        MapKernel bad = MapKernel.ofInts("plus_one_java_i32_i64", "(long)x + 1", x -> x + 2);
        try (Offload seq = Offload.open("java-seq")) {
            assertArrayEquals(new long[] {7}, seq.map(bad, new int[] {5}));
        }
    }
}
