package dev.offload.pool;


import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Platform or virtual threads: a {@link TaskPool} over a JDK {@link ExecutorService}. */
final class ExecutorPool extends AbstractPool {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final String kind;
    private final int parallelism;
    private final ExecutorService executor;

    private ExecutorPool(String kind, int parallelism, ExecutorService executor) {
        this.kind = kind;
        this.parallelism = parallelism;
        this.executor = executor;
    }

    static ExecutorPool threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads(n) needs n >= 1, got " + n);
        }
        String prefix = "offload-threads-" + IDS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        // Daemon threads: a pool someone forgot to close must not keep the JVM alive after main returns.
        ThreadPoolExecutor ex = new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().daemon().name(prefix + count.incrementAndGet()).unstarted(r));
        return new ExecutorPool("threads", n, ex);
    }

    static ExecutorPool virtualThreads() {
        String prefix = "offload-vthreads-" + IDS.incrementAndGet() + "-";
        return new ExecutorPool("virtual-threads", Integer.MAX_VALUE,
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory()));
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    <T, R> Submitter<T, R> prepare(Task<? super T, ? extends R> task) {
        return item -> {
            PoolFuture<R> f = new PoolFuture<>(() -> task.call(item));
            executor.execute(f);
            return f;
        };
    }

    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public int shutdownNow() {
        List<Runnable> never = executor.shutdownNow();
        // The JDK hands back tasks that never started and leaves their futures pending forever; cancel them so
        // nobody waits on them.
        for (Runnable r : never) {
            if (r instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        return never.size();
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
