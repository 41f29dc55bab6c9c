package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.Offload;
import org.junit.jupiter.api.Assumptions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared rule of the OpenCL tests: they need an OpenCL device. In CI (environment {@code CI=true}) a missing device
 * is a failure carrying the provider's reason; elsewhere (a developer machine without PoCL) the tests are skipped
 * through {@link Assumptions}, with the same reason.
 */
final class OpenClTests {
    private OpenClTests() {
    }

    /** The OpenCL devices of this machine; fails in CI, or aborts the test elsewhere, when there are none. */
    static List<Device> requireDevices() {
        List<Device> devices = Offload.devices().stream().filter(Device::isOpenCl).toList();
        if (devices.isEmpty()) {
            String why = "no OpenCL device: " + Offload.openClUnavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: the OpenCL tests must run; see ci/install-opencl.sh)");
            }
            Assumptions.abort(why + " (skipped outside CI)");
        }
        return devices;
    }
}
