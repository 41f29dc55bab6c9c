package dev.offload.backend;

import dev.offload.Device;
import dev.offload.OffloadOptions;

import java.util.List;

/** Finds the devices of one kind of backend and opens them. */
public interface BackendProvider {

    /** A short name for logs: {@code "opencl"}, {@code "java"}. */
    String name();

    /**
     * The devices this provider can open, best first. Never throws: when the runtime is missing or broken, returns an
     * empty list and makes the reason available from {@link #unavailableReason()}.
     */
    List<Device> devices();

    /** Why {@link #devices()} found nothing, or null when it found devices or was not asked yet. */
    String unavailableReason();

    /**
     * Opens one of this provider's devices with {@code options} (the only settings a backend reads: nothing below
     * this call consults system properties).
     */
    Backend open(Device device, OffloadOptions options);
}
