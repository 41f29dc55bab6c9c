package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.DeviceKind;
import dev.offload.OffloadOptions;
import dev.offload.backend.Backend;
import dev.offload.backend.BackendProvider;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the OpenCL devices of every platform, once (on first use, thread-safe), and opens them. Never throws from
 * {@link #devices()}: a missing ICD loader, a JOCL native library that does not load, no platform, or any OpenCL
 * error gives an empty list and {@link #unavailableReason()} says why and how to fix it.
 *
 * <p>Device ids are {@code "opencl:P:D"}: the platform's index in {@code clGetPlatformIDs} and the device's index in
 * that platform's {@code clGetDeviceIDs(CL_DEVICE_TYPE_ALL)}. The list is ordered GPUs, then accelerators, then CPU
 * devices, each by id.
 */
public final class OpenClBackendProvider implements BackendProvider {
    /** Made on first use: the JDK's logging takes ~30 ms to set itself up in a new JVM, and most runs log nothing. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(OpenClBackendProvider.class.getName());
    }

    private volatile Discovery discovery;

    /** A provider that has not looked for devices yet (discovery happens on first use). */
    public OpenClBackendProvider() {
    }

    private record Discovery(List<ClDevice> devices, String reason) {
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public List<Device> devices() {
        List<ClDevice> found = discover().devices();
        Device[] devices = new Device[found.size()];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = found.get(i).device();
        }
        return List.of(devices);
    }

    @Override
    public String unavailableReason() {
        Discovery d = discovery;
        return d == null ? null : d.reason();
    }

    @Override
    public Backend open(Device device, OffloadOptions options) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(options, "options");
        for (ClDevice d : discover().devices()) {
            // Identity first: the caller's device is normally this very object, and a record's equals is bound through
            // invokedynamic at first use (~10 ms in a new JVM).
            if (d.device() == device || d.device().equals(device)) {
                return OpenClBackend.open(d, options);
            }
        }
        throw new IllegalArgumentException("not an OpenCL device of this machine: " + device.describe());
    }

    private Discovery discover() {
        Discovery d = discovery;
        if (d == null) {
            synchronized (this) {
                d = discovery;
                if (d == null) {
                    d = find();
                    discovery = d;
                    if (d.reason() != null) {
                        Log.LOG.log(System.Logger.Level.DEBUG, "OpenCL unavailable: " + d.reason());
                    }
                }
            }
        }
        return d;
    }

    private static Discovery find() {
        try {
            Cl.init();
            int[] count = new int[1];
            try {
                CL.clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                if (e.getStatus() == CL.CL_PLATFORM_NOT_FOUND_KHR) {
                    return new Discovery(List.of(), noPlatform());
                }
                throw e;
            }
            if (count[0] == 0) {
                return new Discovery(List.of(), noPlatform());
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<ClDevice> found = new ArrayList<>();
            List<String> empty = new ArrayList<>();
            for (int p = 0; p < platforms.length; p++) {
                String platformName = Cl.platformString(platforms[p], CL.CL_PLATFORM_NAME);
                cl_device_id[] ids = devicesOf(platforms[p]);
                if (ids.length == 0) {
                    empty.add(platformName);
                }
                for (int d = 0; d < ids.length; d++) {
                    found.add(describe(p, d, platforms[p], platformName, ids[d]));
                }
            }
            if (found.isEmpty()) {
                return new Discovery(List.of(), "OpenCL platforms " + empty + " have no devices: install the device's"
                        + " OpenCL driver, or a CPU runtime such as Debian's pocl-opencl-icd");
            }
            List<ClDevice> ranked = new ArrayList<>(found.size());
            for (int rank = 0; rank <= 2; rank++) {
                for (ClDevice c : found) {
                    if (rank(c.device().kind()) == rank) {
                        ranked.add(c);
                    }
                }
            }
            return new Discovery(List.copyOf(ranked), null);
        } catch (LinkageError e) {
            // UnsatisfiedLinkError: JOCL's native library or the ICD loader it needs is missing. JOCL's message runs
            // to pages of nested stack traces: the reason keeps its first line, the log gets the whole error.
            Log.LOG.log(System.Logger.Level.DEBUG, "OpenCL native libraries do not load", e);
            return new Discovery(List.of(), "cannot load OpenCL (" + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()) + "): install the OpenCL ICD loader and a runtime, e.g. Debian's"
                    + " ocl-icd-libopencl1 and pocl-opencl-icd");
        } catch (CLException e) {
            return new Discovery(List.of(), "OpenCL device discovery failed with " + Cl.statusName(e)
                    + ": check the OpenCL runtime's installation (clinfo -l)");
        } catch (RuntimeException e) {
            // JOCL reports a loader without the needed entry points as UnsupportedOperationException.
            return new Discovery(List.of(), "OpenCL device discovery failed (" + e + "): check the OpenCL runtime's"
                    + " installation (clinfo -l)");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.strip().lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String noPlatform() {
        return "no OpenCL platform found (CL_PLATFORM_NOT_FOUND_KHR): install an OpenCL runtime, e.g. Debian's"
                + " pocl-opencl-icd, or a GPU driver's OpenCL ICD; check /etc/OpenCL/vendors and OCL_ICD_VENDORS";
    }

    private static cl_device_id[] devicesOf(cl_platform_id platform) {
        int[] n = new int[1];
        try {
            CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, n);
        } catch (CLException e) {
            if (e.getStatus() == CL.CL_DEVICE_NOT_FOUND) {
                return new cl_device_id[0];
            }
            throw e;
        }
        cl_device_id[] ids = new cl_device_id[n[0]];
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
        return ids;
    }

    private static ClDevice describe(int p, int d, cl_platform_id platform, String platformName, cl_device_id id) {
        long type = Cl.deviceLong(id, CL.CL_DEVICE_TYPE);
        DeviceKind kind = (type & CL.CL_DEVICE_TYPE_GPU) != 0 ? DeviceKind.GPU
                : (type & CL.CL_DEVICE_TYPE_CPU) != 0 ? DeviceKind.CPU
                : DeviceKind.ACCELERATOR;
        String deviceVersion = Cl.deviceString(id, CL.CL_DEVICE_VERSION);          // "OpenCL 3.0 PoCL ..."
        String cVersion = Cl.deviceString(id, CL.CL_DEVICE_OPENCL_C_VERSION);      // "OpenCL C 1.2 PoCL"
        String version = firstWords(deviceVersion, 2) + " / " + firstWords(cVersion, 3);
        String extensions = Cl.deviceString(id, CL.CL_DEVICE_EXTENSIONS);
        boolean fp64 = (" " + extensions + " ").contains(" cl_khr_fp64 ");
        boolean unified = kind == DeviceKind.CPU || hostUnified(id);
        Device device = new Device("opencl:" + p + ":" + d, Cl.deviceString(id, CL.CL_DEVICE_NAME), kind, "opencl",
                platformName, version, Cl.deviceString(id, CL.CL_DRIVER_VERSION),
                Cl.deviceInt(id, CL.CL_DEVICE_MAX_COMPUTE_UNITS), Cl.deviceLong(id, CL.CL_DEVICE_GLOBAL_MEM_SIZE),
                Cl.deviceLong(id, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE));
        return new ClDevice(device, platform, id, unified, fp64,
                majorVersion(Cl.platformString(platform, CL.CL_PLATFORM_VERSION)), fineGrainSvm(id, deviceVersion));
    }

    /** Whether the device shares fine-grained SVM buffers; devices before OpenCL 2.0 have no SVM at all. */
    private static boolean fineGrainSvm(cl_device_id id, String deviceVersion) {
        if (majorVersion(deviceVersion) < 2) {          // "OpenCL 3.0 PoCL ...", as the platform's
            return false;
        }
        try {
            return (Cl.deviceLong(id, CL.CL_DEVICE_SVM_CAPABILITIES) & CL.CL_DEVICE_SVM_FINE_GRAIN_BUFFER) != 0;
        } catch (CLException e) {
            return false;          // OpenCL 3.0 made SVM optional; a driver may refuse the query
        }
    }

    @SuppressWarnings("deprecation")
    private static boolean hostUnified(cl_device_id id) {
        try {
            // Deprecated in OpenCL 2.0 but still answered by the drivers we know; a refusal means "discrete".
            return Cl.deviceInt(id, CL.CL_DEVICE_HOST_UNIFIED_MEMORY) != 0;
        } catch (CLException e) {
            return false;
        }
    }

    private static int rank(DeviceKind kind) {
        return switch (kind) {
            case GPU -> 0;
            case ACCELERATOR -> 1;
            default -> 2;
        };
    }

    private static String firstWords(String s, int n) {
        String[] w = s.trim().split("\\s+");
        return String.join(" ", java.util.Arrays.copyOf(w, Math.min(n, w.length)));
    }

    /** "OpenCL 3.0 CUDA 12.8" (a platform's or a device's version) -> 3; 1 when unreadable (the oldest API is the safe guess). */
    private static int majorVersion(String platformVersion) {
        String[] w = platformVersion.trim().split("\\s+");
        if (w.length >= 2) {
            int dot = w[1].indexOf('.');
            try {
                return Integer.parseInt(dot < 0 ? w[1] : w[1].substring(0, dot));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return 1;
    }
}
