package dev.offload.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * The future of every pool kind. Thread pools run it as a {@link FutureTask}; the process pool never runs it and
 * completes it from the thread that reads the worker's reply. It adds completion listeners (for
 * {@code asCompleted} and {@code map}'s fail-fast wait) and a hook that lets the process pool kill the worker of a task
 * cancelled with {@code mayInterruptIfRunning}.
 */
final class PoolFuture<R> extends FutureTask<R> {
    private static final Callable<Object> NOT_RUNNABLE = () -> {
        throw new IllegalStateException("a process-pool future is completed by the pool, never run");
    };

    private final Object lock = new Object();
    private List<Runnable> listeners = new ArrayList<>(1); // null once done
    private volatile Runnable onInterruptingCancel;

    PoolFuture(Callable<R> callable) {
        super(callable);
    }

    @SuppressWarnings("unchecked")
    static <R> PoolFuture<R> completedByPool() {
        return new PoolFuture<>((Callable<R>) NOT_RUNNABLE);
    }

    /** Runs {@code listener} once this future is done: now if it already is, else on the completing thread. */
    void whenDone(Runnable listener) {
        synchronized (lock) {
            if (listeners != null) {
                listeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    void onInterruptingCancel(Runnable hook) {
        this.onInterruptingCancel = hook;
    }

    void complete(R value) {
        set(value);
    }

    void fail(Throwable t) {
        setException(t);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Runnable hook = onInterruptingCancel;
        if (cancelled && mayInterruptIfRunning && hook != null) {
            hook.run();
        }
        return cancelled;
    }

    @Override
    protected void done() {
        List<Runnable> l;
        synchronized (lock) {
            l = listeners;
            listeners = null;
        }
        for (Runnable r : l) {
            r.run();
        }
    }
}
