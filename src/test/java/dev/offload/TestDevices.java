package dev.offload;

import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The rule of the OpenCL tests in this package: they need an OpenCL device. In CI (environment {@code CI=true}) a
 * missing device is a failure carrying the provider's reason; elsewhere the test is skipped with the same reason.
 */
final class TestDevices {
    private TestDevices() {
    }

    /** The first OpenCL device; fails in CI, or aborts the test elsewhere, when there is none. */
    static Device requireOpenCl() {
        return Offload.devices().stream().filter(Device::isOpenCl).findFirst().orElseGet(() -> {
            String why = "no OpenCL device: " + Offload.openClUnavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: the OpenCL tests must run; see ci/install-opencl.sh)");
            }
            Assumptions.abort(why + " (skipped outside CI)");
            throw new AssertionError("unreachable");
        });
    }
}
