package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backends of the device matrix ({@link BackendMatrix}): every contract suite runs on each of them. A new backend
 * is one more constant here, and every suite picks it up. The OpenCL ones need a device: without one they fail in CI
 * ({@code CI=true}) and are skipped elsewhere, with the provider's reason ({@link TestDevices}).
 */
public enum TestBackend {
    /** The sequential Java backend, the oracle of every other one. */
    JAVA_SEQ("java-seq", "java-seq") {
        @Override
        void assertIsTheDevice(Device device) {
            assertEquals(DeviceKind.JAVA_SEQUENTIAL, device.kind(), device.describe());
            assertEquals("java-seq", device.id());
        }
    },
    /** The parallel Java backend (all cores). */
    JAVA("java", "java") {
        @Override
        void assertIsTheDevice(Device device) {
            assertEquals(DeviceKind.JAVA, device.kind(), device.describe());
            assertEquals("java", device.id());
        }
    },
    /** The first OpenCL device (PoCL here and in CI, the GPU on a GPU machine), driven as its kind suggests. */
    OPENCL("opencl", "opencl"),
    /**
     * The first OpenCL device driven the way a discrete GPU is: transfers through pinned staging slots and
     * grid-stride kernels (in the text kernels 16 bytes per work-item, 256 work-items per group), so the GPU code
     * path is tested on PoCL, without a GPU.
     */
    OPENCL_GPU_PATH("opencl-gpu-path", "opencl") {
        @Override
        public OffloadOptions options() {
            return gpuPath(super.options());
        }
    };

    private final String label;
    private final String selector;

    TestBackend(String label, String selector) {
        this.label = label;
        this.selector = selector;
    }

    /** {@code options} with the discrete GPU's transfers and layout. */
    public static OffloadOptions gpuPath(OffloadOptions options) {
        return options.withTransfer(OffloadOptions.Transfer.STAGED).withLayout(OffloadOptions.Layout.GRID_STRIDE);
    }

    /** The name test reports show, e.g. {@code opencl-gpu-path}. */
    public String label() {
        return label;
    }

    /** Whether this backend needs an OpenCL device. */
    public boolean isOpenCl() {
        return selector.equals("opencl");
    }

    /**
     * The options it is opened with: the build's ({@link OffloadOptions#fromSystemProperties()}, which turns the
     * program cache off) unless the backend drives the device another way.
     */
    public OffloadOptions options() {
        return OffloadOptions.fromSystemProperties();
    }

    /**
     * Opens a new instance on this backend and checks that it is the device meant (not a silent fallback). For the
     * OpenCL backends, fails in CI or aborts the test elsewhere when there is no OpenCL device.
     */
    public Offload open() {
        if (isOpenCl()) {
            TestDevices.requireOpenClDevices();
        }
        Offload off = Offload.open(selector, options());
        try {
            assertIsTheDevice(off.device());
        } catch (AssertionError e) {
            off.close();
            throw e;
        }
        return off;
    }

    /** Checks that {@code device} is the one this backend stands for. */
    void assertIsTheDevice(Device device) {
        assertTrue(device.isOpenCl(), "expected an OpenCL device, got " + device.describe());
    }

    @Override
    public String toString() {
        return label;
    }
}
