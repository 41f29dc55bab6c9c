/**
 * The Java backends: {@code java-seq}, one thread, the oracle every other backend is tested against; and
 * {@code java}, the same kernels split into contiguous chunks on the common fork/join pool. Both run the Java half of
 * {@link dev.offload.MapKernel} and {@link dev.offload.ReduceKernel}, and the text operations' Java bodies
 * ({@link dev.offload.backend.TextPasses}), so built-in and user kernels take one path.
 * Integer results are identical bit for bit between the two; double sums are combined in a fixed chunk order, so
 * they are repeatable run to run. Device memory here is a heap array. Not a public API.
 */
package dev.offload.cpu;
