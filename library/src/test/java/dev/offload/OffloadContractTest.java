package dev.offload;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every behaviour of the map and reduce kernels, on every backend of the device matrix ({@link BackendMatrix}) and
 * checked against the sequential Java backend (the oracle) or plain Java loops.
 */
class OffloadContractTest {
    /** Sizes around work-group sizes (255, 256, 257), odd sizes, and one large enough for many groups and chunks. */
    static final int[] SIZES = {0, 1, 7, 255, 256, 257, 4097, 1_000_003};

    static IntStream sizes() {
        return IntStream.of(SIZES);
    }

    static int[] randomInts(int n, long seed) {
        return new Random(seed).ints(n).toArray();
    }

    static double[] randomDoubles(int n, long seed) {
        Random r = new Random(seed);
        return r.doubles(n, -1000, 1000).toArray();
    }

    static long[] referenceSquares(int[] xs) {
        long[] out = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = (long) xs[i] * xs[i];
        }
        return out;
    }

    @BackendMatrix
    void squares_ofZeroToSeven_areTheSquares(BackendContext cell) {
        Offload off = cell.off();
        assertArrayEquals(new long[] {0, 1, 4, 9, 16, 25, 36, 49}, off.squares(new int[] {0, 1, 2, 3, 4, 5, 6, 7}));
    }

    @BackendMatrix(cases = "sizes")
    void intKernels_onRandomInput_matchTheOracle(BackendContext cell, int n) {
        Offload off = cell.off();
        Offload oracle = cell.oracle();
        int[] xs = randomInts(n, 42L + n);
        assertArrayEquals(referenceSquares(xs), off.squares(xs), "squares n=" + n);
        assertEquals(oracle.sum(xs), off.sum(xs), "sum n=" + n);
        assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(xs), "sumOfSquares n=" + n);
        if (n > 0) {
            assertEquals(IntStream.of(xs).min().orElseThrow(), off.min(xs), "min n=" + n);
            assertEquals(IntStream.of(xs).max().orElseThrow(), off.max(xs), "max n=" + n);
        }
    }

    @BackendMatrix
    void sum_ofLargeInts_accumulatesIn64Bits(BackendContext cell) {
        Offload off = cell.off();
        int[] xs = new int[100_001];
        java.util.Arrays.fill(xs, Integer.MAX_VALUE);
        assertEquals(100_001L * Integer.MAX_VALUE, off.sum(xs));
    }

    @BackendMatrix
    void sumOfSquares_ofMinValue_isExact(BackendContext cell) {
        Offload off = cell.off();
        int[] xs = {Integer.MIN_VALUE, Integer.MIN_VALUE, -1, 3};
        long expected = 2L * (1L << 62) + 1 + 9;   // wraps past Long.MAX_VALUE exactly as Java does
        assertEquals(expected, off.sumOfSquares(xs));
        assertArrayEquals(new long[] {1L << 62, 1L << 62, 1, 9}, off.squares(xs));
        assertEquals(Integer.MIN_VALUE, off.min(xs));
        assertEquals(3, off.max(xs));
    }

    @BackendMatrix
    void minMax_ofNegatives_areExact(BackendContext cell) {
        Offload off = cell.off();
        int[] xs = {-5, -7, -1, -100_000, -3};
        assertEquals(-100_000, off.min(xs));
        assertEquals(-1, off.max(xs));
        assertEquals(-100_016, off.sum(xs));
    }

    @BackendMatrix
    void emptyInput_givesEmptyOrZero_andMinMaxThrow(BackendContext cell) {
        Offload off = cell.off();
        int[] none = {};
        assertEquals(0, off.squares(none).length);
        assertEquals(0, off.sum(none));
        assertEquals(0, off.sumOfSquares(none));
        assertThrows(NoSuchElementException.class, () -> off.min(none));
        assertThrows(NoSuchElementException.class, () -> off.max(new double[0]));
    }

    @BackendMatrix
    void nullInput_throwsNullPointerNamingTheArgument(BackendContext cell) {
        Offload off = cell.off();
        NullPointerException e = assertThrows(NullPointerException.class, () -> off.sum((int[]) null));
        assertEquals("xs", e.getMessage());
        assertThrows(NullPointerException.class, () -> off.upload((int[]) null));
        assertThrows(NullPointerException.class, () -> off.wordLengths((String) null));
    }

    @BackendMatrix(cases = "sizes")
    void doubleKernels_onRandomInput_matchTheOracleClosely(BackendContext cell, int n) {
        Offload off = cell.off();
        Offload oracle = cell.oracle();
        double[] xs = randomDoubles(n, 7L + n);
        double[] sq = off.squares(xs);
        for (int i = 0; i < n; i++) {
            assertEquals(xs[i] * xs[i], sq[i], 0.0, "squares[" + i + "]");
        }
        assertEquals(oracle.sum(xs), off.sum(xs), 1e-9 * Math.max(1, n * 1000.0));
        assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(xs), 1e-9 * oracle.sumOfSquares(xs) + 1e-9);
        if (n > 0) {
            assertEquals(oracle.min(xs), off.min(xs), 0.0);
            assertEquals(oracle.max(xs), off.max(xs), 0.0);
        }
    }

    @BackendMatrix(cases = "sizes")
    void deviceArrays_chainKernels_withoutChangingTheAnswer(BackendContext cell, int n) {
        Offload off = cell.off();
        Offload oracle = cell.oracle();
        int[] xs = randomInts(n, 99L + n);
        try (DeviceInts x = off.upload(xs); DeviceLongs sq = off.squares(x)) {
            assertEquals(n, x.length());
            assertArrayEquals(xs, x.toArray());
            assertArrayEquals(referenceSquares(xs), sq.toArray());
            assertEquals(oracle.sum(xs), off.sum(x));
            assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(x));
            if (n > 0) {
                assertEquals(oracle.min(xs), off.min(x));
                assertEquals(oracle.max(xs), off.max(x));
            }
        }
    }

    /** Inputs made of signed zeros and a few other values, with a NaN in some of them, at several sizes. */
    static List<double[]> signedZerosAndNaNs() {
        double[] values = {0.0, -0.0, 0.0, -0.0, 2.5, -2.5};
        List<double[]> cases = new ArrayList<>();
        Random r = new Random(17);
        for (int n : new int[] {1, 2, 3, 255, 257, 4097, 100_003}) {
            double[] mixed = new double[n];
            double[] zeros = new double[n];
            for (int i = 0; i < n; i++) {
                mixed[i] = values[r.nextInt(values.length)];
                zeros[i] = r.nextBoolean() ? 0.0 : -0.0;
            }
            cases.add(mixed);
            cases.add(zeros);
            double[] oneNegativeZero = new double[n];          // +0.0 everywhere but one place
            oneNegativeZero[r.nextInt(n)] = -0.0;
            cases.add(oneNegativeZero);
            for (int at : new int[] {0, n / 2, n - 1}) {
                double[] withNaN = mixed.clone();
                withNaN[at] = Double.NaN;
                cases.add(withNaN);
            }
        }
        return cases;
    }

    @BackendMatrix(cases = "signedZerosAndNaNs")
    void minMaxOfDoubles_withSignedZerosAndNaN_agreeExactlyWithMathMinMax(BackendContext cell, double[] xs) {
        Offload off = cell.off();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        String what = xs.length + " elements";
        // assertEquals(double, double) compares doubleToLongBits: -0.0 differs from 0.0, every NaN equals NaN.
        assertEquals(min, off.min(xs), "min of " + what);
        assertEquals(max, off.max(xs), "max of " + what);
        try (DeviceDoubles x = off.upload(xs)) {
            assertEquals(min, off.min(x), "device-resident min of " + what);
            assertEquals(max, off.max(x), "device-resident max of " + what);
        }
    }

    @BackendMatrix
    void deviceArray_isACopy_andClosedArraysRefuseWork(BackendContext cell) {
        Offload off = cell.off();
        int[] xs = {1, 2, 3};
        DeviceInts x = off.upload(xs);
        xs[0] = 100;
        assertEquals(6, off.sum(x));
        x.close();
        x.close();
        assertTrue(x.isClosed());
        assertThrows(IllegalStateException.class, () -> off.sum(x));
    }

    @BackendMatrix
    void deviceArrays_afterTheirOffloadCloses_refuseWorkWithIllegalState(BackendContext cell) {
        Offload off = cell.off();
        Offload own = cell.openAnother();
        DeviceInts x = own.upload(new int[] {1, 2, 3});
        DeviceLongs sq = own.squares(x);
        DeviceDoubles d = own.upload(new double[] {1.5});
        DeviceBytes t = own.upload("a bc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        own.close();
        assertTrue(own.isClosed());
        for (DeviceArray a : List.of(x, sq, d, t)) {
            assertTrue(a.isClosed(), a::toString);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, sq::toArray);
        assertTrue(e.getMessage().contains("Offload closed"), e.getMessage());
        assertThrows(IllegalStateException.class, x::toArray);
        assertThrows(IllegalStateException.class, d::toArray);
        assertThrows(IllegalStateException.class, t::toArray);
        assertThrows(IllegalStateException.class, () -> own.sum(x));
        assertThrows(IllegalStateException.class, () -> own.wordCount(t));
        assertThrows(IllegalStateException.class, () -> own.sum(new int[] {1}));
        assertThrows(IllegalStateException.class, () -> off.sum(x), "another Offload must not take it either");
        x.close();
        sq.close();
        d.close();
        t.close();
        own.close();
    }

    @BackendMatrix
    void deviceDoubles_roundTrip(BackendContext cell) {
        Offload off = cell.off();
        Offload oracle = cell.oracle();
        double[] xs = randomDoubles(1001, 5);
        try (DeviceDoubles x = off.upload(xs); DeviceDoubles sq = off.squares(x)) {
            assertArrayEquals(xs, x.toArray());
            assertArrayEquals(oracle.squares(xs), sq.toArray());
            assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(x), 1e-6);
        }
    }

    @BackendMatrix
    void userKernels_runLikeBuiltIns(BackendContext cell) {
        Offload off = cell.off();
        MapKernel cubes = MapKernel.ofInts("cubes_i32_i64", "(long)x * x * x", x -> (long) x * x * x);
        ReduceKernel sumAbs = ReduceKernel.ofInts("sum_abs_i32_i64", 0L, "0L", "abs_diff_zero(x)",
                x -> Math.abs((long) x), "a + b", Long::sum)
                .withPreamble("long abs_diff_zero(int v) { return v < 0 ? -(long)v : (long)v; }");
        int[] xs = randomInts(5003, 11);
        long[] expected = new long[xs.length];
        long expectedAbs = 0;
        for (int i = 0; i < xs.length; i++) {
            expected[i] = (long) xs[i] * xs[i] * xs[i];
            expectedAbs += Math.abs((long) xs[i]);
        }
        assertArrayEquals(expected, off.map(cubes, xs));
        assertEquals(expectedAbs, off.reduce(sumAbs, xs));
        try (DeviceInts x = off.upload(xs); DeviceLongs c = off.map(cubes, x)) {
            assertArrayEquals(expected, c.toArray());
            assertEquals(expectedAbs, off.reduce(sumAbs, x));
        }
    }

    /** Random longs over the whole range, with MIN_VALUE, MAX_VALUE, -1 and 0 spread in. */
    static long[] randomLongs(int n, long seed) {
        Random r = new Random(seed);
        long[] xs = r.longs(n).toArray();
        long[] special = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
        for (int i = 0; i < n; i += 97) {
            xs[i] = special[(i / 97) % special.length];
        }
        return xs;
    }

    /** Small longs (|x| < 2^31 * 4, some negative) whose squares and sums of squares stay exact. */
    static long[] smallLongs(int n, long seed) {
        Random r = new Random(seed);
        long[] xs = new long[n];
        for (int i = 0; i < n; i++) {
            xs[i] = r.nextLong(-(1L << 33), 1L << 33);
        }
        return xs;
    }

    @BackendMatrix(cases = "sizes")
    void longKernels_onHostAndDeviceArrays_matchJavaLongArithmetic(BackendContext cell, int n) {
        Offload off = cell.off();
        Offload oracle = cell.oracle();
        for (long[] xs : List.of(randomLongs(n, 3L + n), smallLongs(n, 5L + n))) {
            long sum = 0;
            long sumSq = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long[] sq = new long[n];
            for (int i = 0; i < n; i++) {
                long x = xs[i];
                sum += x;
                sq[i] = x * x;
                sumSq += x * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            String what = "n=" + n;
            assertEquals(sum, off.sum(xs), "sum " + what);
            assertEquals(sumSq, off.sumOfSquares(xs), "sumOfSquares " + what);
            assertArrayEquals(sq, off.squares(xs), "squares " + what);
            assertEquals(oracle.sum(xs), off.reduce(Kernels.SUM_I64, xs), "reduce " + what);
            try (DeviceLongs x = off.upload(xs); DeviceLongs s = off.squares(x)) {
                assertArrayEquals(xs, x.toArray(), "round trip " + what);
                assertArrayEquals(sq, s.toArray(), "device squares " + what);
                assertEquals(sum, off.sum(x), "device sum " + what);
                assertEquals(sumSq, off.sumOfSquares(x), "device sumOfSquares " + what);
                assertEquals(sumSq, off.sum(s), "sum of device squares " + what);
                if (n > 0) {
                    assertEquals(min, off.min(x), "device min " + what);
                    assertEquals(max, off.max(x), "device max " + what);
                } else {
                    assertThrows(NoSuchElementException.class, () -> off.min(x));
                    assertThrows(NoSuchElementException.class, () -> off.max(x));
                }
            }
            if (n > 0) {
                assertEquals(min, off.min(xs), "min " + what);
                assertEquals(max, off.max(xs), "max " + what);
            } else {
                assertThrows(NoSuchElementException.class, () -> off.min(xs));
                assertThrows(NoSuchElementException.class, () -> off.max(xs));
            }
        }
    }

    @BackendMatrix
    void longKernels_atTheEdgesOfLong_wrapLikeJava(BackendContext cell) {
        Offload off = cell.off();
        long[] xs = {Long.MAX_VALUE, Long.MIN_VALUE, -1, Long.MAX_VALUE, 3_037_000_500L};
        assertEquals(Long.MAX_VALUE + Long.MIN_VALUE - 1 + Long.MAX_VALUE + 3_037_000_500L, off.sum(xs));
        assertEquals(Long.MIN_VALUE, off.min(xs));
        assertEquals(Long.MAX_VALUE, off.max(xs));
        assertEquals(1L, off.squares(new long[] {Long.MAX_VALUE})[0], "(2^63-1)^2 wraps to 1");
        assertEquals(0L, off.squares(new long[] {Long.MIN_VALUE})[0], "(-2^63)^2 wraps to 0");
        assertEquals(3_037_000_500L * 3_037_000_500L, off.squares(new long[] {3_037_000_500L})[0]);
        assertTrue(3_037_000_500L * 3_037_000_500L < 0, "the first square that overflows, as a check of the test");
        long expected = 0;
        for (long x : xs) {
            expected += x * x;
        }
        assertEquals(expected, off.sumOfSquares(xs));
        assertEquals(Long.MIN_VALUE, off.min(new long[] {Long.MIN_VALUE}));
        assertEquals(Long.MAX_VALUE, off.max(new long[] {Long.MAX_VALUE}));
        assertEquals(Long.MAX_VALUE, off.min(new long[] {Long.MAX_VALUE}), "the neutral value as the only element");
    }

    @BackendMatrix
    void userLongKernels_runLikeBuiltIns(BackendContext cell) {
        Offload off = cell.off();
        MapKernel negate = MapKernel.ofLongs("negate_i64", "(long)(0UL - (ulong)x)", x -> -x);
        ReduceKernel xor = ReduceKernel.ofLongs("xor_i64", 0L, "0L", "x", x -> x, "a ^ b", (a, b) -> a ^ b);
        long[] xs = randomLongs(4099, 21);
        long[] expected = new long[xs.length];
        long expectedXor = 0;
        for (int i = 0; i < xs.length; i++) {
            expected[i] = -xs[i];
            expectedXor ^= xs[i];
        }
        assertArrayEquals(expected, off.map(negate, xs));
        assertEquals(expectedXor, off.reduce(xor, xs));
        try (DeviceLongs x = off.upload(xs); DeviceLongs neg = off.map(negate, x)) {
            assertArrayEquals(expected, neg.toArray());
            assertEquals(expectedXor, off.reduce(xor, x));
        }
        assertEquals(0L, off.reduce(xor, new long[0]), "empty gives the neutral value");
    }

    @BackendMatrix
    void longKernelOfTheWrongInputType_isRefused(BackendContext cell) {
        Offload off = cell.off();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> off.map(Kernels.SQUARES_I32, new long[] {1}));
        assertTrue(e.getMessage().contains("squares_i32_i64 takes i32 input, not i64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> off.reduce(Kernels.SUM_I64, new int[] {1}));
        assertTrue(e.getMessage().contains("sum_i64 takes i64 input, not i32"), e.getMessage());
        assertThrows(NullPointerException.class, () -> off.sum((long[]) null));
    }

    @BackendMatrix
    void kernelOfTheWrongInputType_isRefused(BackendContext cell) {
        Offload off = cell.off();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> off.map(Kernels.SQUARES_F64, new int[] {1}));
        assertTrue(e.getMessage().contains("squares_f64"), e.getMessage());
    }

    @BackendMatrix
    void manyThreads_shareOneOffload(BackendContext cell) throws Exception {
        Offload off = cell.off();
        Offload oracle = cell.oracle();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    int[] xs = randomInts(10_000 + seed * 37, seed);
                    try (DeviceInts x = off.upload(xs)) {
                        return off.sumOfSquares(xs) == oracle.sumOfSquares(xs)
                                && off.sum(x) == oracle.sum(xs)
                                && java.util.Arrays.equals(off.squares(xs), referenceSquares(xs));
                    }
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.close();
        }
    }

    @BackendMatrix
    void lastProfile_describesTheLastCall(BackendContext cell) {
        Offload off = cell.off();
        off.sumOfSquares(randomInts(100_000, 3));
        Profile p = off.lastProfile();
        assertEquals("sum_squares_i32_i64", p.operation());
        assertEquals(off.device(), p.device());
        assertTrue(p.wallNanos() > 0);
        assertTrue(p.kernelNanos() > 0 && p.kernelLaunches() >= 1, p.toString());
    }

    // ---------------------------------------------------------------- the element-type axis

    @BackendMatrix(types = {ElementType.I32, ElementType.I64, ElementType.F32, ElementType.F64}, cases = "sizes")
    void deviceArray_ofEveryType_roundTripsAndHostAccessFollowsTheBackend(BackendContext cell, int n) {
        Offload off = cell.off();
        TypedOps t = TypedOps.of(cell.type());
        Object xs = t.random(n, 31L + n);
        String what = cell + " n=" + n;
        try (DeviceArray x = t.upload(off, xs)) {
            assertEquals(n, x.length(), what);
            assertEquals(cell.type(), x.elementType(), what);
            assertEquals(off.device(), x.device(), what);
            TypedOps.assertSameElements(xs, TypedOps.toArray(x), what + " round trip");
            if (n > 0 && cell.backend().isOpenCl()) {
                // documented: element access on the host is for Java backends; OpenCL arrays are read with toArray
                assertThrows(IllegalStateException.class, () -> t.get(x, 0), what + " get on the host");
                assertThrows(IllegalStateException.class, () -> t.set(x, 0, 1), what + " set on the host");
            } else if (n > 0) {
                for (int i : new int[] {0, n / 2, n - 1}) {
                    assertEquals(java.lang.reflect.Array.get(xs, i), t.get(x, i), what + " get(" + i + ")");
                    t.set(x, i, -7 - i);
                    java.lang.reflect.Array.set(xs, i, -7 - i); // widened to the array's element type
                    assertEquals(java.lang.reflect.Array.get(xs, i), t.get(x, i), what + " set(" + i + ")");
                }
                TypedOps.assertSameElements(xs, TypedOps.toArray(x), what + " after set");
            }
        }
    }

    @BackendMatrix(types = {ElementType.I32, ElementType.I64, ElementType.F64}, cases = "sizes")
    void builtIns_ofEveryType_onHostAndDeviceArrays_matchPlainJavaLoops(BackendContext cell, int n) {
        Offload off = cell.off();
        TypedOps t = TypedOps.of(cell.type());
        assertTrue(t.hasBuiltIns(), cell.type() + " is listed, so it must have the built-ins");
        Object xs = t.random(n, 61L + n);
        String what = cell + " n=" + n;
        TypedOps.assertSameElements(t.referenceSquares(xs), t.squares(off, xs), what + " squares");
        try (DeviceArray x = t.upload(off, xs); DeviceArray sq = t.squares(off, x)) {
            TypedOps.assertSameElements(t.referenceSquares(xs), TypedOps.toArray(sq), what + " device squares");
            for (TypedOps.Reduction r : TypedOps.Reduction.values()) {
                if (n == 0 && (r == TypedOps.Reduction.MIN || r == TypedOps.Reduction.MAX)) {
                    assertThrows(NoSuchElementException.class, () -> t.reference(r, xs), "the reference " + r);
                    assertThrows(NoSuchElementException.class, () -> t.reduce(off, r, xs), what + " " + r);
                    assertThrows(NoSuchElementException.class, () -> t.reduce(off, r, x), what + " device " + r);
                    continue;
                }
                Number expected = t.reference(r, xs);
                t.assertReduced(expected, t.reduce(off, r, xs), r, n, what + " " + r);
                t.assertReduced(expected, t.reduce(off, r, x), r, n, what + " device " + r);
            }
        }
    }
}
