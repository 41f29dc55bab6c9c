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
 *       allocations), allocate (zeroed, uninitialised, or one-chunk scratch), upload, borrow, fill, device-to-device
 *       copy, download, download into (whole, or a small range). Kernels: a {@link dev.offload.backend.KernelSpec}
 *       (name, {@link dev.offload.backend.ArgType} signature, OpenCL C source, build options, a
 *       {@link dev.offload.backend.JavaBody} for the Java backends) prepared once per device and launched over a
 *       {@link dev.offload.backend.LaunchRange} (1-D, 2-D, one group, or whole groups of a local size the plan asked
 *       the device for) with checked arguments, timed into {@link dev.offload.backend.Phases}; several launches may
 *       share one turn on the device ({@code inOneTurn}) so a plan waits once. Settings arrive with {@code open} as
 *       {@link dev.offload.OffloadOptions}.</li>
 *   <li>The operations built on that one launch path, in one place for every backend:
 *       {@link dev.offload.backend.Elementwise} (maps: the skeleton {@code kernels/elementwise.cl}, once per chunk),
 *       {@link dev.offload.backend.Reduction} (two stages over {@code kernels/reduce.cl}: partials per
 *       work-group, then a one-group finish; typed results) and {@link dev.offload.backend.TextPasses} (word
 *       lengths, their histogram and the word count: the count, scan, positions, halo, diff and histogram passes of
 *       {@code kernels/text.cl} with UTF-8 errors reported at their byte offset). {@code SkeletonSources} writes the
 *       first two's OpenCL C; the Java backends run the kernels' own Java loops instead, and for the text one Java
 *       body per operation over {@link dev.offload.text.JavaWordLengths}. Kernels written in Java
 *       ({@code LambdaKernels}) use the same path with translated source.</li>
 *   <li>{@link dev.offload.backend.Backends}: the providers ({@link java.util.ServiceLoader}) and the selector rules.</li>
 * </ul>
 * Not here: anything that imports JOCL or knows a device API; a backend offers memory and launches, never an
 * operation of its own.
 */
package dev.offload.backend;
