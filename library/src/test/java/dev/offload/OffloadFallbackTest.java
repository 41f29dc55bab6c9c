package dev.offload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auto}'s fallback to Java when an OpenCL device fails, and its absence under an explicit selector. {@code auto}
 * only takes GPUs, so the fallback runs here on the first OpenCL device (PoCL in CI) through the package-private
 * {@link Offload#openWithFallback(String)}.
 */
class OffloadFallbackTest {
    /** OpenCL C that does not compile; the Java side is fine. */
    private static final MapKernel BROKEN = MapKernel.ofInts("broken_plus_one_i32_i64", "x +* no_such_identifier",
            x -> x + 1L);

    @Test
    void map_kernelThatDoesNotBuildOnAnExplicitDevice_throwsWithTheBuildLog() {
        Device device = TestDevices.requireOpenCl();
        try (Offload off = Offload.open(device.id())) {
            KernelBuildException e = assertThrows(KernelBuildException.class, () -> off.map(BROKEN, new int[] {1}));
            assertTrue(e.buildLog().contains("no_such_identifier"), e.buildLog());
            assertEquals(device, off.device(), "an explicit device is never replaced");
            assertNull(off.fallbackReason());
        }
    }

    @Test
    void map_kernelThatDoesNotBuildUnderAuto_runsInJavaAndStaysThere() {
        Device device = TestDevices.requireOpenCl();
        try (Offload off = Offload.openWithFallback(device.id())) {
            DeviceInts before = off.upload(new int[] {1, 2, 3});
            assertEquals(device, off.device());
            assertNull(off.fallbackReason());

            assertArrayEquals(new long[] {2, 3}, off.map(BROKEN, new int[] {1, 2}));

            assertTrue(off.device().kind().isJava(), off.device().describe());
            assertEquals(off.device(), off.lastProfile().device(), "the profile names where the call really ran");
            String why = off.fallbackReason();
            assertTrue(why != null && why.contains(device.describe()) && why.contains("broken_plus_one_i32_i64"), why);
            // New work runs in Java; an array made before the move stays on its device and still works there.
            assertEquals(14, off.sumOfSquares(new int[] {1, 2, 3}));
            assertTrue(off.lastProfile().device().kind().isJava());
            assertEquals(6, off.sum(before));
            assertEquals(device, off.lastProfile().device());
            assertFalse(before.isClosed());
            before.close();
        }
    }
}
