package dev.offload.opencl;

import dev.offload.TestDevices;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Drives the next OpenCL backend opened the way a discrete GPU is driven (staged transfers, grid-stride kernels), so
 * the GPU code path runs on PoCL. The properties are read when a backend opens: set them right before, clear them
 * right after.
 */
final class GpuPath {
    private GpuPath() {
    }

    /** Requires an OpenCL device (fails in CI without one) and sets the GPU-path properties; returns the selector. */
    static String configure() {
        TestDevices.requireOpenClDevices();
        System.setProperty(OpenClBackend.TRANSFER_PROPERTY, "staged");
        System.setProperty(OpenClBackend.LAYOUT_PROPERTY, "grid-stride");
        return "opencl";
    }

    /** Clears the properties again. */
    static void clear() {
        System.clearProperty(OpenClBackend.TRANSFER_PROPERTY);
        System.clearProperty(OpenClBackend.LAYOUT_PROPERTY);
    }

    /**
     * Opens a backend (through {@code open}) with the given backend properties set, and the GPU-path ones too when
     * {@code gpuPath}; every property is cleared again at once, so no other test sees it.
     */
    static <T> T open(boolean gpuPath, Map<String, String> properties, Supplier<T> open) {
        Map<String, String> all = new HashMap<>(properties);
        if (gpuPath) {
            all.put(OpenClBackend.TRANSFER_PROPERTY, "staged");
            all.put(OpenClBackend.LAYOUT_PROPERTY, "grid-stride");
        }
        all.forEach(System::setProperty);
        try {
            return open.get();
        } finally {
            all.keySet().forEach(System::clearProperty);
        }
    }
}
