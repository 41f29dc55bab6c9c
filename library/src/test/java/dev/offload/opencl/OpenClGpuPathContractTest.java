package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.OffloadContractTest;
import dev.offload.OffloadOptions;
import dev.offload.TestDevices;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole contract on the first OpenCL device driven the way a discrete GPU is: transfers through pinned staging
 * slots ({@link OffloadOptions.Transfer#STAGED}) and grid-stride kernels ({@link OffloadOptions.Layout#GRID_STRIDE}).
 * Here that runs the GPU code path on PoCL, so it is tested even on machines without a GPU. Fails in CI
 * ({@code CI=true}) without an OpenCL device, skipped elsewhere.
 */
class OpenClGpuPathContractTest extends OffloadContractTest {
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
