package dev.offload.backend;

import dev.offload.Device;
import dev.offload.DeviceKind;
import dev.offload.NoSuchDeviceException;
import dev.offload.cpu.JavaBackendProvider;
import dev.offload.opencl.OpenClBackendProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The list of backend providers and the selector rules of {@link dev.offload.Offload#open(String)}. Providers are
 * listed here by hand, not discovered by reflection: adding a backend is one line.
 */
public final class Backends {
    private static final OpenClBackendProvider OPENCL = new OpenClBackendProvider();
    private static final JavaBackendProvider JAVA = new JavaBackendProvider();
    private static final List<BackendProvider> PROVIDERS = List.of(OPENCL, JAVA);

    private Backends() {
    }

    /** Every device of every provider, OpenCL first. Never throws. */
    public static List<Device> devices() {
        List<Device> all = new ArrayList<>();
        for (BackendProvider p : PROVIDERS) {
            all.addAll(p.devices());
        }
        return List.copyOf(all);
    }

    /** Why OpenCL found no device, or null. */
    public static String openClUnavailableReason() {
        return OPENCL.devices().isEmpty() ? OPENCL.unavailableReason() : null;
    }

    /** The OpenCL GPU with the most compute units, then the most memory; null when there is none. */
    public static Device bestGpu() {
        return OPENCL.devices().stream()
                .filter(d -> d.kind() == DeviceKind.GPU)
                .max(Comparator.comparingInt(Device::computeUnits).thenComparingLong(Device::globalMemory))
                .orElse(null);
    }

    /** The parallel Java backend's device. */
    public static Device javaParallel() {
        return JAVA.parallel();
    }

    /**
     * The device an explicit selector names (every selector but {@code auto}).
     *
     * @throws NoSuchDeviceException listing the devices that exist
     */
    public static Device select(String selector) {
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

    /** Opens a device with the provider it came from. */
    public static Backend open(Device device) {
        for (BackendProvider p : PROVIDERS) {
            if (p.name().equals(device.backend())) {
                return p.open(device);
            }
        }
        throw new IllegalArgumentException("no backend provider for " + device.describe());
    }
}
