package dev.offload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auto}'s routing of built-in calls on host data between an OpenCL device and parallel Java, on the first
 * OpenCL device (PoCL in CI) through {@link Offload#openRouted}: {@code auto} itself only routes on GPUs. The routing
 * tests give the model its costs through the cost file, so where a call runs follows from them, not from timing;
 * one test lets it measure and checks only what measuring must leave behind.
 */
class AutoRoutingTest {
    private static final int[] SIZES = {0, 1, 7, 1_000, 65_537, (1 << 20) + 3};
    private static final CostPair JAVA_ALWAYS = new CostPair(new CallCost(1_000_000_000, 1), new CallCost(1, 0));
    private static final CostPair DEVICE_ALWAYS = new CostPair(new CallCost(1, 0), new CallCost(1_000_000_000, 1));
    private static final String TEXT = "Lorem ipsum  dolor\u00a0sit am\u00e9t,\tconsectetur \u6771\u4eac\u3000x\n";

    @Test
    void builtInsOnHostData_runOnJavaWhenTheModelSaysSo_andDeviceDataStaysOnTheDevice(@TempDir Path dir) {
        Device device = TestDevices.requireOpenCl();
        store(dir, device, JAVA_ALWAYS);
        try (Offload off = Offload.openRouted(device.id(), OffloadOptions.defaults().withProgramCache(dir))) {
            SplittableRandom random = new SplittableRandom(42);
            for (int n : SIZES) {
                int[] xs = random.ints(n).toArray();
                assertEquals(Arrays.stream(xs).mapToLong(x -> (long) x * x).sum(), off.sumOfSquares(xs), "n=" + n);
                assertRanOnJava(off);
                assertArrayEquals(Arrays.stream(xs).mapToLong(x -> (long) x * x).toArray(), off.squares(xs));
                assertRanOnJava(off);
                double[] ds = random.doubles(n).toArray();
                assertEquals(Arrays.stream(ds).max().orElse(Double.NEGATIVE_INFINITY),
                        n == 0 ? Double.NEGATIVE_INFINITY : off.max(ds));
                if (n > 0) {
                    assertRanOnJava(off);
                }
            }
            assertArrayEquals(new int[] {5, 5, 5, 3, 5, 11, 2, 1}, off.wordLengths(TEXT));
            assertRanOnJava(off);
            assertEquals(8, off.wordCount(TEXT.getBytes(StandardCharsets.UTF_8)));
            assertRanOnJava(off);

            assertEquals(device, off.device(), "the instance stays on its device");
            try (DeviceInts d = off.upload(new int[] {1, 2, 3})) {
                assertEquals(device, off.lastProfile().device());
                assertEquals(14, off.sumOfSquares(d));
                assertEquals(device, off.lastProfile().device(), "device arrays are not routed");
            }
            MapKernel plusOne = MapKernel.ofInts("routing_plus_one_i32_i64", "(long)x + 1", x -> x + 1L);
            assertArrayEquals(new long[] {2, 3}, off.map(plusOne, new int[] {1, 2}));
            assertEquals(device, off.lastProfile().device(), "a kernel a user wrote stays on the device");
        }
    }

    @Test
    void builtInsOnHostData_stayOnTheDeviceWhenTheModelSaysSo(@TempDir Path dir) {
        Device device = TestDevices.requireOpenCl();
        store(dir, device, DEVICE_ALWAYS);
        try (Offload off = Offload.openRouted(device.id(), OffloadOptions.defaults().withProgramCache(dir))) {
            assertEquals(14, off.sumOfSquares(new int[] {1, 2, 3}));
            assertEquals(device, off.lastProfile().device());
            assertArrayEquals(new int[] {5, 5, 5, 3, 5, 11, 2, 1}, off.wordLengths(TEXT));
            assertEquals(device, off.lastProfile().device());
        }
    }

    @Test
    void firstCallOfAFamily_measuresItOnceAndKeepsItWithThePrograms(@TempDir Path dir) throws Exception {
        Device device = TestDevices.requireOpenCl();
        Path file = cache(dir, device).file();
        int before = AutoRouter.MEASURED.get();
        try (Offload off = Offload.openRouted(device.id(), OffloadOptions.defaults().withProgramCache(dir))) {
            assertEquals(30, off.sumOfSquares(new int[] {1, 2, 3, 4}));
            assertArrayEquals(new int[] {5, 5}, off.wordLengths("hello world"));
            assertEquals(before + 2, AutoRouter.MEASURED.get(), "numbers and text measured once each");
            assertEquals(30, off.sumOfSquares(new int[] {1, 2, 3, 4}));
            assertEquals(before + 2, AutoRouter.MEASURED.get(), "and not again in the same instance");
        }
        assertTrue(Files.exists(file), file.toString());
        String kept = Files.readString(file);
        for (CostFamily f : CostFamily.values()) { // read back by later JVMs unless measured on a busy machine
            assertTrue(kept.contains(f.key() + ".device.fixedNanos=") && kept.contains(f.key() + ".steady="), kept);
        }
        try (Offload off = Offload.openRouted(device.id(), OffloadOptions.defaults().withProgramCache(dir))) {
            assertEquals(30, off.sumOfSquares(new int[] {1, 2, 3, 4}));
            assertEquals(before + 2, AutoRouter.MEASURED.get(), "a second instance reads the file");
        }
    }

    @Test
    void withTheProgramCacheOff_measuresOncePerJvmAndWritesNothing(@TempDir Path dir) throws Exception {
        Device device = TestDevices.requireOpenCl();
        int before = AutoRouter.MEASURED.get();
        for (int i = 0; i < 2; i++) {
            try (Offload off = Offload.openRouted(device.id(), OffloadOptions.defaults().withoutProgramCache())) {
                assertEquals(5, off.sumOfSquares(new int[] {1, 2}));
                assertEquals(before + 1, AutoRouter.MEASURED.get(), "instance " + i);
            }
        }
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent());
        }
    }

    private static void store(Path dir, Device device, CostPair costs) {
        CostCache cache = cache(dir, device);
        for (CostFamily f : CostFamily.values()) {
            cache.store(f, costs, true);
        }
    }

    private static CostCache cache(Path dir, Device device) {
        return CostCache.in(dir, device, dev.offload.backend.Backends.javaParallel(),
                Offload.costSettings(OffloadOptions.defaults()));
    }

    private static void assertRanOnJava(Offload off) {
        assertTrue(off.lastProfile().device().kind().isJava(), off.lastProfile().toString());
    }
}
