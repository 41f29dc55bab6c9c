package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.OffloadContractTest;
import dev.offload.TestDevices;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole contract on the first OpenCL device (PoCL here and in CI, the GPU on a GPU machine). When no OpenCL device
 * exists this suite FAILS if the environment has {@code CI=true}, and is skipped (JUnit assumption) otherwise, so a
 * developer without an OpenCL runtime can still build; the message carries the provider's reason either way.
 */
class OpenClContractTest extends OffloadContractTest {
    @Override
    protected String selector() {
        TestDevices.requireOpenClDevices();
        return "opencl";
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertTrue(device.isOpenCl(), "expected an OpenCL device, got " + device.describe());
    }
}
