package dev.offload;

/**
 * Base of the few unchecked exceptions offload throws when the environment, not the caller, is at fault: no device
 * that matches, a kernel that does not build, a device that fails. Misuse (null, bad sizes) is reported with the
 * standard {@link NullPointerException}, {@link IllegalArgumentException} and {@link IllegalStateException}.
 */
public class OffloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message the detail message
     */
    public OffloadException(String message) {
        super(message);
    }

    /**
     * An exception with a message and the lower-level failure behind it.
     *
     * @param message the detail message
     * @param cause   the underlying failure
     */
    public OffloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
