package dev.offload;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-ins' whole-range Java loops agree with their per-element definitions (the oracle's oracle). */
class KernelsTest {
    private static final List<ReduceKernel> INT_REDUCTIONS =
            List.of(Kernels.SUM_I32, Kernels.SUM_SQUARES_I32, Kernels.MIN_I32, Kernels.MAX_I32);
    private static final List<ReduceKernel> DOUBLE_REDUCTIONS =
            List.of(Kernels.SUM_F64, Kernels.SUM_SQUARES_F64, Kernels.MIN_F64, Kernels.MAX_F64);

    @Test
    void reduceRange_ofInts_equalsTheElementFold() {
        int[] xs = new Random(1).ints(10_007).toArray();
        xs[17] = Integer.MIN_VALUE;
        xs[18] = Integer.MAX_VALUE;
        for (ReduceKernel k : INT_REDUCTIONS) {
            for (int[] range : new int[][] {{0, 0}, {0, 1}, {5, 6}, {0, xs.length}, {3, 9001}}) {
                long expected = k.longNeutral();
                for (int i = range[0]; i < range[1]; i++) {
                    expected = k.combineLongs(expected, k.mapInt(xs[i]));
                }
                assertEquals(expected, k.reduceRange(xs, range[0], range[1]), k.name() + " " + range[0] + ".." + range[1]);
            }
        }
    }

    @Test
    void reduceRange_ofDoubles_equalsTheElementFold() {
        double[] xs = new Random(2).doubles(10_007, -1e6, 1e6).toArray();
        for (ReduceKernel k : DOUBLE_REDUCTIONS) {
            double expected = k.doubleNeutral();
            for (double x : xs) {
                expected = k.combineDoubles(expected, k.mapDouble(x));
            }
            assertEquals(expected, k.reduceRange(xs, 0, xs.length), 0.0, k.name());
        }
    }

    @Test
    void mapRange_equalsTheElementMap() {
        int[] xs = new Random(3).ints(1001).toArray();
        long[] viaRange = new long[xs.length];
        long[] viaElement = new long[xs.length];
        Kernels.SQUARES_I32.mapRange(xs, viaRange, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            viaElement[i] = Kernels.SQUARES_I32.applyAsLong(xs[i]);
        }
        assertArrayEquals(viaElement, viaRange);
        double[] ds = new Random(4).doubles(1001).toArray();
        double[] dRange = new double[ds.length];
        Kernels.SQUARES_F64.mapRange(ds, dRange, 0, ds.length);
        for (int i = 0; i < ds.length; i++) {
            assertEquals(Kernels.SQUARES_F64.applyAsDouble(ds[i]), dRange[i], 0.0);
        }
    }

    @Test
    void javaSide_calledWithTheWrongInputType_throwsNamingTheKernel() {
        List<org.junit.jupiter.api.function.Executable> misuses = List.of(
                () -> Kernels.SQUARES_F64.applyAsLong(1),
                () -> Kernels.SQUARES_I32.applyAsDouble(1),
                () -> Kernels.SQUARES_F64.mapRange(new int[1], new long[1], 0, 1),
                () -> Kernels.MIN_F64.mapInt(1),
                () -> Kernels.MIN_F64.combineLongs(1, 2),
                () -> Kernels.MIN_I32.combineDoubles(1, 2),
                () -> Kernels.MIN_I32.reduceRange(new double[1], 0, 1));
        for (org.junit.jupiter.api.function.Executable misuse : misuses) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, misuse);
            assertTrue(e.getMessage().matches("kernel \\w+ takes (i32|f64) input, not (i32|f64)"), e.getMessage());
        }
    }

    @Test
    void factories_nullOrBlankOpenClText_namesTheParameter() {
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> ReduceKernel.ofInts("k", 0, "0", "x", x -> x, null, Long::sum));
        assertEquals("reduceCl", npe.getMessage());
        npe = assertThrows(NullPointerException.class,
                () -> ReduceKernel.ofDoubles("k", 0, null, "x", x -> x, "a + b", Double::sum));
        assertEquals("neutralCl", npe.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> ReduceKernel.ofInts("k", 0, "0", " ", x -> x, "a + b", Long::sum));
        assertTrue(blank.getMessage().startsWith("mapCl is blank"), blank.getMessage());
        npe = assertThrows(NullPointerException.class, () -> MapKernel.ofInts("k", null, x -> x));
        assertEquals("expression", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> MapKernel.ofInts("k", "x", null));
        assertEquals("java", npe.getMessage());
    }
}
