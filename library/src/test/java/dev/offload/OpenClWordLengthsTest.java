package dev.offload;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word-length contract on the first OpenCL device (PoCL here and in CI, the GPU on a GPU machine). With no OpenCL
 * device this suite FAILS when the environment has {@code CI=true}, and is skipped (JUnit assumption) otherwise; the
 * message carries the provider's reason either way.
 */
class OpenClWordLengthsTest extends WordLengthsContractTest {
    @Override
    protected String selector() {
        TestDevices.requireOpenCl();
        return "opencl";
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertTrue(device.isOpenCl(), "expected an OpenCL device, got " + device.describe());
    }
}
