package dev.offload.pool;

import dev.offload.OffloadException;

/**
 * Stands in for an exception thrown by a task in a worker process when the original cannot travel back: it is not
 * serializable, or its class is not on the deserialization allow list of the pool (see
 * {@link ProcessOptions#allowClasses(Class[])}). It keeps the remote class name, message and stack trace:
 * {@link #getStackTrace()} is the remote one, and {@link #remoteStackTrace()} is the remote
 * {@code printStackTrace()} text with every cause.
 */
public final class RemoteTaskException extends OffloadException {
    private static final long serialVersionUID = 1L;

    /** The binary name of the remote exception's class. */
    private final String remoteClassName;
    /** The remote exception's message, or {@code null}. */
    private final String remoteMessage;
    /** The remote {@code printStackTrace()} text. */
    private final String remoteStackTrace;

    /**
     * A substitute for a remote exception.
     *
     * @param remoteClassName  the binary name of the remote exception's class
     * @param remoteMessage    its message, may be {@code null}
     * @param remoteStackTrace its {@code printStackTrace()} text
     * @param stack            its stack trace elements, used as this exception's stack trace
     * @param why              why the original could not be used
     */
    public RemoteTaskException(String remoteClassName, String remoteMessage, String remoteStackTrace,
                               StackTraceElement[] stack, String why) {
        super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage) + " (thrown in a worker process; "
                + why + ")");
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
        setStackTrace(stack);
    }

    /**
     * The binary name of the class of the exception the task threw.
     *
     * @return the remote class name
     */
    public String remoteClassName() {
        return remoteClassName;
    }

    /**
     * The message of the exception the task threw.
     *
     * @return the remote message, or {@code null}
     */
    public String remoteMessage() {
        return remoteMessage;
    }

    /**
     * The remote {@code printStackTrace()} text, causes included.
     *
     * @return the remote stack trace text
     */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
