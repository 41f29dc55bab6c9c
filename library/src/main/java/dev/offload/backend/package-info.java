/**
 * The boundary between the public API in {@code dev.offload} and the backends that run kernels: OpenCL
 * ({@code dev.offload.opencl}) and plain Java ({@code dev.offload.cpu}). Not a public API: applications use
 * {@link dev.offload.Offload}. A new backend (CUDA, Vulkan, TornadoVM) implements {@link dev.offload.backend.BackendProvider}
 * and {@link dev.offload.backend.Backend} and is listed in {@link dev.offload.backend.Backends}; nothing else changes.
 *
 * <p>Kernels cross the boundary as data ({@link dev.offload.MapKernel}, {@link dev.offload.ReduceKernel}): each
 * backend has one generic way to run a map and one to run a reduction, so built-in and user kernels take the same
 * path and no backend switches on an operation's name.
 */
package dev.offload.backend;
