/**
 * offload's public API: {@link dev.offload.Offload} runs map and reduce kernels and the word-length kernels on an
 * OpenCL device or in plain Java, {@link dev.offload.DeviceArray} keeps data on the device between kernels,
 * {@link dev.offload.MapKernel} and {@link dev.offload.ReduceKernel} let you add kernels of your own, and
 * {@link dev.offload.Timing} times a body like IPython's {@code %time} (wall, user and system CPU). Task pools, which
 * run arbitrary Java functions on threads, virtual threads or worker processes, are in {@code dev.offload.pool}; this
 * package does not depend on them.
 * Everything else in {@code dev.offload.*} is implementation.
 */
package dev.offload;
