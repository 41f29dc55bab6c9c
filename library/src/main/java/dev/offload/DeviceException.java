package dev.offload;

/**
 * An OpenCL device failed or cannot do what was asked: an OpenCL call failed at run time (out of device memory, a
 * lost device), or a {@code double} kernel met a device without {@code cl_khr_fp64}. Carries the OpenCL status name
 * (empty when no call failed); the JOCL exception, if any, is the cause. A missing OpenCL runtime is not one of these:
 * {@link Offload#devices()} then lists only the Java backends.
 */
public final class DeviceException extends OffloadException {
    private static final long serialVersionUID = 1L;

    /** The OpenCL status name, or empty. */
    private final String status;

    /**
     * A device failure.
     *
     * @param message what was being done
     * @param status  the OpenCL status name (for example {@code CL_OUT_OF_RESOURCES}), or empty
     * @param cause   the lower-level failure, or null
     */
    public DeviceException(String message, String status, Throwable cause) {
        super(status == null || status.isEmpty() ? message : message + ": " + status, cause);
        this.status = status == null ? "" : status;
    }

    /**
     * The OpenCL status name, or empty when there was none.
     *
     * @return the OpenCL status name, e.g. {@code CL_OUT_OF_RESOURCES}
     */
    public String status() {
        return status;
    }
}
