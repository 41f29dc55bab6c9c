package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.WordLengthsContractTest;
import org.junit.jupiter.api.AfterAll;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word-length contract on the first OpenCL device driven the way a discrete GPU is: grid-stride layout (16 bytes
 * per work-item, 256 work-items per group in the text kernels) and staged transfers. Runs the GPU configuration of
 * {@code kernels/text.cl} on PoCL, so it is tested without a GPU. Fails in CI ({@code CI=true}) without an OpenCL
 * device, skipped elsewhere.
 */
class OpenClTextGpuPathTest extends WordLengthsContractTest {
    @Override
    protected String selector() {
        return GpuPath.configure();   // cleared in assertExpectedDevice, once the backend has opened
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        clearProperties();
        assertTrue(device.isOpenCl(), "expected an OpenCL device, got " + device.describe());
    }

    @AfterAll
    static void clearProperties() {
        GpuPath.clear();
    }
}
