package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.backend.Backend;
import dev.offload.backend.BackendProvider;

import java.util.List;

/** Placeholder until the OpenCL backend lands: finds no device. */
public final class OpenClBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public List<Device> devices() {
        return List.of();
    }

    @Override
    public String unavailableReason() {
        return "the OpenCL backend is not built yet";
    }

    @Override
    public Backend open(Device device) {
        throw new IllegalArgumentException("no OpenCL backend yet");
    }
}
