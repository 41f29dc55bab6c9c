package dev.offload.cpu;

import dev.offload.Device;
import dev.offload.DeviceKind;
import dev.offload.OffloadOptions;
import dev.offload.backend.Backend;
import dev.offload.backend.BackendProvider;

import java.util.List;

/** Offers the two Java backends: {@code java} (all cores) and {@code java-seq} (one thread). Always available. */
public final class JavaBackendProvider implements BackendProvider {
    /** Device id of the parallel Java backend. */
    public static final String PARALLEL_ID = "java";
    /** Device id of the sequential Java backend. */
    public static final String SEQUENTIAL_ID = "java-seq";

    private final Device parallel;
    private final Device sequential;

    /** Describes the two Java devices of this JVM. */
    public JavaBackendProvider() {
        int threads = Runtime.getRuntime().availableProcessors();
        // The property, not Runtime.version()'s toString, which runs streams and lambdas (~15 ms in a new JVM, and
        // every open passes here); they hold the same text.
        String runtime = System.getProperty("java.runtime.version");
        String platform = System.getProperty("java.vm.name", "Java") + " "
                + (runtime != null ? runtime : Runtime.version().toString());
        String version = "Java " + Runtime.version().feature();
        long heap = Runtime.getRuntime().maxMemory();
        long maxArray = Math.min(heap, (long) Integer.MAX_VALUE - 8);
        parallel = new Device(PARALLEL_ID, "Java parallel (" + threads + " threads)", DeviceKind.JAVA, "java",
                platform, version, "", threads, heap, maxArray);
        sequential = new Device(SEQUENTIAL_ID, "Java sequential (1 thread)", DeviceKind.JAVA_SEQUENTIAL, "java",
                platform, version, "", 1, heap, maxArray);
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public List<Device> devices() {
        return List.of(parallel, sequential);
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    /** The parallel backend's device. */
    public Device parallel() {
        return parallel;
    }

    /** The sequential backend's device. */
    public Device sequential() {
        return sequential;
    }

    /** Opens a Java device; the options are all OpenCL's, so none applies. */
    @Override
    public Backend open(Device device, OffloadOptions options) {
        if (device.equals(parallel)) {
            return new JavaBackend(parallel, true);
        }
        if (device.equals(sequential)) {
            return new JavaBackend(sequential, false);
        }
        throw new IllegalArgumentException("not a Java device: " + device.describe());
    }
}
