package dev.offload.pool;


import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each task on the calling thread when it is submitted: the reference the other kinds are compared with, and
 * the easiest to debug. {@code map} stops at the first failure and checks the interrupt flag and the deadline between
 * items (a running item is never interrupted by the pool).
 */
final class SequentialPool extends AbstractPool {
    private final Object lock = new Object();
    private int running;
    private boolean shutdown;

    @Override
    public String kind() {
        return "sequential";
    }

    @Override
    public int parallelism() {
        return 1;
    }

    private void enter() {
        synchronized (lock) {
            if (shutdown) {
                throw new RejectedExecutionException("the sequential pool is shut down");
            }
            running++;
        }
    }

    private void exit() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    @Override
    <T, R> Submitter<T, R> prepare(Task<? super T, ? extends R> task) {
        return item -> {
            enter();
            try {
                PoolFuture<R> f = new PoolFuture<>(() -> task.call(item));
                f.run();
                return f;
            } finally {
                exit();
            }
        };
    }

    @Override
    <T, R> List<R> mapImpl(Task<? super T, ? extends R> task, Collection<? extends T> items, int chunkSize,
                           long deadline) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(items, "items");
        checkChunkSize(chunkSize);
        List<T> list = new ArrayList<>(items);
        boolean timed = deadline != NO_DEADLINE;
        enter();
        try {
            List<R> out = new ArrayList<>(list.size());
            for (T item : list) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted after " + out.size() + " of " + list.size() + " items");
                }
                if (timed && System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("map timed out after " + out.size() + " of " + list.size() + " items");
                }
                try {
                    out.add(task.call(item));
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ExecutionException(e);
                } catch (Error e) {
                    // FutureTask wraps Errors too: the kinds must agree
                    throw new ExecutionException(e);
                }
            }
            return out;
        } finally {
            exit();
        }
    }

    @Override
    public void shutdown() {
        synchronized (lock) {
            shutdown = true;
        }
    }

    @Override
    public int shutdownNow() {
        shutdown();
        return 0;
    }

    @Override
    public boolean isShutdown() {
        synchronized (lock) {
            return shutdown;
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!shutdown || running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }
}
