package dev.offload;

/**
 * An OpenCL program failed to compile or link. Carries everything needed to reproduce it: the compiler's build log,
 * the build options and the device.
 */
public final class KernelBuildException extends OffloadException {
    private static final long serialVersionUID = 1L;

    /** The compiler's build log. */
    private final String buildLog;
    /** The build options passed to the compiler. */
    private final String options;
    /** The name of the device the program was built for. */
    private final String deviceName;

    /**
     * A build failure, with everything needed to reproduce it.
     *
     * @param program    a name for the program (its kernel or resource name)
     * @param deviceName the device it was built for
     * @param options    the build options passed to {@code clBuildProgram}
     * @param buildLog   the compiler's log
     * @param cause      the OpenCL error, or null
     */
    public KernelBuildException(String program, String deviceName, String options, String buildLog, Throwable cause) {
        super("OpenCL program '" + program + "' failed to build for " + deviceName
                + " with options [" + options + "]:\n" + buildLog, cause);
        this.buildLog = buildLog;
        this.options = options;
        this.deviceName = deviceName;
    }

    /**
     * The compiler's build log.
     *
     * @return the compiler's log
     */
    public String buildLog() {
        return buildLog;
    }

    /**
     * The build options passed to the compiler.
     *
     * @return the build options
     */
    public String options() {
        return options;
    }

    /**
     * The name of the device the program was built for.
     *
     * @return the name of the device
     */
    public String deviceName() {
        return deviceName;
    }
}
