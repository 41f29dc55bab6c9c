package dev.offload;

import java.util.Objects;

/**
 * A place where kernels run: an OpenCL device or one of the Java backends. Immutable; obtained from
 * {@link Offload#devices()} or {@link Offload#device()}.
 *
 * <pre>{@code
 * for (Device d : Offload.devices()) {
 *     System.out.println(d.id() + "  " + d.kind() + "  " + d.name());
 * }
 * }</pre>
 *
 * @param id            a stable selector for {@link Offload#open(String)}: {@code "opencl:P:D"} (platform and device
 *                      index), {@code "java"} or {@code "java-seq"}
 * @param name          the device's name as its driver reports it, or a description of the Java backend
 * @param kind          what kind of processor it is
 * @param backend       the backend that drives it: {@code "opencl"} or {@code "java"}
 * @param platform      the OpenCL platform name, or the Java runtime's name and version
 * @param version       the device's OpenCL version and OpenCL C version, or the Java version
 * @param driver        the driver version, or empty for Java
 * @param computeUnits  compute units (OpenCL) or threads (Java)
 * @param globalMemory  global memory in bytes (OpenCL) or the JVM's maximum heap (Java)
 * @param maxAllocation the largest single buffer in bytes ({@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}); for Java the
 *                      largest array this JVM can hold
 */
public record Device(String id, String name, DeviceKind kind, String backend, String platform, String version,
                     String driver, int computeUnits, long globalMemory, long maxAllocation) {

    /** Checks that no text field is null. */
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(driver, "driver");
    }

    /**
     * Whether this is an OpenCL device (as opposed to a Java backend).
     *
     * @return whether this is an OpenCL device
     */
    public boolean isOpenCl() {
        return "opencl".equals(backend);
    }

    /**
     * One line for logs and tables: {@code "GPU NVIDIA H100 (opencl:0:0)"}.
     *
     * @return a one-line description: kind, name and id
     */
    public String describe() {
        return kind + " " + name + " (" + id + ")";
    }
}
