package dev.offload.opencl;

import dev.offload.OffloadOptions;
import dev.offload.TestBackend;
import dev.offload.TestDevices;

/**
 * Options for the OpenCL tests: the build's ({@link OffloadOptions#fromSystemProperties()}: program cache off), and
 * the discrete-GPU path (staged transfers, grid-stride kernels), which runs the GPU code on PoCL. Each backend gets
 * its own options at open, so nothing global is set and tests may run in parallel.
 */
final class GpuPath {
    private GpuPath() {
    }

    /** The build's options. */
    static OffloadOptions options() {
        return OffloadOptions.fromSystemProperties();
    }

    /** The build's options, driving the device as a discrete GPU when {@code gpuPath}. */
    static OffloadOptions options(boolean gpuPath) {
        return gpuPath ? gpuPath() : options();
    }

    /** The build's options with the discrete GPU's transfers and layout, as the matrix's {@code opencl-gpu-path}. */
    static OffloadOptions gpuPath() {
        return TestBackend.gpuPath(options());
    }

    /** Requires an OpenCL device (fails in CI without one) and opens the first one's backend with {@code options}. */
    static OpenClBackend openFirst(OffloadOptions options) {
        TestDevices.requireOpenClDevices();
        OpenClBackendProvider provider = new OpenClBackendProvider();
        return (OpenClBackend) provider.open(provider.devices().getFirst(), options);
    }
}
