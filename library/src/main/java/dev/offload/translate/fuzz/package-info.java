/**
 * A differential fuzzer of the Java-kernel translator ({@link dev.offload.translate.fuzz.Fuzzer}): random Java
 * expressions compiled in process, run on a device and in Java, compared bit for bit, mismatches shrunk. Used by the
 * library's tests and by the {@code offload fuzz} command; internal, not part of the API. It runs kernels only
 * through {@link dev.offload.Offload}, so it imports neither JOCL nor the translator's internals.
 */
package dev.offload.translate.fuzz;
