/**
 * The OpenCL backend: the only package that imports {@code org.jocl}. Not a public API; applications use
 * {@link dev.offload.Offload}. {@link dev.offload.opencl.OpenClBackendProvider} finds devices (never throws; says why
 * when there are none) and opens an {@code OpenClBackend} per device. Kernels are data: maps and reductions
 * specialise the skeletons {@code kernels/elementwise.cl} and {@code kernels/reduce.cl} (class path resources) with
 * {@code #define}s, so built-in and user kernels take one path. {@code CLException} never leaves this package: it
 * becomes {@link dev.offload.DeviceException} (status name) or {@link dev.offload.KernelBuildException} (build log,
 * options, device), with the JOCL exception as the cause.
 *
 * <h2>Internal API (for the text kernels in {@code OpenClText} and other kernel families)</h2>
 * All of it package-private, all of it on one {@code OpenClBackend b}:
 * <ul>
 *   <li>{@code ClBuffer b.allocate(ElementType type, long length)}: uninitialised device memory, in
 *       {@code cl_mem} chunks of at most the device's largest allocation ({@code offload.opencl.maxAllocBytes}
 *       overrides that for tests). {@code ClBuffer}: {@code type()}, {@code length()}, {@code chunkCount()},
 *       {@code chunk(k)} (the {@code cl_mem}), {@code chunkStart(k)}, {@code chunkLength(k)},
 *       {@code chunkElements()}; {@code close()} is idempotent. Chunk size per type is
 *       {@code b.chunkElements(type)}; an empty buffer has no chunks. {@code b.own(Buffer)} checks and casts a buffer
 *       handed in through the {@link dev.offload.backend.Backend} SPI. Closed buffers go to a pool for reuse at the
 *       same size (at most 32 buffers and {@code min(global memory / 4, 4 GiB)}, oldest released first, all at
 *       close); {@code b.obtain(bytes)} / {@code b.recycle(mem, bytes)} use it for scratch {@code cl_mem}s.</li>
 *   <li>{@code ClBuffer b.upload(Object array, Phases)} and {@code Object b.download(Buffer, Phases)}: whole heap
 *       arrays ({@code byte[]}, {@code int[]}, {@code long[]}, {@code double[]}) through pinned memory, filled in
 *       parallel: on host-unified devices (CPU, integrated GPU) by mapping the buffer itself; on discrete GPUs through
 *       two pinned staging slots ({@code PinnedStaging}) feeding {@code clEnqueueWriteBuffer}/{@code ReadBuffer}
 *       with the host fill overlapped with the DMA. Inside an open {@code Enqueue q}: {@code b.write(q, array, buf)}
 *       / {@code b.read(q, buf, array)} (then {@code q.finish()}).</li>
 *   <li>{@code ClKernel b.kernel(String resource, String prefix, String kernelName)}: the kernel
 *       {@code kernelName} of the program {@code prefix + "\n" + resource text}, built once per (source, options)
 *       with {@code OpenClBackend.BUILD_OPTIONS} ({@code -cl-std=CL1.2}) and cached until the backend closes;
 *       {@code b.programs().kernel(resource, prefix, options, name)} takes other options. Throws
 *       {@code KernelBuildException}. {@code ClKernel}: {@code maxWorkGroupSize()}
 *       ({@code CL_KERNEL_WORK_GROUP_SIZE}), {@code preferredMultiple()}, {@code localSize(target)}, and
 *       {@code arg(i, cl_mem)}, {@code arg(i, long)}, {@code argInt(i, int)}, {@code argLocal(i, bytes)}, which may
 *       only be called inside an {@code Enqueue} (kernel objects are shared between threads).</li>
 *   <li>{@code Launch b.launch(ClKernel k, long n)}: global and local size for {@code n} elements by device type
 *       ({@code b.contiguous()}: true on CPU devices, where each work-item should walk one contiguous slice; false
 *       on GPUs: grid-stride loop).</li>
 *   <li>{@code try (Enqueue q = b.enqueue(phases)) { ... q.finish(); }}: holds the queue lock;
 *       {@code q.launch(k, global, local)} enqueues a kernel timed as kernel phase; {@code q.event(Phase)} gives an
 *       event for any other {@code clEnqueue*} call on {@code q.queue()}, timed under that phase;
 *       {@code q.finish()} waits and adds every event's {@code END - START} to the phases. Closing without finishing
 *       still waits for the queue, so buffers may be released right after.</li>
 *   <li>{@code CLException} in such code: translate with {@code Cl.failure("what", e)}.</li>
 * </ul>
 *
 * <h2>System properties (read when a backend opens; for tests and measurements)</h2>
 * {@code offload.opencl.maxAllocBytes}: a smaller largest buffer, to exercise chunking;
 * {@code offload.opencl.maxLocalSize}: a cap on every kernel's work-group size (1, or odd sizes, as some devices
 * allow), to exercise the group folds and scans;
 * {@code offload.opencl.transfer=mapped|staged} and {@code offload.opencl.layout=contiguous|grid-stride}: force the
 * CPU-device or the discrete-GPU path (the tests run the GPU path on PoCL this way).
 */
package dev.offload.opencl;
