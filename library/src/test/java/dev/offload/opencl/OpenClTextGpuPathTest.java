package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.OffloadOptions;
import dev.offload.TestDevices;
import dev.offload.WordLengthsContractTest;

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
        TestDevices.requireOpenClDevices();
        return "opencl";
    }

    @Override
    protected OffloadOptions options() {
        return GpuPath.gpuPath();
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertTrue(device.isOpenCl(), "expected an OpenCL device, got " + device.describe());
    }
}
