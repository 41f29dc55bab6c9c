package dev.offload.backend;

import dev.offload.Device;
import dev.offload.DeviceKind;
import dev.offload.NoSuchDeviceException;
import dev.offload.OffloadOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * The backend providers and the selector rules of {@link dev.offload.Offload#open(String)}. Providers are found
 * with {@link ServiceLoader} ({@code META-INF/services/dev.offload.backend.BackendProvider}, or {@code provides} in a
 * module): adding a backend (CUDA, Vulkan, ...) is a provider class and a services entry, and this package imports
 * none of them. The library lists OpenCL first, then the Java backends; the Java provider must be present.
 */
public final class Backends {
    /** Provider name of the Java backends (which are always there). */
    public static final String JAVA = "java";
    /** Provider name of the OpenCL backend. */
    public static final String OPENCL = "opencl";

    private Backends() {
    }

    /** Loaded once, on first use, in services-file order. */
    private static final class Loaded {
        static final List<BackendProvider> PROVIDERS = load();

        private static List<BackendProvider> load() {
            List<BackendProvider> found = new ArrayList<>();
            boolean java = false;
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
                found.add(p);
                java |= p.name().equals(JAVA);
            }
            if (!java) {
                throw new IllegalStateException("no Java backend provider: the services entry of "
                        + BackendProvider.class.getName() + " is missing from the class path");
            }
            return List.copyOf(found);
        }
    }

    private static BackendProvider provider(String name) {
        for (BackendProvider p : Loaded.PROVIDERS) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Every device of every provider, OpenCL first. Never throws. */
    public static List<Device> devices() {
        List<Device> all = new ArrayList<>();
        for (BackendProvider p : Loaded.PROVIDERS) {
            all.addAll(p.devices());
        }
        return List.copyOf(all);
    }

    /** Why OpenCL found no device, or null. */
    public static String openClUnavailableReason() {
        BackendProvider cl = provider(OPENCL);
        if (cl == null) {
            return "no OpenCL backend provider on the class path";
        }
        return cl.devices().isEmpty() ? cl.unavailableReason() : null;
    }

    /** The OpenCL GPU with the most compute units, then the most memory; null when there is none. */
    public static Device bestGpu() {
        BackendProvider cl = provider(OPENCL);
        if (cl == null) {
            return null;
        }
        return cl.devices().stream()
                .filter(d -> d.kind() == DeviceKind.GPU)
                .max(Comparator.comparingInt(Device::computeUnits).thenComparingLong(Device::globalMemory))
                .orElse(null);
    }

    /** The parallel Java backend's device. */
    public static Device javaParallel() {
        return javaDevices().getFirst();
    }

    private static List<Device> javaDevices() {
        return provider(JAVA).devices();
    }

    /**
     * The device an explicit selector names (every selector but {@code auto}). The Java backends' ids are matched
     * first, so {@code open("java")} and {@code open("java-seq")} never touch OpenCL (enumerating it costs ~140 ms).
     *
     * @throws NoSuchDeviceException listing the devices that exist
     */
    public static Device select(String selector) {
        for (Device d : javaDevices()) {
            if (d.id().equalsIgnoreCase(selector)) {
                return d;
            }
        }
        List<Device> all = devices();
        String s = selector.toLowerCase(Locale.ROOT);
        for (Device d : all) {
            if (d.id().equalsIgnoreCase(selector)) {
                return d;
            }
        }
        DeviceKind wanted = switch (s) {
            case "gpu" -> DeviceKind.GPU;
            case "cpu" -> DeviceKind.CPU;
            case "accelerator" -> DeviceKind.ACCELERATOR;
            default -> null;
        };
        for (Device d : all) {
            if ((wanted != null && d.kind() == wanted) || (s.equals("opencl") && d.isOpenCl())) {
                return d;
            }
        }
        if (wanted == null && !s.equals("opencl") && !s.isEmpty()) {
            for (Device d : all) {
                if (d.name().toLowerCase(Locale.ROOT).contains(s)) {
                    return d;
                }
            }
        }
        throw new NoSuchDeviceException(selector, all, openClUnavailableReason());
    }

    /** Opens a device with the provider it came from, with {@code options}. */
    public static Backend open(Device device, OffloadOptions options) {
        BackendProvider p = provider(device.backend());
        if (p == null) {
            throw new IllegalArgumentException("no backend provider for " + device.describe());
        }
        return p.open(device, options);
    }

    /** Opens a device with {@link OffloadOptions#defaults()} (the Java fallback, which has no options, and tools). */
    public static Backend open(Device device) {
        return open(device, OffloadOptions.defaults());
    }
}
