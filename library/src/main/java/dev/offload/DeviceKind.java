package dev.offload;

/**
 * What kind of processor a {@link Device} is. OpenCL devices report {@link #GPU}, {@link #CPU} or
 * {@link #ACCELERATOR}; the Java backends that run on this JVM's own threads report {@link #JAVA}
 * (parallel, all cores) and {@link #JAVA_SEQUENTIAL} (one thread: the reference every other backend is tested against).
 */
public enum DeviceKind {
    /** An OpenCL GPU. */
    GPU,
    /** An OpenCL device that runs on CPU cores (PoCL, Intel's CPU runtime). */
    CPU,
    /** An OpenCL accelerator that is neither a GPU nor a CPU. */
    ACCELERATOR,
    /** Plain Java on all cores of this JVM (fork/join). */
    JAVA,
    /** Plain Java on the calling thread; the oracle. */
    JAVA_SEQUENTIAL;

    /**
     * Whether this kind is one of the Java backends (no OpenCL involved).
     *
     * @return whether this kind is one of the Java backends
     */
    public boolean isJava() {
        return this == JAVA || this == JAVA_SEQUENTIAL;
    }
}
