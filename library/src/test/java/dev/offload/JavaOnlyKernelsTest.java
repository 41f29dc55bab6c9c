package dev.offload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MapKernel}s and {@link ReduceKernel}s written in Java only ({@link MapKernel#of}, {@code ofLongs},
 * {@code ofDoubles}; {@code ReduceKernel.ofInts(neutral, map, combine)} ...): translated to
 * OpenCL C when made, run on every backend from host and device arrays, compared with the same lambda run in Java;
 * faults throw as in Java; what cannot be translated is refused when the kernel is made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaOnlyKernelsTest {
    private static final int[] SIZES = {0, 1, 7, 1000, 65_537};

    Stream<String> devices() {
        return Stream.of("java-seq", "java", "opencl");
    }

    private static String open(String device) {
        if (device.equals("opencl")) {
            return TestDevices.requireOpenCl().id();
        }
        return device;
    }

    static long cube(int x) {
        return (long) x * x * x;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void of_cubesWithWrap_equalJavaOnHostAndDeviceArrays(String device) {
        MapKernel cubes = MapKernel.of(x -> (long) x * x * x + (x >>> 3) - Integer.MIN_VALUE / (x | 1));
        assertTrue(cubes.fromJava());
        assertFalse(cubes.needsFp64());
        try (Offload off = Offload.open(open(device))) {
            for (int n : SIZES) {
                int[] xs = new SplittableRandom(n).ints(n).toArray();
                if (n > 1) {
                    xs[0] = Integer.MIN_VALUE;
                    xs[1] = -1;
                }
                long[] expected = new long[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = (long) xs[i] * xs[i] * xs[i] + (xs[i] >>> 3) - Integer.MIN_VALUE / (xs[i] | 1);
                }
                assertArrayEquals(expected, off.map(cubes, xs), "n=" + n + " on " + device);
                try (DeviceInts dx = off.upload(xs); DeviceLongs r = off.map(cubes, dx)) {
                    assertArrayEquals(expected, r.toArray(), "resident n=" + n + " on " + device);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void ofLongsAndOfDoubles_helperAndMath_equalJava(String device) {
        MapKernel mix = MapKernel.ofLongs(x -> Long.rotateLeft(x * 0x9E3779B97F4A7C15L, 17) ^ cube((int) x));
        MapKernel root = MapKernel.ofDoubles(x -> Math.sqrt(Math.abs(x)) / (x == 0 ? 1 : x) + Math.floor(x));
        assertTrue(root.needsFp64());
        try (Offload off = Offload.open(open(device))) {
            long[] ls = new SplittableRandom(5).longs(3001).toArray();
            ls[0] = Long.MIN_VALUE;
            long[] le = new long[ls.length];
            for (int i = 0; i < ls.length; i++) {
                le[i] = Long.rotateLeft(ls[i] * 0x9E3779B97F4A7C15L, 17) ^ cube((int) ls[i]);
            }
            assertArrayEquals(le, off.map(mix, ls));
            double[] ds = new SplittableRandom(6).doubles(3001, -1e6, 1e6).toArray();
            ds[0] = 0.0;
            ds[1] = -0.0;
            ds[2] = Double.NaN;
            ds[3] = Double.NEGATIVE_INFINITY;
            ds[4] = Double.MIN_VALUE;
            double[] de = new double[ds.length];
            for (int i = 0; i < ds.length; i++) {
                double x = ds[i];
                de[i] = Math.sqrt(Math.abs(x)) / (x == 0 ? 1 : x) + Math.floor(x);
            }
            assertArrayEquals(de, off.map(root, ds), "sqrt, / and floor are exact on " + device);
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void of_divisionByZero_throwsArithmeticExceptionLikeJava(String device) {
        MapKernel inverse = MapKernel.of(x -> 1000L / x);
        try (Offload off = Offload.open(open(device))) {
            int[] xs = {5, 4, 0, 2};
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> off.map(inverse, xs));
            if (device.equals("opencl")) {
                assertTrue(e.getMessage().contains("/ by zero") && e.getMessage().contains(inverse.name())
                        && e.getMessage().contains("JavaOnlyKernelsTest.java:"), e.getMessage());
            }
            assertArrayEquals(new long[] {200, 250, 500}, off.map(inverse, new int[] {5, 4, 2}));
        }
    }

    @Test
    void of_capturingLambda_refusedWhenMade() {
        int k = 3;
        KernelTranslationException e = assertThrows(KernelTranslationException.class,
                () -> MapKernel.of(x -> (long) x * k));
        assertTrue(e.getMessage().contains("may capture nothing"), e.getMessage());
    }

    @Test
    void of_objectCall_refusedWithFileAndLine() {
        KernelTranslationException e = assertThrows(KernelTranslationException.class,
                () -> MapKernel.of(x -> Integer.toString(x).length()));
        assertTrue(e.getMessage().contains("JavaOnlyKernelsTest.java:"), e.getMessage());
    }

    @Test
    void withPreamble_onTranslatedKernel_refused() {
        MapKernel k = MapKernel.of(x -> x);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.withPreamble("int f();"));
        assertTrue(e.getMessage().contains(k.name()), e.getMessage());
        assertEquals(ElementType.I32, k.inputType());
        assertEquals(ElementType.I64, k.outputType());
    }

    static long maxOf(long a, long b) {
        return a >= b ? a : b;
    }

    @ParameterizedTest
    @MethodSource("devices")
    void reduceOfInts_sumOfCubesAndMaxByHelper_equalJava(String device) {
        ReduceKernel cubes = ReduceKernel.ofInts(0L, x -> (long) x * x * x, Long::sum);
        ReduceKernel maxMix = ReduceKernel.ofInts(Long.MIN_VALUE, x -> Long.rotateLeft(x, x & 63) ^ x,
                JavaOnlyKernelsTest::maxOf);
        ReduceKernel minLong = ReduceKernel.ofLongs(Long.MAX_VALUE, x -> x * 31, (a, b) -> Math.min(a, b));
        assertTrue(cubes.fromJava() && !cubes.needsFp64());
        try (Offload off = Offload.open(open(device))) {
            for (int n : SIZES) {
                int[] xs = new SplittableRandom(n + 11).ints(n).toArray();
                long sum = 0;
                long max = Long.MIN_VALUE;
                long[] ls = new long[n];
                long min = Long.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    int x = xs[i];
                    sum += (long) x * x * x;
                    max = Math.max(max, Long.rotateLeft(x, x & 63) ^ x);
                    ls[i] = (long) x << 20;
                    min = Math.min(min, ls[i] * 31);
                }
                assertEquals(sum, off.reduce(cubes, xs), "cubes n=" + n + " on " + device);
                assertEquals(max, off.reduce(maxMix, xs), "max n=" + n + " on " + device);
                assertEquals(min, off.reduce(minLong, ls), "min n=" + n + " on " + device);
                try (DeviceInts dx = off.upload(xs)) {
                    assertEquals(sum, off.reduce(cubes, dx), "resident n=" + n + " on " + device);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void reduceOfDoubles_maxAbsExactAndSumClose(String device) {
        ReduceKernel maxAbs = ReduceKernel.ofDoubles(Double.NEGATIVE_INFINITY, x -> Math.abs(x), Math::max);
        ReduceKernel sumHalves = ReduceKernel.ofDoubles(0.0, x -> x * 0.5, Double::sum);
        try (Offload off = Offload.open(open(device))) {
            double[] ds = new SplittableRandom(9).doubles(70_001, -1e3, 1e3).toArray();
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double d : ds) {
                max = Math.max(max, Math.abs(d));
                sum += d * 0.5;
            }
            assertEquals(max, off.reduce(maxAbs, ds), "max is order-free: exact");
            assertEquals(sum, off.reduce(sumHalves, ds), 1e-9 * 70_001 * 1e3, "sum in another order");
            assertEquals(Double.NEGATIVE_INFINITY, off.reduce(maxAbs, new double[0]));
        }
    }

    @ParameterizedTest
    @MethodSource("devices")
    void reduceOfInts_divisionByZeroInMap_throwsLikeJava(String device) {
        ReduceKernel k = ReduceKernel.ofInts(0L, x -> 100L / x, Long::sum);
        try (Offload off = Offload.open(open(device))) {
            int[] xs = new int[5000];
            java.util.Arrays.fill(xs, 7);
            xs[4321] = 0;
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> off.reduce(k, xs));
            if (device.equals("opencl")) {
                assertTrue(e.getMessage().contains("/ by zero") && e.getMessage().contains(k.name()), e.getMessage());
            }
            xs[4321] = 1;
            assertEquals(4999L * 14 + 100, off.reduce(k, xs));
        }
    }

    @Test
    void reduceOfInts_capturingCombiner_refused() {
        long bias = 1;
        KernelTranslationException e = assertThrows(KernelTranslationException.class,
                () -> ReduceKernel.ofInts(0L, x -> x, (a, b) -> a + b + bias));
        assertTrue(e.getMessage().contains("may capture nothing"), e.getMessage());
    }
}
