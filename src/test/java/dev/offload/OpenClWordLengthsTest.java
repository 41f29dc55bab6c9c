package dev.offload;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The word-length contract on the first OpenCL device (PoCL here and in CI, the GPU on a GPU machine). With no OpenCL
 * device this suite FAILS when the environment has {@code CI=true}, and is skipped (JUnit assumption) otherwise; the
 * message carries the provider's reason either way.
 */
class OpenClWordLengthsTest extends WordLengthsContractTest {
    @Override
    protected String selector() {
        if (Offload.devices().stream().noneMatch(Device::isOpenCl)) {
            String why = "no OpenCL device: " + Offload.openClUnavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: the OpenCL tests must run; see ci/install-opencl.sh)");
            }
            Assumptions.abort(why + " (skipped outside CI)");
        }
        return "opencl";
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertTrue(device.isOpenCl(), "expected an OpenCL device, got " + device.describe());
    }
}
