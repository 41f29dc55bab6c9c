package dev.offload.backend;

/**
 * A {@link KernelSpec} made ready on one backend (an OpenCL program built, or the Java body looked up). Only ever
 * passed back to the backend that prepared it; cheap to keep, released with the backend.
 */
public interface PreparedKernel {
    /** The spec this was prepared from. */
    KernelSpec spec();
}
