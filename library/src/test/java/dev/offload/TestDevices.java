package dev.offload;

import org.junit.jupiter.api.Assumptions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one rule of every OpenCL test: it needs an OpenCL device. In CI (environment {@code CI=true}) a missing
 * device is a failure carrying the provider's reason; elsewhere (a developer machine without PoCL) the test is
 * skipped through {@link Assumptions}, with the same reason.
 */
public final class TestDevices {
    private TestDevices() {
    }

    /** The OpenCL devices of this machine; fails in CI, or aborts the test elsewhere, when there are none. */
    public static List<Device> requireOpenClDevices() {
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

    /** The first OpenCL device; fails in CI, or aborts the test elsewhere, when there is none. */
    public static Device requireOpenCl() {
        return requireOpenClDevices().get(0);
    }
}
