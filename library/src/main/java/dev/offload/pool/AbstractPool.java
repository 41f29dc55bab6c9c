package dev.offload.pool;


import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every pool kind shares: {@code map} with chunks, timeout and fail-fast waiting, written once over
 * {@link #prepare(Task)}, which each kind implements (processes serialize the task there, once per call).
 */
abstract class AbstractPool implements TaskPool {
    /** The deadline of a {@code map} without timeout ({@link #mapImpl}'s {@code deadline}). */
    static final long NO_DEADLINE = Long.MIN_VALUE;

    /** Submits items for one prepared task. */
    interface Submitter<T, R> {
        PoolFuture<R> submit(T item);

        /**
         * Submits every item in order, or (throwing) none: a kind that overrides this queues them at once. The
         * default submits one by one, and {@link #submitEach} cancels those queued when one fails.
         */
        default List<PoolFuture<R>> submitAll(List<? extends T> items) {
            throw new UnsupportedOperationException("submitted one by one");
        }

        /** Whether {@link #submitAll} is implemented. */
        default boolean batches() {
            return false;
        }
    }

    /**
     * Readies {@code task} for submission; throws {@link java.util.concurrent.RejectedExecutionException} after
     * shutdown.
     */
    abstract <T, R> Submitter<T, R> prepare(Task<? super T, ? extends R> task);

    /** Items per dispatch when the caller gives none. */
    int defaultChunkSize(int items) {
        return 1;
    }

    @Override
    public <T, R> Future<R> submit(Task<? super T, ? extends R> task, T item) {
        Objects.requireNonNull(task, "task");
        return this.<T, R>prepare(task).submit(item);
    }

    @Override
    public <T, R> List<Future<R>> submitAll(Task<? super T, ? extends R> task, Collection<? extends T> items) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(items, "items");
        Submitter<T, R> s = prepare(task);
        if (s.batches()) {
            return new ArrayList<>(s.submitAll(new ArrayList<>(items)));
        }
        List<Future<R>> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(s.submit(item));
        }
        return out;
    }

    @Override
    public <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items)
            throws InterruptedException, ExecutionException {
        Objects.requireNonNull(items, "items");
        return untimed(task, items, defaultChunkSize(items.size()));
    }

    @Override
    public <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items, int chunkSize)
            throws InterruptedException, ExecutionException {
        return untimed(task, items, chunkSize);
    }

    @Override
    public <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(items, "items");
        return mapImpl(task, items, defaultChunkSize(items.size()), deadline(timeout));
    }

    @Override
    public <T, R> List<R> map(Task<? super T, ? extends R> task, Collection<? extends T> items, int chunkSize,
                              Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return mapImpl(task, items, chunkSize, deadline(timeout));
    }

    private <T, R> List<R> untimed(Task<? super T, ? extends R> task, Collection<? extends T> items, int chunkSize)
            throws InterruptedException, ExecutionException {
        try {
            return mapImpl(task, items, chunkSize, NO_DEADLINE);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline was set", e);
        }
    }

    private static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        long now = System.nanoTime();
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : timeout.toNanos();
        long d = now + nanos;
        return d == NO_DEADLINE ? d + 1 : d;
    }

    /** The shared {@code map}: submit all dispatches, wait fail-fast, flatten in input order. */
    <T, R> List<R> mapImpl(Task<? super T, ? extends R> task, Collection<? extends T> items, int chunkSize,
                           long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(items, "items");
        checkChunkSize(chunkSize);
        List<T> list = new ArrayList<>(items);
        if (chunkSize == 1) {
            List<PoolFuture<R>> fs = submitEach(prepare(task), list);
            await(fs, deadline, list.size());
            List<R> out = new ArrayList<>(list.size());
            for (PoolFuture<R> f : fs) {
                out.add(f.resultNow());
            }
            return out;
        }
        List<List<T>> chunks = new ArrayList<>(list.size() / chunkSize + 1);
        for (int i = 0; i < list.size(); i += chunkSize) {
            chunks.add(new ArrayList<>(list.subList(i, Math.min(list.size(), i + chunkSize))));
        }
        List<PoolFuture<List<R>>> fs = submitEach(prepare(new ChunkTask<T, R>(task)), chunks);
        await(fs, deadline, list.size());
        List<R> out = new ArrayList<>(list.size());
        for (PoolFuture<List<R>> f : fs) {
            out.addAll(f.resultNow());
        }
        return out;
    }

    /**
     * Submits every input; if one cannot be submitted, cancels those already queued so none runs unwaited for. A pool
     * shut down while this call was submitting (some inputs already in) ends the call as cancelled, the same outcome
     * as a shutdown that comes a moment later; a pool that was shut down before the call rejects it.
     */
    private static <X, Y> List<PoolFuture<Y>> submitEach(Submitter<X, Y> s, List<X> inputs) {
        if (s.batches()) {
            return s.submitAll(inputs);
        }
        List<PoolFuture<Y>> fs = new ArrayList<>(inputs.size());
        try {
            for (X x : inputs) {
                fs.add(s.submit(x));
            }
        } catch (RuntimeException e) {
            cancelAll(fs, false);
            if (e instanceof RejectedExecutionException && !fs.isEmpty()) {
                CancellationException cancelled =
                        new CancellationException("the pool was shut down while map was submitting its tasks");
                cancelled.initCause(e);
                throw cancelled;
            }
            throw e;
        }
        return fs;
    }

    static void checkChunkSize(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
    }

    /** Waits until all are done, throwing at the first failure, cancellation, interrupt or the deadline. */
    private static void await(List<? extends PoolFuture<?>> fs, long deadline, int items)
            throws InterruptedException, ExecutionException, TimeoutException {
        LinkedBlockingQueue<PoolFuture<?>> done = new LinkedBlockingQueue<>();
        for (PoolFuture<?> f : fs) {
            f.whenDone(() -> done.add(f));
        }
        int left = fs.size();
        try {
            while (left > 0) {
                PoolFuture<?> f = deadline == NO_DEADLINE ? done.take()
                        : done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (f == null) {
                    throw new TimeoutException("map timed out: " + (fs.size() - left) + " of " + fs.size()
                            + " dispatches (" + items + " items) finished; the rest were cancelled");
                }
                left--;
                if (f.isCancelled()) {
                    throw new CancellationException("a task of this map was cancelled (by shutdownNow?)");
                }
                if (f.state() == Future.State.FAILED) {
                    throw new ExecutionException(f.exceptionNow());
                }
            }
        } catch (InterruptedException | TimeoutException e) {
            // the caller gave up: stop the work itself (interrupt threads, kill busy worker processes)
            cancelAll(fs, true);
            throw e;
        } catch (ExecutionException | CancellationException e) {
            // a sibling failed: drop what has not started, but let running tasks finish rather than kill workers
            cancelAll(fs, false);
            throw e;
        }
    }

    private static void cancelAll(List<? extends Future<?>> fs, boolean interrupt) {
        for (Future<?> f : fs) {
            f.cancel(interrupt);
        }
    }

    @Override
    public Duration startupTime() {
        return Duration.ZERO;
    }

    @Override
    public int workersStarted() {
        return 0;
    }

    @Override
    public Duration workerCpuTime() {
        return Duration.ZERO;
    }

    @Override
    public void close() {
        shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (awaitTermination(Duration.ofDays(1))) {
                    break;
                }
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return kind() + "(" + (parallelism() == Integer.MAX_VALUE ? "unbounded" : parallelism()) + ")";
    }
}
