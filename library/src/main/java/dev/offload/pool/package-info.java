/**
 * Task pools: {@link dev.offload.pool.TaskPool} runs {@link dev.offload.pool.Task}s on the caller's thread, platform
 * threads, virtual threads or worker JVMs, like Python's {@code multiprocessing.Pool} and {@code concurrent.futures}.
 * The public types are the interface with its factories, {@link dev.offload.pool.ProcessOptions} and the two
 * exceptions of worker processes ({@link dev.offload.pool.RemoteTaskException},
 * {@link dev.offload.pool.WorkerDiedException}); every implementation is package-private.
 *
 * <p>Worker processes talk to the pool over their stdin/stdout pipes only, in {@code Message}s (sealed records) that
 * one {@code WireCodec} writes and reads for both ends, several dispatches ahead while tasks are short (a worker
 * hands back those it has not started when the pool recalls them). Plain values (boxed primitives, strings, array
 * lists, primitive arrays) travel in {@code ValueCodec}'s encoding, everything else in Java serialization read through
 * an {@link java.io.ObjectInputFilter} allow list. Worker JVMs start from a class-data archive
 * ({@code WorkerArchive}).
 *
 * <p>Inside the process pool, one class per job: {@code ProcessPool} coordinates (submission, lifecycle, figures);
 * {@code TaskBlob} and {@code Job} are the serialized work and complete its future from a reply; {@code JobQueue} is
 * the shared queue and the shutdown state; {@code WorkerSlot} holds one worker and the jobs written to it, with kill
 * and recall; {@code SlotDriver} is that slot's thread (write, read, recover); {@code WriteAhead} is the pipelining
 * policy; {@code WorkerLoss} settles a lost worker's jobs; {@code WorkerLauncher}, {@code WorkerProcess},
 * {@code WorkerCommand} and {@code WorkerClassPath} start a worker; {@code WorkerMain} is the worker's side.
 *
 * <p>The package offers no work stealing, no remote (network) workers and no shared memory between processes. It
 * depends on {@code dev.offload} (for {@code OffloadException}) and {@code dev.offload.timing}; neither depends on it.
 */
package dev.offload.pool;
