package dev.offload.opencl;

import dev.offload.Device;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * A discovered OpenCL device: the public {@link Device} description plus the handles and capabilities the backend
 * needs. Platform and device ids are not reference counted (root devices), so holding them costs nothing.
 *
 * @param device            the public description
 * @param platform          the platform handle
 * @param id                the device handle
 * @param hostUnifiedMemory whether device memory is host memory (CPU devices, integrated GPUs): then buffers are
 *                          filled by mapping them, with no staging copy
 * @param fp64              whether the device does double precision ({@code cl_khr_fp64})
 * @param platformMajor     the platform's OpenCL major version (2+ has {@code clCreateCommandQueueWithProperties})
 * @param fineGrainSvm      whether the device shares fine-grained SVM buffers with the host
 *                          ({@code CL_DEVICE_SVM_FINE_GRAIN_BUFFER}, OpenCL 2.0+): memory both sides read and write
 *                          without a map, consistent once the commands using it have completed
 */
record ClDevice(Device device, cl_platform_id platform, cl_device_id id, boolean hostUnifiedMemory, boolean fp64,
                int platformMajor, boolean fineGrainSvm) {
}
