package dev.offload;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
 * Every behaviour of the map and reduce kernels, run against one backend per subclass and checked against the
 * sequential Java backend (the oracle). Subclasses only say which device to open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OffloadContractTest {
    /** Sizes around work-group sizes (255, 256, 257), odd sizes, and one large enough for many groups and chunks. */
    static final int[] SIZES = {0, 1, 7, 255, 256, 257, 4097, 1_000_003};

    protected Offload off;
    protected Offload oracle;

    /** The selector of the device under test. */
    protected abstract String selector();

    /**
     * The options of the device under test: the build's ({@link OffloadOptions#fromSystemProperties()}, which turns
     * the program cache off) unless a suite drives the device another way.
     */
    protected OffloadOptions options() {
        return OffloadOptions.fromSystemProperties();
    }

    /** Checks that the opened device is the one this suite means to test (not a silent fallback). */
    protected abstract void assertExpectedDevice(Device device);

    @BeforeAll
    void openDevices() {
        off = Offload.open(selector(), options());
        oracle = Offload.open("java-seq");
        assertExpectedDevice(off.device());
    }

    @AfterAll
    void closeDevices() {
        if (off != null) {
            off.close();
        }
        if (oracle != null) {
            oracle.close();
        }
    }

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

    @Test
    void squares_ofZeroToSeven_areTheSquares() {
        assertArrayEquals(new long[] {0, 1, 4, 9, 16, 25, 36, 49}, off.squares(new int[] {0, 1, 2, 3, 4, 5, 6, 7}));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void intKernels_onRandomInput_matchTheOracle(int n) {
        int[] xs = randomInts(n, 42L + n);
        assertArrayEquals(referenceSquares(xs), off.squares(xs), "squares n=" + n);
        assertEquals(oracle.sum(xs), off.sum(xs), "sum n=" + n);
        assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(xs), "sumOfSquares n=" + n);
        if (n > 0) {
            assertEquals(IntStream.of(xs).min().orElseThrow(), off.min(xs), "min n=" + n);
            assertEquals(IntStream.of(xs).max().orElseThrow(), off.max(xs), "max n=" + n);
        }
    }

    @Test
    void sum_ofLargeInts_accumulatesIn64Bits() {
        int[] xs = new int[100_001];
        java.util.Arrays.fill(xs, Integer.MAX_VALUE);
        assertEquals(100_001L * Integer.MAX_VALUE, off.sum(xs));
    }

    @Test
    void sumOfSquares_ofMinValue_isExact() {
        int[] xs = {Integer.MIN_VALUE, Integer.MIN_VALUE, -1, 3};
        long expected = 2L * (1L << 62) + 1 + 9;   // wraps past Long.MAX_VALUE exactly as Java does
        assertEquals(expected, off.sumOfSquares(xs));
        assertArrayEquals(new long[] {1L << 62, 1L << 62, 1, 9}, off.squares(xs));
        assertEquals(Integer.MIN_VALUE, off.min(xs));
        assertEquals(3, off.max(xs));
    }

    @Test
    void minMax_ofNegatives_areExact() {
        int[] xs = {-5, -7, -1, -100_000, -3};
        assertEquals(-100_000, off.min(xs));
        assertEquals(-1, off.max(xs));
        assertEquals(-100_016, off.sum(xs));
    }

    @Test
    void emptyInput_givesEmptyOrZero_andMinMaxThrow() {
        int[] none = {};
        assertEquals(0, off.squares(none).length);
        assertEquals(0, off.sum(none));
        assertEquals(0, off.sumOfSquares(none));
        assertThrows(NoSuchElementException.class, () -> off.min(none));
        assertThrows(NoSuchElementException.class, () -> off.max(new double[0]));
    }

    @Test
    void nullInput_throwsNullPointerNamingTheArgument() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> off.sum((int[]) null));
        assertEquals("xs", e.getMessage());
        assertThrows(NullPointerException.class, () -> off.upload((int[]) null));
        assertThrows(NullPointerException.class, () -> off.wordLengths((String) null));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void doubleKernels_onRandomInput_matchTheOracleClosely(int n) {
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

    @ParameterizedTest
    @MethodSource("sizes")
    void deviceArrays_chainKernels_withoutChangingTheAnswer(int n) {
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

    @ParameterizedTest
    @MethodSource("signedZerosAndNaNs")
    void minMaxOfDoubles_withSignedZerosAndNaN_agreeExactlyWithMathMinMax(double[] xs) {
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

    @Test
    void deviceArray_isACopy_andClosedArraysRefuseWork() {
        int[] xs = {1, 2, 3};
        DeviceInts x = off.upload(xs);
        xs[0] = 100;
        assertEquals(6, off.sum(x));
        x.close();
        x.close();
        assertTrue(x.isClosed());
        assertThrows(IllegalStateException.class, () -> off.sum(x));
    }

    @Test
    void deviceArrays_afterTheirOffloadCloses_refuseWorkWithIllegalState() {
        Offload own = Offload.open(selector(), options());
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

    @Test
    void deviceDoubles_roundTrip() {
        double[] xs = randomDoubles(1001, 5);
        try (DeviceDoubles x = off.upload(xs); DeviceDoubles sq = off.squares(x)) {
            assertArrayEquals(xs, x.toArray());
            assertArrayEquals(oracle.squares(xs), sq.toArray());
            assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(x), 1e-6);
        }
    }

    @Test
    void userKernels_runLikeBuiltIns() {
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

    @Test
    void kernelOfTheWrongInputType_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> off.map(Kernels.SQUARES_F64, new int[] {1}));
        assertTrue(e.getMessage().contains("squares_f64"), e.getMessage());
    }

    @Test
    void manyThreads_shareOneOffload() throws Exception {
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

    @Test
    void lastProfile_describesTheLastCall() {
        off.sumOfSquares(randomInts(100_000, 3));
        Profile p = off.lastProfile();
        assertEquals("sum_squares_i32_i64", p.operation());
        assertEquals(off.device(), p.device());
        assertTrue(p.wallNanos() > 0);
        assertTrue(p.kernelNanos() > 0 && p.kernelLaunches() >= 1, p.toString());
    }
}
