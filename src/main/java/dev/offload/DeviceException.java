package dev.offload;

/**
 * An OpenCL call failed at run time (out of device memory, a lost device, a missing runtime). Carries the OpenCL
 * status name; the JOCL exception, if any, is the cause.
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

    /** The OpenCL status name, or empty when there was none. */
    public String status() {
        return status;
    }
}
