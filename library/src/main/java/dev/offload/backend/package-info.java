/**
 * The boundary between the public API in {@code dev.offload} and the backends that run kernels: OpenCL
 * ({@code dev.offload.opencl}) and plain Java ({@code dev.offload.cpu}). Not a public API: applications use
 * {@link dev.offload.Offload}. A new backend (CUDA, Vulkan, TornadoVM) implements
 * {@link dev.offload.backend.BackendProvider} and {@link dev.offload.backend.Backend} and is listed in
 * {@code META-INF/services/dev.offload.backend.BackendProvider}; nothing else changes.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>The SPI, in two layers. Memory: {@link dev.offload.backend.Buffer} (chunked where a device limits single
 *       allocations), allocate, upload, borrow, download, download into. Kernels: a
 *       {@link dev.offload.backend.KernelSpec} (name, {@link dev.offload.backend.ArgType} signature, OpenCL C source,
 *       build options, a {@link dev.offload.backend.JavaBody} for the Java backends) prepared once per device and
 *       launched over a {@link dev.offload.backend.LaunchRange} with checked arguments, timed into
 *       {@link dev.offload.backend.Phases}. Settings arrive with {@code open} as {@link dev.offload.OffloadOptions}.</li>
 *   <li>The operations built on that one launch path, in one place for every backend:
 *       {@link dev.offload.backend.Elementwise} (maps: the skeleton {@code kernels/elementwise.cl}, once per chunk)
 *       and {@link dev.offload.backend.Reduction} (two stages over {@code kernels/reduce.cl}: partials per
 *       work-group, then a one-group finish; typed results). {@code SkeletonSources} writes their OpenCL C; the Java
 *       backends run the kernels' own Java loops instead. Kernels written in Java ({@code LambdaKernels}) use the
 *       same path with translated source.</li>
 *   <li>{@link dev.offload.backend.Backends}: the providers ({@link java.util.ServiceLoader}) and the selector rules.</li>
 * </ul>
 * The text passes (word lengths) are still one SPI method each ({@code wordLengths}, {@code wordLengthHistogram},
 * {@code wordCount}), implemented per backend.
 */
package dev.offload.backend;
