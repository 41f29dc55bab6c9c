package dev.offload;

/**
 * A Java kernel (a lambda given to {@code parallelFor}, {@code sumLong}, ...) uses a construct that cannot run on a
 * device. Thrown before any data moves; the message names the source position, the method and the construct, for
 * example {@code Fractal.java:42: in Fractal.mandel: calls java.util.List.get(int); a kernel may call static methods
 * of application classes and java.lang.Math}.
 */
public class KernelTranslationException extends OffloadException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that names the source position and the construct.
     *
     * @param message the detail message
     */
    public KernelTranslationException(String message) {
        super(message);
    }

    /** The translator's refusal, rethrown with its message at the API boundary. */
    KernelTranslationException(String message, Throwable cause) {
        super(message, cause);
    }
}
