/**
 * Task pools behind {@link dev.offload.TaskPool}: the caller's thread, platform threads and virtual threads over
 * JDK executors, and worker JVMs ({@code ProcessPool} with {@code WorkerMain}) that talk to the pool over their
 * stdin/stdout pipes in length-prefixed frames, with Java serialization of tasks, items and results read through an
 * {@link java.io.ObjectInputFilter} allow list. It offers no work stealing, no remote (network) workers and no
 * shared memory between processes. Not a public API.
 */
package dev.offload.pool;
