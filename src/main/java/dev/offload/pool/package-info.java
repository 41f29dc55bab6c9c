/**
 * Task pools behind {@link dev.offload.TaskPool}: the caller's thread, platform threads and virtual threads over
 * JDK executors, and worker JVMs ({@code ProcessPool} with {@code WorkerMain}) that talk to the pool over their
 * stdin/stdout pipes in length-prefixed frames, with Java serialization of tasks, items and results read through an
 * {@link java.io.ObjectInputFilter} allow list. Also the seed's tasks ({@link dev.offload.pool.SeedTasks}) and its
 * timing demo ({@link dev.offload.pool.SeedDemo}). It offers no work stealing, no remote (network) workers and no
 * shared memory between processes. Not a public API apart from {@code SeedTasks}, which the command line reuses.
 */
package dev.offload.pool;
