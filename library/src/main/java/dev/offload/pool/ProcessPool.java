package dev.offload.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker JVMs behind {@link TaskPool#processes(int)}: the coordinator. It serializes tasks and items into
 * {@link Job}s, queues them, starts one slot per worker and answers for the pool's lifecycle; the work itself is
 * done by the classes below.
 *
 * <p>Design: one shared FIFO queue of jobs ({@link JobQueue}) and one slot per worker. A slot's state, its worker and
 * the jobs written to it, is a {@link WorkerSlot}; its platform thread, a {@link SlotDriver}, takes jobs, writes them
 * to its worker's stdin, reads the replies from the worker's stdout and completes the jobs' futures; only a recall
 * (below) is written from another thread, a whole frame at a time. While a worker's recent tasks were short, the
 * driver writes jobs ahead of the replies ({@link WriteAhead}): a worker then goes from one task to the next without
 * a round trip. The worker queues what it is sent and runs it in order. When its running task turns out slow with
 * jobs written behind it, the slot sends a recall and the worker hands back every job it has not started, which go
 * back to the front of the shared queue for whichever worker is free: a slow task never holds others back while
 * another worker idles. Long tasks are then sent one at a time until a short one comes again.
 *
 * <p>The driver also owns the worker's life: a dead or killed worker fails the one job it had accepted, and the jobs
 * it had not accepted go to a replacement. The worker acknowledges each dispatch (ACCEPTED) before it runs any of it,
 * so a job runs at most once and is never lost. Starting workers is {@link WorkerLauncher}'s job, a worker's process
 * and pipes {@link WorkerProcess}'s, the frames {@link WireCodec}'s (the same codec in {@link WorkerMain}). Shutdown
 * queues one poison job per slot behind the real ones; {@code shutdownNow} drains the queue, cancels what was written
 * ahead but not accepted, and kills busy workers.
 */
final class ProcessPool extends AbstractPool {
    private static final System.Logger LOG = System.getLogger(ProcessPool.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.incrementAndGet();
    private final String threadPrefix = "offload-processes-" + id;
    private final ProcessOptions options;
    private final JobQueue queue;
    private final WorkerSlot[] slots;
    private final ScheduledThreadPoolExecutor timer;
    private final WorkerLauncher launcher;
    private final CountDownLatch terminated;
    private final AtomicLong taskRefs = new AtomicLong();
    private final AtomicLong jobIds = new AtomicLong();
    private volatile Duration startup = Duration.ZERO;

    private ProcessPool(int n, ProcessOptions options) {
        this.options = options;
        this.queue = new JobQueue(n);
        this.slots = new WorkerSlot[n];
        this.terminated = new CountDownLatch(n);
        this.timer = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name(threadPrefix + "-timer").unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
        this.launcher = new WorkerLauncher(options, threadPrefix, timer);
    }

    static ProcessPool start(int n, ProcessOptions options) {
        if (n < 1) {
            throw new IllegalArgumentException("processes(n) needs n >= 1, got " + n);
        }
        ProcessPool pool = new ProcessPool(n, options);
        pool.startAll();
        return pool;
    }

    /** Starts every worker at once (they boot in parallel), then a driver thread per slot. */
    private void startAll() {
        long t0 = System.nanoTime();
        List<WorkerProcess> workers;
        try {
            workers = launcher.startAll(slots.length);
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw e;
        }
        startup = Duration.ofNanos(System.nanoTime() - t0);
        LOG.log(System.Logger.Level.DEBUG, () -> slots.length + " worker processes started in " + startup);
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new WorkerSlot(i, workers.get(i), queue, timer);
            SlotDriver driver = new SlotDriver(slots[i], queue, launcher, options, slots.length, timer,
                    this::slotEnded);
            Thread.ofPlatform().daemon().name(threadPrefix + "-slot-" + i).start(driver);
        }
    }

    /** The last slot to end stops the timer: nothing is left to time out or recall. */
    private void slotEnded() {
        terminated.countDown();
        if (terminated.getCount() == 0) {
            timer.shutdownNow();
        }
    }

    @Override
    public String kind() {
        return "processes";
    }

    @Override
    public int parallelism() {
        return slots.length;
    }

    @Override
    int defaultChunkSize(int items) {
        // Python's Pool.map default: about four dispatches per worker, fewer round trips for many tiny tasks.
        return Math.max(1, (int) Math.ceil(items / (4.0 * slots.length)));
    }

    @Override
    public Duration startupTime() {
        return startup;
    }

    @Override
    public int workersStarted() {
        return launcher.started();
    }

    @Override
    public Duration workerCpuTime() {
        long total = launcher.endedCpuNanos();
        for (WorkerSlot s : slots) {
            WorkerProcess w = s == null ? null : s.worker;
            if (w != null) {
                total += w.cpuNanos();
            }
        }
        return Duration.ofNanos(total);
    }

    @Override
    <T, R> Submitter<T, R> prepare(Task<? super T, ? extends R> task) {
        queue.checkOpen();
        TaskBlob blob = TaskBlob.of(taskRefs.incrementAndGet(), task);
        return new Submitter<T, R>() {
            @Override
            public PoolFuture<R> submit(T item) {
                return submitAll(Collections.singletonList(item)).get(0);
            }

            @Override
            public boolean batches() {
                return true;
            }

            /** Serializes every item first, then queues them all at once: workers see the whole batch together. */
            @Override
            public List<PoolFuture<R>> submitAll(List<? extends T> items) {
                queue.checkOpen();
                List<Job> jobs = new ArrayList<>(items.size());
                for (T item : items) {
                    Message.Payload payload = TaskBlob.item(item, task);
                    PoolFuture<Object> f = PoolFuture.completedByPool();
                    Job job = new Job(jobIds.incrementAndGet(), blob, payload, f);
                    f.onInterruptingCancel(() -> killIfRunning(job, WorkerSlot.Kill.CANCELLED));
                    jobs.add(job);
                }
                queue.submit(jobs);
                List<PoolFuture<R>> out = new ArrayList<>(jobs.size());
                for (Job j : jobs) {
                    @SuppressWarnings("unchecked")
                    PoolFuture<R> typed = (PoolFuture<R>) (PoolFuture<?>) j.future;
                    out.add(typed);
                }
                return out;
            }
        };
    }

    private void killIfRunning(Job job, WorkerSlot.Kill reason) {
        for (WorkerSlot s : slots) {
            if (s != null) {
                s.kill(job, reason);
            }
        }
    }

    @Override
    public void shutdown() {
        queue.shutdown();
    }

    @Override
    public int shutdownNow() {
        int cancelled = queue.stopNow();
        for (WorkerSlot s : slots) {
            cancelled += s.cancelWrittenAhead();
            s.kill(null, WorkerSlot.Kill.SHUTDOWN_NOW);
        }
        queue.poisonAll();
        return cancelled;
    }

    @Override
    public boolean isShutdown() {
        return queue.isShutdown();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
