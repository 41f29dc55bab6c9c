package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.DeviceKind;
import dev.offload.Offload;
import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device discovery on this machine's OpenCL runtime (PoCL here and in CI). Fails in CI without a device. */
class OpenClDiscoveryTest {

    @Test
    void devices_listTheOpenClDevices_withSaneFields() {
        List<Device> devices = TestDevices.requireOpenClDevices();
        assertNull(Offload.openClUnavailableReason());
        for (Device d : devices) {
            assertTrue(d.id().matches("opencl:\\d+:\\d+"), d.id());
            assertEquals("opencl", d.backend());
            assertFalse(d.name().isBlank(), "name of " + d.id());
            assertFalse(d.platform().isBlank(), "platform of " + d.id());
            assertTrue(d.version().matches("OpenCL \\d+\\.\\d+ / OpenCL C \\d+\\.\\d+"), d.version());
            assertFalse(d.driver().isBlank(), "driver of " + d.id());
            assertTrue(d.kind() == DeviceKind.GPU || d.kind() == DeviceKind.CPU || d.kind() == DeviceKind.ACCELERATOR,
                    d.kind().toString());
            assertTrue(d.computeUnits() >= 1, d.describe());
            assertTrue(d.globalMemory() >= d.maxAllocation() && d.maxAllocation() > 0, d.describe());
        }
        // the OpenCL devices come first, the two Java backends last
        List<Device> all = Offload.devices();
        assertEquals(devices, all.subList(0, devices.size()));
        assertEquals(List.of("java", "java-seq"),
                all.subList(devices.size(), all.size()).stream().map(Device::id).toList());
    }

    @Test
    void devices_includeThePoclCpuDevice_whenPoclIsInstalled() {
        List<Device> devices = TestDevices.requireOpenClDevices();
        boolean pocl = devices.stream().anyMatch(d -> d.platform().contains("Portable Computing Language"));
        if (pocl) {
            Device d = devices.stream().filter(x -> x.platform().contains("Portable Computing Language")).findFirst()
                    .orElseThrow();
            assertEquals(DeviceKind.CPU, d.kind());
            assertTrue(d.computeUnits() <= Runtime.getRuntime().availableProcessors() * 4L, d.describe());
        }
    }

    @Test
    void open_byDeviceId_opensThatDevice() {
        Device first = TestDevices.requireOpenClDevices().getFirst();
        try (Offload off = Offload.open(first.id())) {
            assertEquals(first, off.device());
            assertNull(off.fallbackReason());
            assertEquals(14, off.sumOfSquares(new int[] {1, 2, 3}));
        }
    }
}
