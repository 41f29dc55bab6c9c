/**
 * The OpenCL backend: the only package that imports {@code org.jocl}. Not a public API; applications use
 * {@link dev.offload.Offload}. {@code CLException} never leaves this package: {@code Cl.failure} turns it into
 * {@link dev.offload.DeviceException} (status name) or {@link dev.offload.KernelBuildException} (build log, options,
 * device), with the JOCL exception as the cause.
 *
 * <h2>What is here, one job per class</h2>
 * <ul>
 *   <li>{@code OpenClBackendProvider}: finds the devices of every platform once (never throws; says why when there
 *       are none) and opens an {@code OpenClBackend} per device with the caller's {@link dev.offload.OffloadOptions}.
 *       {@code ClDevice}: a device's handles and capabilities.</li>
 *   <li>{@code OpenClBackend}: the {@link dev.offload.backend.Backend} SPI over the classes below (a thin adapter),
 *       and the buffers it made ({@code ClBuffer}: {@code cl_mem} chunks of at most the largest allocation). Maps,
 *       reductions and the text passes are not here: they are plans of launches in {@code dev.offload.backend}, the
 *       same for every backend.</li>
 *   <li>{@code ClSettings}: the options resolved against the device (largest buffer, mapped or staged transfers,
 *       contiguous or grid-stride layout, work-group cap).</li>
 *   <li>{@code ClQueue}: the context, the one in-order profiling queue, its lock and the lifecycle (close waits for
 *       the call in flight). {@code Enqueue}: one thread's turn on the queue — launches, events timed into
 *       {@link dev.offload.backend.Phases}, the wait (polled briefly, then {@code clFinish}) and its queue time.</li>
 *   <li>{@code DevicePool}: freed {@code cl_mem}s reused at their exact size (at most 32 context objects and
 *       {@code min(global memory / 4, 4 GiB)}), all released at close; on host-memory devices with fine-grained SVM,
 *       small buffers shared with the host, which a small call reads and writes in place instead of enqueueing
 *       transfers.</li>
 *   <li>{@code Transfers}: heap arrays in and out, mapped (host-unified memory) or through {@code PinnedStaging}'s
 *       two pinned slots (discrete GPUs), filled in parallel by {@code HostCopy}.</li>
 *   <li>{@code LaunchGeometry}: global and local sizes by device type.</li>
 *   <li>{@code Programs} and {@code ProgramBinaryCache}: programs built once per (source, options) and kept per
 *       context; their binaries on disk, keyed by device, driver, source and options. {@code ClKernel}: a built
 *       kernel, whose arguments are only set inside an {@code Enqueue}, and only when they change.</li>
 *   <li>{@code CopyBandwidth}: the device-to-device copy probe of {@code offload bandwidth} (public for the CLI).</li>
 * </ul>
 */
package dev.offload.opencl;
