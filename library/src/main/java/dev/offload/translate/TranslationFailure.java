package dev.offload.translate;

/**
 * A lambda uses a construct that cannot run on a device; the message names the source position, the method and the
 * construct. The translator's own exception, so that this package does not depend on the API: the API's kernel calls
 * rethrow it as {@code dev.offload.KernelTranslationException} with the same message.
 */
public final class TranslationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure whose message names the source position and the construct.
     *
     * @param message the detail message
     */
    public TranslationFailure(String message) {
        super(message);
    }
}
