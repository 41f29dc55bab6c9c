package dev.offload.pool;

import dev.offload.OffloadException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link Task}s for work no device kernel fits (sleeps, I/O, arbitrary Java) on the caller's thread, on platform
 * threads, on virtual threads or in worker processes: Python's {@code multiprocessing.Pool} and
 * {@code concurrent.futures} in one interface, so a program switches kind by changing one line.
 *
 * <pre>{@code
 * try (TaskPool pool = TaskPool.processes(4)) {        // or threads(8), virtualThreads(), sequential()
 *     List<Long> r = pool.map(x -> { Thread.sleep(1000); return (long) x * x; }, List.of(0, 1, 2, 3, 4, 5, 6, 7));
 *     Future<Long> one = pool.submit(x -> (long) x * x, 9);
 *     for (Future<Long> f : TaskPool.asCompleted(pool.submitAll(x -> (long) x * x, List.of(3, 1, 2)))) {
 *         System.out.println(f.resultNow());             // in completion order
 *     }
 * }
 * }</pre>
 *
 * <h2>Kinds</h2>
 * <ul>
 *   <li>{@link #sequential()}: each task runs on the calling thread when submitted; the reference for the others.</li>
 *   <li>{@link #threads(int)}: a fixed set of platform threads (daemon threads, so a forgotten pool does not keep the
 *       JVM alive; close it all the same).</li>
 *   <li>{@link #virtualThreads()}: one virtual thread per task, no limit; tasks that block (sleep, I/O) cost almost
 *       nothing, so 10,000 one-second sleeps take about a second.</li>
 *   <li>{@link #processes(int)}: worker JVMs started with this JVM's {@code java} binary and class path, talking to
 *       the pool over their standard input and output pipes only (no socket, so nothing else on the machine can
 *       submit work). They start once, in parallel, when the pool is made, and are reused; {@link #startupTime()}
 *       says what that cost. Tasks, items and results travel by Java serialization and are read back through an
 *       {@link java.io.ObjectInputFilter} allow list (see {@link ProcessOptions}). A worker that dies fails only the
 *       task it was running, with a {@link WorkerDiedException}, and is replaced. What user code prints to
 *       {@code System.out} in a worker goes to the worker's standard error, which the pool copies to this JVM's
 *       standard error.</li>
 * </ul>
 *
 * <h2>Rules shared by every method</h2>
 * <ul>
 *   <li>A task's failure reaches the caller wrapped once: {@link ExecutionException} whose cause is the exception the
 *       task threw (for processes, the remote exception with its remote stack trace, or a
 *       {@link RemoteTaskException} carrying its class name, message and stack when it cannot travel).</li>
 *   <li>{@code map} returns results in input order and fails fast: when a task fails (the first in completion
 *       order), the call's tasks that have not started are cancelled, those running finish on their own, and the
 *       failure is thrown. An interrupt of the waiting caller, or the {@code map} timeout, cancels every task of the
 *       call that has not finished, running ones included (as below).</li>
 *   <li>Cancelling a {@link Future} with {@code mayInterruptIfRunning} interrupts a running thread task; for a
 *       running process task it kills the worker, which is replaced.</li>
 *   <li>After {@link #shutdown()} or {@link #close()} new submissions throw {@link RejectedExecutionException}.</li>
 *   <li>{@code null} tasks or item collections throw {@link NullPointerException}; {@code null} items are passed to
 *       the task.</li>
 *   <li>Pools are thread-safe.</li>
 * </ul>
 */
public interface TaskPool extends AutoCloseable {

    /**
     * A pool that runs each task on the calling thread, at submission.
     *
     * @return the pool
     */
    static TaskPool sequential() {
        return new SequentialPool();
    }

    /**
     * A pool of {@code n} platform threads.
     *
     * @param n the number of threads, at least 1
     * @return the pool
     */
    static TaskPool threads(int n) {
        return ExecutorPool.threads(n);
    }

    /**
     * A pool of {@link #cpuCount()} platform threads.
     *
     * @return the pool
     */
    static TaskPool threads() {
        return ExecutorPool.threads(cpuCount());
    }

    /**
     * A pool that starts one virtual thread per task.
     *
     * @return the pool
     */
    static TaskPool virtualThreads() {
        return ExecutorPool.virtualThreads();
    }

    /**
     * A pool of {@link #cpuCount()} worker processes with default {@link ProcessOptions}, like Python's
     * {@code Pool()}; returns once all have started.
     *
     * @return the pool, its workers started
     * @throws OffloadException when a worker cannot start
     */
    static TaskPool processes() {
        return processes(cpuCount());
    }

    /**
     * A pool of {@code n} worker processes with default {@link ProcessOptions}; returns once all have started.
     *
     * @param n the number of worker JVMs, at least 1
     * @return the pool, its workers started
     * @throws OffloadException when a worker cannot start (the message holds its exit status and standard error)
     */
    static TaskPool processes(int n) {
        return ProcessPool.start(n, ProcessOptions.defaults());
    }

    /**
     * A pool of {@code n} worker processes configured by {@code options}; returns once all have started.
     *
     * @param n       the number of worker JVMs, at least 1
     * @param options per-task timeout, tasks per worker, deserialization allow list, JVM options, class path
     * @return the pool, its workers started
     * @throws OffloadException when a worker cannot start
     */
    static TaskPool processes(int n, ProcessOptions options) {
        return ProcessPool.start(n, Objects.requireNonNull(options, "options"));
    }

    /**
     * The number of processors this JVM may use ({@link Runtime#availableProcessors()}), like {@code os.cpu_count()}.
     *
     * @return the processor count, at least 1
     */
    static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Iterates over {@code futures} in the order they complete, like Python's {@code as_completed}. The futures must
     * come from a {@link TaskPool} or be {@link java.util.concurrent.CompletableFuture}s. {@code next()} blocks until
     * one more is done; if the waiting thread is interrupted, its interrupt flag is set again and {@code next()} throws
     * {@link CancellationException} with the {@link InterruptedException} as cause.
     *
     * @param futures the futures to watch
     * @param <R>     their result type
     * @return each future once, as it completes (normally, exceptionally or by cancellation)
     * @throws IllegalArgumentException for a future of another kind, naming its class
     */
    static <R> Iterable<Future<R>> asCompleted(Collection<? extends Future<R>> futures) {
        return AsCompleted.of(futures);
    }

    /**
     * The kind of pool.
     *
     * @return {@code "sequential"}, {@code "threads"}, {@code "virtual-threads"} or {@code "processes"}
     */
    String kind();

    /**
     * How many tasks may run at once: 1, the number of threads or of worker processes; {@link Integer#MAX_VALUE} for
     * virtual threads.
     *
     * @return the most tasks running at once
     */
    int parallelism();

    /**
     * Submits one task.
     *
     * @param task the task
     * @param item its argument
     * @param <T>  the item type
     * @param <R>  the result type
     * @return the future result; {@link Future#get()} wraps the task's exception in {@link ExecutionException}
     * @throws RejectedExecutionException after shutdown
     * @throws IllegalArgumentException   for processes, when the task or item is not serializable (naming the class)
     */
    <T, R> Future<R> submit(Task<? super T, ? extends R> task, T item);

    /**
     * Submits one task per item, in input order (for processes, the task is serialized once for all of them).
     * Unlike {@code ExecutorService.invokeAll} it does not wait; see {@link #asCompleted(Collection)}.
     *
     * @param task  the task, applied to each item
     * @param items the items, passed to the task in this order ({@code null} elements included)
     * @param <T>   the item type
     * @param <R>   the result type
     * @return one future per item, in input order
     * @see #submit(Task, Object)
     */
    <T, R> List<Future<R>> submitAll(Task<? super T, ? extends R> task, Collection<? extends T> items);

    /**
     * Applies {@code task} to every item and returns the results in input order, like Python's {@code Pool.map}.
     * Processes group items into chunks of {@code ceil(n / (4 * workers))} per dispatch, as Python does; the other
     * kinds dispatch items one by one.
     *
     * @param task  the task, applied to each item
     * @param items the items, passed to the task in this order ({@code null} elements included)
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, in input order
     * @throws ExecutionException   when a task fails, with its exception as cause
     * @throws InterruptedException when the caller is interrupted while waiting (unfinished tasks are cancelled)
     * @throws CancellationException when a task of the call was cancelled, e.g. by {@link #shutdownNow()}
     * @throws RejectedExecutionException after shutdown
     * @throws IllegalArgumentException   for processes, when the task or an item is not serializable
     */
    <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items)
            throws InterruptedException, ExecutionException;

    /**
     * {@link #map(Task, Collection)} with {@code chunkSize} items per dispatch, like {@code Pool.map(chunksize=...)}:
     * larger chunks cost fewer round trips for tiny tasks; a failing item fails its chunk.
     *
     * @param task  the task, applied to each item
     * @param items the items, passed to the task in this order ({@code null} elements included)
     * @param <T>   the item type
     * @param <R>   the result type
     * @param chunkSize items per dispatch, at least 1
     * @return the results, in input order
     * @throws ExecutionException   when a task fails, with its exception as cause
     * @throws InterruptedException when the caller is interrupted while waiting (unfinished tasks are cancelled)
     */
    <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items, int chunkSize)
            throws InterruptedException, ExecutionException;

    /**
     * {@link #map(Task, Collection)} that gives up after {@code timeout}, cancelling what has not finished.
     *
     * @param task  the task, applied to each item
     * @param items the items, passed to the task in this order ({@code null} elements included)
     * @param <T>   the item type
     * @param <R>   the result type
     * @param timeout the most time to wait for all results
     * @return the results, in input order
     * @throws ExecutionException   when a task fails, with its exception as cause
     * @throws InterruptedException when the caller is interrupted while waiting (unfinished tasks are cancelled)
     * @throws TimeoutException when not all results are in after {@code timeout}; the message says how many were
     */
    <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * {@link #map(Task, Collection)} with a chunk size and an overall timeout.
     *
     * @param task  the task, applied to each item
     * @param items the items, passed to the task in this order ({@code null} elements included)
     * @param <T>   the item type
     * @param <R>   the result type
     * @param chunkSize items per dispatch, at least 1
     * @param timeout   the most time to wait for all results
     * @return the results, in input order
     * @throws ExecutionException   when a task fails, with its exception as cause
     * @throws InterruptedException when the caller is interrupted while waiting (unfinished tasks are cancelled)
     * @throws TimeoutException     when not all results are in after {@code timeout}
     */
    <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items, int chunkSize,
                       Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * Processes: the wall time it took to start the first set of workers (in parallel) until each answered; other
     * kinds: {@link Duration#ZERO}. Replacements of dead workers are not included; see {@link #workersStarted()}.
     *
     * @return the start-up wall time
     */
    Duration startupTime();

    /**
     * Processes: how many worker processes this pool has started so far, replacements included; otherwise 0.
     *
     * @return the number of workers started
     */
    int workersStarted();

    /**
     * Processes: CPU time (user + system) used so far by this pool's worker processes, live and ended (for a worker
     * that was killed, up to its last report); other kinds: {@link Duration#ZERO}, since their CPU time is this
     * process's.
     *
     * @return the workers' CPU time so far
     */
    Duration workerCpuTime();

    /** Stops accepting tasks; those already submitted still run. Does not wait. */
    void shutdown();

    /**
     * Stops accepting tasks and cancels those that have not started; running thread tasks are interrupted and
     * running process tasks' workers are killed. A {@code map} waiting or still submitting meanwhile ends with a
     * {@link CancellationException}, or for thread kinds with the {@link ExecutionException} of a task that the
     * interrupt stopped. Java cannot stop a thread: a thread task that ignores interrupts keeps running, and
     * {@link #awaitTermination(Duration)} and {@link #close()} wait for it (use processes, whose workers can be
     * killed, for code that may not stop).
     *
     * @return how many tasks were cancelled before they started
     */
    int shutdownNow();

    /**
     * Whether {@link #shutdown()}, {@link #shutdownNow()} or {@link #close()} has been called.
     *
     * @return {@code true} once shut down
     */
    boolean isShutdown();

    /**
     * Waits until every task has finished after a shutdown, and the workers are gone.
     *
     * @param timeout the most time to wait
     * @throws InterruptedException when the waiting thread is interrupted
     * @return {@code true} when terminated, {@code false} when {@code timeout} passed first
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Shuts down and waits for all submitted work to finish, like {@code ExecutorService.close()}: if the waiting
     * thread is interrupted it calls {@link #shutdownNow()}, keeps waiting, and sets the interrupt flag again. As
     * there, a running thread task that ignores interrupts keeps {@code close()} waiting until it ends; to give up on
     * such a task call {@link #shutdownNow()} and {@link #awaitTermination(Duration)} with a timeout instead (the
     * platform threads are daemon threads, so they do not keep the JVM alive). For processes {@code close()} always
     * returns once the running tasks end or, after an interrupt, once their workers are killed; the workers also
     * exit by themselves when this JVM dies, since their standard input closes.
     */
    @Override
    void close();
}
