package dev.offload.spark;

import dev.offload.Device;
import dev.offload.DeviceKind;

import java.util.List;

/**
 * The device a task uses: the OpenCL GPU at the address Spark assigned it, else the configured selector. Spark's GPU
 * addresses are whatever the cluster's discovery script reports; offload reads an address as an index among this
 * JVM's OpenCL GPUs in {@link dev.offload.Offload#devices()} order (platform by platform, each platform's devices in
 * its own order) — for NVIDIA's single platform the CUDA device order, which is what the usual discovery script
 * ({@code nvidia-smi --query-gpu=index}) reports.
 *
 * @param selector       the selector to open
 * @param gpuAddress     the address Spark assigned, or null
 * @param fallbackReason why the task does not use the GPU it was assigned, or null
 */
record DeviceChoice(String selector, String gpuAddress, String fallbackReason) {

    /**
     * @param devices  this JVM's devices, in {@code Offload.devices()} order
     * @param address  the first GPU address Spark assigned to the task, or null
     * @param gpuKind  which kind of OpenCL device the addresses index
     * @param selector what to open when no address was assigned
     */
    static DeviceChoice of(List<Device> devices, String address, DeviceKind gpuKind, String selector) {
        if (address == null) {
            return new DeviceChoice(selector, null, null);
        }
        List<Device> gpus = devices.stream().filter(d -> d.isOpenCl() && d.kind() == gpuKind).toList();
        int index;
        try {
            index = Integer.parseInt(address.trim());
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0) {
            return new DeviceChoice("java", address, "Spark assigned GPU address '" + address
                    + "', which is not an index among OpenCL " + gpuKind + " devices; running in Java");
        }
        if (index >= gpus.size()) {
            return new DeviceChoice("java", address, "Spark assigned GPU address " + index + " but this executor has "
                    + gpus.size() + " OpenCL " + gpuKind + " device(s)" + (gpus.isEmpty() ? "" : " (0.." + (gpus.size() - 1) + ")")
                    + "; running in Java");
        }
        return new DeviceChoice(gpus.get(index).id(), address, null);
    }
}
