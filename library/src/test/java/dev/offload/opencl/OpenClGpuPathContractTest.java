package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.OffloadContractTest;
import org.junit.jupiter.api.AfterAll;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole contract on the first OpenCL device driven the way a discrete GPU is: transfers through pinned staging
 * slots ({@code offload.opencl.transfer=staged}) and grid-stride kernels ({@code offload.opencl.layout=grid-stride}).
 * Here that runs the GPU code path on PoCL, so it is tested even on machines without a GPU. Fails in CI
 * ({@code CI=true}) without an OpenCL device, skipped elsewhere.
 */
class OpenClGpuPathContractTest extends OffloadContractTest {
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
