package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.KernelBuildException;
import dev.offload.MapKernel;
import dev.offload.Offload;
import dev.offload.ReduceKernel;
import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A kernel that does not compile is reported with its log, options and device, and breaks nothing else. */
class OpenClBuildErrorTest {

    @Test
    void map_withExpressionThatDoesNotCompile_throwsKernelBuildExceptionWithLogOptionsAndDevice() {
        Device device = TestDevices.requireOpenClDevices().getFirst();
        MapKernel broken = MapKernel.ofInts("broken_i32_i64", "x +* no_such_identifier", x -> x);
        try (Offload off = Offload.open(device.id())) {
            KernelBuildException e = assertThrows(KernelBuildException.class, () -> off.map(broken, new int[] {1, 2}));
            assertEquals(device.name(), e.deviceName());
            assertEquals(OpenClBackend.BUILD_OPTIONS, e.options());
            assertTrue(e.buildLog().contains("no_such_identifier"), e.buildLog());
            assertTrue(e.getMessage().startsWith("OpenCL program 'broken_i32_i64 (kernels/elementwise.cl)' failed to"
                    + " build for " + device.name()), e.getMessage());
            assertTrue(e.getCause() != null && e.getCause().getClass().getName().startsWith("org.jocl"),
                    String.valueOf(e.getCause()));
            // an explicit device is never replaced by a fallback, and it still runs good kernels
            assertEquals(device, off.device());
            assertArrayEquals(new long[] {1, 4}, off.squares(new int[] {1, 2}));
        }
    }

    @Test
    void reduce_withCombineThatDoesNotCompile_throwsKernelBuildException() {
        Device device = TestDevices.requireOpenClDevices().getFirst();
        ReduceKernel broken = ReduceKernel.ofInts("broken_sum_i32_i64", 0L, "0L", "(long)x", x -> x,
                "a + + ;", Long::sum);
        try (Offload off = Offload.open(device.id())) {
            KernelBuildException e = assertThrows(KernelBuildException.class,
                    () -> off.reduce(broken, new int[] {1, 2, 3}));
            assertTrue(!e.buildLog().isBlank(), "empty build log");
            assertTrue(e.getMessage().startsWith("OpenCL program 'broken_sum_i32_i64 (kernels/reduce.cl)'"),
                    e.getMessage());
        }
    }
}
