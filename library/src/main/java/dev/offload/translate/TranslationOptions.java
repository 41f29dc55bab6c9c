package dev.offload.translate;

/**
 * How to translate. {@code checks}: emit array bounds checks and integer division-by-zero checks that record a
 * fault (the default). Without checks, an out-of-bounds access is undefined behaviour on the device, and an integer
 * division or remainder by zero yields 0 instead of a fault (never a trap: a CPU device would kill the JVM).
 *
 * @param checks whether to emit fault-recording checks
 */
public record TranslationOptions(boolean checks) {
    /** Checked translation: Java's exceptions become recorded faults. */
    public static final TranslationOptions DEFAULT = new TranslationOptions(true);
    /** Unchecked translation, for kernels known to stay in bounds. */
    public static final TranslationOptions UNCHECKED = new TranslationOptions(false);
}
