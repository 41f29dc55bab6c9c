package dev.offload.pool;

import dev.offload.OffloadException;

import java.io.IOException;
import java.io.NotSerializableException;
import java.net.ProtocolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker JVMs behind {@link TaskPool#processes(int)}: the scheduling. Starting a worker and its pipes are
 * {@link WorkerProcess}'s job, the frames {@link WireCodec}'s.
 *
 * <p>Design: one shared FIFO queue of jobs and one <em>slot</em> per worker. Each slot has a platform thread (its
 * driver) that takes jobs, writes them to its worker's stdin, reads the replies from the worker's stdout and completes
 * the jobs' futures; only a recall (below) is written from another thread, a whole frame at a time. While a worker's
 * recent tasks were short (under {@link #SHORT_TASK_NANOS}), the driver writes up to {@link #MAX_AHEAD} jobs ahead (at
 * most {@link #AHEAD_BYTES} behind the one running, so the pipe never fills and both ends can never block writing at
 * once), and tops them up once fewer than {@link #LOW_WATER} are left: a worker then goes from one task to the next
 * without a round trip, which is what made 10,000 one-item dispatches cost 47 us each. The worker queues what it is
 * sent and runs it in order. When its running task turns out slow (past {@link #RECALL_AFTER_NANOS}) with jobs
 * written behind it, the slot sends a recall and the worker hands back every job it has not started, which go back to
 * the front of the shared queue for whichever worker is free: a slow task never holds others back while another
 * worker idles. Long tasks are then sent one at a time until a short one comes again.
 *
 * <p>The driver also owns the worker's life: when a read or write fails (the worker died, or was killed for a timeout
 * or a cancel) it fails the one job the worker had accepted, reaps the process, and starts a replacement. Anything
 * that kills a worker first records why in the slot, under the slot's lock, and only for the job the worker has
 * accepted, so a late timeout never kills a worker that has moved on. The worker acknowledges each dispatch (ACCEPTED)
 * before it runs any of it; the jobs a dead worker had not accepted never started and go back to the front of the
 * queue, for a replacement: at most once, never lost. Shutdown queues one poison job per slot behind the real ones;
 * {@code shutdownNow} drains the queue, cancels what was written ahead but not accepted, and kills busy workers.
 */
final class ProcessPool extends AbstractPool {
    private static final System.Logger LOG = System.getLogger(ProcessPool.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    /** Workers a job is sent to when each dies before accepting it (a task is never run twice: see Accepted). */
    private static final int MAX_ATTEMPTS = 3;
    /** Jobs written to one worker before the first reply comes back, while its tasks are short. */
    private static final int MAX_AHEAD = 64;
    /** Jobs in flight below which the driver writes more: one flush tops up many, not one per reply. */
    private static final int LOW_WATER = 16;
    /** How long a task may run with jobs written behind it before the slot recalls them. */
    private static final long RECALL_AFTER_NANOS = 2_000_000;
    /** Bytes written ahead of the running job: under a pipe's 64 KiB, so writing ahead never blocks. */
    private static final int AHEAD_BYTES = 32 << 10;
    /** Tasks shorter than this are pipelined: holding one back behind another costs less than a round trip. */
    private static final long SHORT_TASK_NANOS = 1_000_000;

    private enum Kill { TIMEOUT, CANCELLED, SHUTDOWN_NOW, CORRUPT }

    /** The serialized task, shared by every job of one submit/submitAll/map call. */
    private static final class TaskBlob {
        final long ref;
        final Message.Payload payload;
        final List<String> classPath;
        final ClassLoader loader;
        /** Result allow lists by the item's class names: most items of a call have the same classes. */
        final Map<Set<String>, AllowList> allowLists = new ConcurrentHashMap<>();

        TaskBlob(long ref, Message.Payload payload, List<String> classPath, ClassLoader loader) {
            this.ref = ref;
            this.payload = payload;
            this.classPath = classPath;
            this.loader = loader;
        }
    }

    private static final class Job {
        final long id;
        final TaskBlob task;
        final Message.Payload item;
        final PoolFuture<Object> future;
        /** Workers that died before accepting this job (slot thread only). */
        int attempts;
        /** The bytes of its last dispatch (slot thread only). */
        int size;

        Job(long id, TaskBlob task, Message.Payload item, PoolFuture<Object> future) {
            this.id = id;
            this.task = task;
            this.item = item;
            this.future = future;
        }
    }

    private static final Job POISON = new Job(-1, null, null, null);

    private final int id = IDS.incrementAndGet();
    private final String threadPrefix = "offload-processes-" + id;
    private final ProcessOptions options;
    private final List<String> classPath;
    private final List<String> command;
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final Slot[] slots;
    private final ScheduledThreadPoolExecutor timer;
    private final CountDownLatch terminated;
    private final Object submitLock = new Object();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLong endedWorkersCpu = new AtomicLong();
    private final AtomicLong taskRefs = new AtomicLong();
    private final AtomicLong jobIds = new AtomicLong();
    private volatile Duration startup = Duration.ZERO;
    private volatile boolean shutdown;
    private volatile boolean stopNow;

    private ProcessPool(int n, ProcessOptions options) {
        this.options = options;
        this.classPath = WorkerClassPath.forWorkers(options);
        this.command = WorkerCommand.of(options, classPath);
        this.slots = new Slot[n];
        this.terminated = new CountDownLatch(n);
        this.timer = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name(threadPrefix + "-timer").unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
    }

    static ProcessPool start(int n, ProcessOptions options) {
        if (n < 1) {
            throw new IllegalArgumentException("processes(n) needs n >= 1, got " + n);
        }
        ProcessPool pool = new ProcessPool(n, options);
        pool.startAll();
        return pool;
    }

    /** Starts every worker at once, then waits for each one's hello: the JVMs boot in parallel. */
    private void startAll() {
        long t0 = System.nanoTime();
        List<WorkerProcess> workers = new ArrayList<>();
        try {
            for (int i = 0; i < slots.length; i++) {
                workers.add(launch());
            }
            for (WorkerProcess w : workers) {
                w.handshake(timer, START_LIMIT);
            }
        } catch (RuntimeException e) {
            workers.forEach(w -> w.process.destroyForcibly());
            timer.shutdownNow();
            throw e;
        }
        startup = Duration.ofNanos(System.nanoTime() - t0);
        LOG.log(System.Logger.Level.DEBUG, () -> slots.length + " worker processes started in " + startup);
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i, workers.get(i));
            Thread.ofPlatform().daemon().name(threadPrefix + "-slot-" + i).start(slots[i]);
        }
    }

    private WorkerProcess launch() {
        WorkerProcess w = WorkerProcess.start(command, classPath, threadPrefix);
        started.incrementAndGet();
        return w;
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
        return started.get();
    }

    @Override
    public Duration workerCpuTime() {
        long total = endedWorkersCpu.get();
        for (Slot s : slots) {
            WorkerProcess w = s == null ? null : s.worker;
            if (w != null) {
                total += w.cpuNanos();
            }
        }
        return Duration.ofNanos(total);
    }

    private void checkOpen() {
        if (shutdown) {
            throw new RejectedExecutionException("the process pool is shut down");
        }
    }

    @Override
    <T, R> Submitter<T, R> prepare(Task<? super T, ? extends R> task) {
        checkOpen();
        Serial.Serialized s = serializeForWorker(task, "task", task);
        Set<String> cp = new java.util.LinkedHashSet<>();
        for (Class<?> c : s.classes()) {
            cp.addAll(WorkerClassPath.locations(c));
        }
        Task<?, ?> inner = task instanceof ChunkTask<?, ?> chunk ? chunk.task() : task;
        cp.addAll(WorkerClassPath.locations(inner.getClass()));
        TaskBlob blob = new TaskBlob(taskRefs.incrementAndGet(), new Message.Payload(s.bytes(), s.classNames()),
                List.copyOf(cp), inner.getClass().getClassLoader());
        return new Submitter<T, R>() {
            @Override
            public PoolFuture<R> submit(T item) {
                return submitAll(java.util.Collections.singletonList(item)).get(0);
            }

            @Override
            public boolean batches() {
                return true;
            }

            /** Serializes every item first, then queues them all at once: workers see the whole batch together. */
            @Override
            public List<PoolFuture<R>> submitAll(List<? extends T> items) {
                checkOpen();
                List<Job> jobs = new ArrayList<>(items.size());
                for (T item : items) {
                    Serial.Serialized si = serializeForWorker(item, "item", task);
                    PoolFuture<Object> f = PoolFuture.completedByPool();
                    Job job = new Job(jobIds.incrementAndGet(), blob, new Message.Payload(si.bytes(), si.classNames()),
                            f);
                    f.onInterruptingCancel(() -> killIfRunning(job, Kill.CANCELLED));
                    jobs.add(job);
                }
                synchronized (submitLock) {
                    checkOpen();
                    queue.addAll(jobs);
                }
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

    private static Serial.Serialized serializeForWorker(Object o, String what, Task<?, ?> task) {
        try {
            return Serial.serialize(o);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the " + owner(o, what, task) + " cannot be sent to a worker process:"
                    + " it holds a " + e.getMessage() + ", which is not Serializable (make it Serializable, or capture"
                    + " less in the lambda)", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the " + owner(o, what, task) + " cannot be serialized for a worker"
                    + " process: " + e, e);
        }
    }

    private static String owner(Object o, String what, Task<?, ?> task) {
        Task<?, ?> t = task instanceof ChunkTask<?, ?> chunk ? chunk.task() : task;
        return what.equals("task") ? "task " + t.getClass().getName()
                : "item of class " + (o == null ? "null" : o.getClass().getName());
    }

    private void killIfRunning(Job job, Kill reason) {
        for (Slot s : slots) {
            if (s != null) {
                s.kill(job, reason);
            }
        }
    }

    @Override
    public void shutdown() {
        synchronized (submitLock) {
            if (shutdown) {
                return;
            }
            shutdown = true;
            for (int i = 0; i < slots.length; i++) {
                queue.add(POISON);
            }
        }
    }

    @Override
    public int shutdownNow() {
        synchronized (submitLock) {
            shutdown = true;
            stopNow = true;
        }
        List<Job> pending = new ArrayList<>();
        queue.drainTo(pending);
        int cancelled = 0;
        for (Job j : pending) {
            if (j != POISON && j.future.cancel(false)) {
                cancelled++;
            }
        }
        for (Slot s : slots) {
            cancelled += s.cancelWrittenAhead();
            s.kill(null, Kill.SHUTDOWN_NOW);
        }
        for (int i = 0; i < slots.length; i++) {
            queue.add(POISON);
        }
        return cancelled;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private AllowList resultAllowList(Job job) {
        return job.task.allowLists.computeIfAbsent(job.item.classNames(), itemNames -> {
            Set<String> names = new HashSet<>(job.task.payload.classNames());
            names.addAll(itemNames);
            names.addAll(options.allowedClasses());
            return new AllowList(names, options.allowedPackages());
        });
    }

    private void completeOk(Job job, byte[] bytes) {
        try {
            job.future.complete(ValueCodec.isEncoded(bytes) ? ValueCodec.decode(bytes)
                    : Serial.deserialize(bytes, resultAllowList(job), job.task.loader));
        } catch (Serial.RefusedClassException e) {
            job.future.fail(new OffloadException("the task's result holds a " + e.refused + ", which the process"
                    + " pool's deserialization filter refuses; admit it with " + AllowList.howToAdmit(e.refused), e));
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            job.future.fail(new OffloadException("cannot deserialize the task's result: " + e, e));
        }
    }

    private void completeFailed(Job job, Message.Failure f) {
        String why = "it is not serializable";
        if (f.exception() != null) {
            try {
                Object t = Serial.deserialize(f.exception(), resultAllowList(job), job.task.loader);
                if (t instanceof Throwable th) {
                    job.future.fail(th);
                    return;
                }
                why = "it arrived as a " + (t == null ? "null" : t.getClass().getName());
            } catch (Serial.RefusedClassException e) {
                why = "the deserialization filter refuses " + e.refused + "; admit it with "
                        + AllowList.howToAdmit(e.refused);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                why = "it cannot be deserialized here: " + e;
            }
        }
        job.future.fail(new RemoteTaskException(f.className(), f.message(), f.stackText(), f.stack(), why));
    }

    /** A worker slot: its driver thread, its current worker and the jobs written to it. */
    private final class Slot implements Runnable {
        private final int index;
        volatile WorkerProcess worker;
        // guarded by this: the jobs written to the worker, oldest first; whether it accepted the oldest; why it dies
        private final ArrayDeque<Job> inflight = new ArrayDeque<>();
        private boolean headAccepted;
        private long headAcceptedAt;
        private Kill killReason;
        /** A recall is written and its answer not yet read. */
        private boolean recalling;
        /** The pending check for a stuck head ({@link #checkStuck}). */
        private ScheduledFuture<?> checker;
        // the driver thread's own
        private boolean poisoned;
        private boolean shortTasks;
        private ScheduledFuture<?> timeout;

        Slot(int index, WorkerProcess worker) {
            this.index = index;
            this.worker = worker;
        }

        /**
         * Kills the worker if it has accepted {@code job} ({@code null}: if it has any job) and no kill is under way;
         * if {@code job} was only written ahead to it, recalls the jobs it has not started instead.
         */
        void kill(Job job, Kill reason) {
            WorkerProcess w;
            synchronized (this) {
                w = worker;
                boolean hit = job == null ? !inflight.isEmpty() : headAccepted && inflight.peekFirst() == job;
                if (hit && killReason == null && w != null) {
                    killReason = reason;
                    w.kill();
                    return;
                }
                // cancelled while written ahead: have the worker hand it back rather than run it for nothing
                if (job == null || w == null || recalling || !inflight.contains(job)) {
                    return;
                }
                recalling = true;
            }
            sendRecall(w);
        }

        /** On the timer: recalls the jobs written behind a head that has run too long; else looks again later. */
        private void checkStuck() {
            WorkerProcess w;
            synchronized (this) {
                checker = null;
                w = worker;
                if (recalling || inflight.size() <= 1 || w == null) {
                    return;
                }
                long ran = headAccepted ? System.nanoTime() - headAcceptedAt : 0;
                if (ran < RECALL_AFTER_NANOS) {
                    scheduleCheck(RECALL_AFTER_NANOS - ran);
                    return;
                }
                recalling = true;
            }
            sendRecall(w);
        }

        /** Schedules {@link #checkStuck} unless one is pending (under this slot's lock). */
        private void scheduleCheck(long nanos) {
            if (checker == null) {
                try {
                    checker = timer.schedule(this::checkStuck, nanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // the pool has terminated: nothing is left to recall
                }
            }
        }

        private static void sendRecall(WorkerProcess w) {
            try {
                w.wire.write(new Message.Recall());
                w.wire.flush();
            } catch (IOException e) {
                // the worker is gone: its driver sees that on its next read and sends the jobs elsewhere
            }
        }

        /** Cancels the jobs written to the worker that it has not accepted; returns how many. */
        synchronized int cancelWrittenAhead() {
            int n = 0;
            boolean head = true;
            for (Job j : inflight) {
                if (!(head && headAccepted) && j.future.cancel(false)) {
                    n++;
                }
                head = false;
            }
            return n;
        }

        private synchronized boolean idle() {
            return inflight.isEmpty();
        }

        @Override
        public void run() {
            try {
                while (!(poisoned && idle())) {
                    try {
                        fill();
                        if (!idle()) {
                            readOne(worker);
                        }
                    } catch (IOException e) {
                        lost(worker, e);
                    } catch (RuntimeException | Error e) {
                        WorkerProcess w = worker;
                        // a bug here must not silently stop this slot and leave futures pending forever
                        LOG.log(System.Logger.Level.ERROR, "offload process pool slot " + index + " failed", e);
                        failAll(new OffloadException("the process pool failed while running a task: " + e, e));
                        if (w != null) {
                            w.kill();
                            retire(w, null);
                        }
                        restartUnlessStopping();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                WorkerProcess w = worker;
                worker = null;
                if (w != null) {
                    if (stopNow) {
                        w.process.destroyForcibly();
                    }
                    w.stop();
                    endedWorkersCpu.addAndGet(w.reportedCpu());
                }
                terminated.countDown();
                if (terminated.getCount() == 0) {
                    timer.shutdownNow();
                }
            }
        }

        /**
         * Writes jobs to the worker: waits for one when it has none, and adds more without waiting while its tasks are
         * short. Flushes once at the end.
         */
        private void fill() throws InterruptedException, IOException {
            synchronized (this) {
                if (!inflight.isEmpty() && (inflight.size() > LOW_WATER || recalling)) {
                    return;
                }
            }
            boolean wrote = false;
            try {
                while (!poisoned) {
                    boolean idle = idle();
                    if (!idle && !mayWriteAhead()) {
                        return;
                    }
                    Job job = idle ? queue.take() : queue.poll();
                    if (job == null) {
                        return;
                    }
                    if (job == POISON) {
                        poisoned = true;
                        return;
                    }
                    if (job.future.isDone()) {
                        continue; // cancelled while queued
                    }
                    WorkerProcess w = idle ? workerForIdle(job) : worker;
                    if (w == null) {
                        continue;
                    }
                    if (!idle && aheadBytes() + dispatchSize(w, job) > AHEAD_BYTES) {
                        queue.addFirst(job); // it would not fit in the pipe behind the others: send it later
                        return;
                    }
                    synchronized (this) {
                        // stopNow is read under the lock that shutdownNow's kill and cancel take: either they see this
                        // job in flight, or this sees stopNow; a dequeued job never escapes shutdownNow.
                        if (stopNow) {
                            job.future.cancel(false);
                            continue;
                        }
                        if (inflight.isEmpty()) {
                            headAccepted = false;
                            killReason = null;
                        }
                        inflight.addLast(job);
                        if (inflight.size() > 1) {
                            scheduleCheck(RECALL_AFTER_NANOS);
                        }
                    }
                    send(w, job);
                    wrote = true;
                }
            } finally {
                WorkerProcess w = worker;
                if (wrote && w != null) {
                    w.wire.flush();
                }
            }
        }

        /** The worker for a job when none is in flight: a replacement if it died while idle; null if none starts. */
        private WorkerProcess workerForIdle(Job job) {
            WorkerProcess w = worker;
            if (w != null && w.process.isAlive()
                    && (options.maxTasksPerWorker() == 0 || w.sent < options.maxTasksPerWorker())) {
                return w;
            }
            if (w != null) {
                if (w.process.isAlive()) {
                    w.stop();
                    retire(w, null);
                } else {
                    retire(w, "worker process " + w.pid + " ended while idle: " + ExitStatus.describe(w.awaitExit()));
                }
            }
            try {
                return replace();
            } catch (OffloadException e) {
                job.future.fail(e);
                return null;
            }
        }

        private boolean mayWriteAhead() {
            WorkerProcess w = worker;
            int max = options.maxTasksPerWorker();
            if (!shortTasks || w == null || (max > 0 && w.sent >= max)) {
                return false;
            }
            synchronized (this) {
                // leave the other workers their share of what is queued: as many jobs each as this one holds
                return inflight.size() < MAX_AHEAD && !recalling
                        && (long) inflight.size() * (slots.length - 1) < queue.size();
            }
        }

        /** Bytes of the jobs written behind the oldest. */
        private synchronized long aheadBytes() {
            long ahead = 0;
            boolean head = true;
            for (Job j : inflight) {
                ahead += head ? 0 : j.size;
                head = false;
            }
            return ahead;
        }

        private static int dispatchSize(WorkerProcess w, Job job) {
            return 64 + job.item.bytes().length + (w.lastTaskRef == job.task.ref ? 0
                    : job.task.payload.bytes().length + 256 * job.task.classPath.size());
        }

        private void send(WorkerProcess w, Job job) throws IOException {
            boolean withTask = w.lastTaskRef != job.task.ref;
            List<String> cp = List.of();
            if (withTask) {
                cp = job.task.classPath.stream().filter(e -> !w.classPath.contains(e)).toList();
            }
            Message.Dispatch d = new Message.Dispatch(job.id, job.task.ref, withTask ? job.task.payload : null, cp,
                    job.item);
            job.size = d.size();
            w.lastTaskRef = job.task.ref;
            w.sent++;
            w.wire.write(d);
            w.classPath.addAll(cp);
        }

        /** Reads one message from the worker and acts on it. */
        private void readOne(WorkerProcess w) throws IOException {
            Message m = w.wire.read();
            Job head;
            synchronized (this) {
                head = inflight.peekFirst();
            }
            switch (m) {
                case Message.Accepted a -> {
                    synchronized (this) {
                        if (head == null || a.id() != head.id || headAccepted) {
                            throw new ProtocolException("worker accepted job " + a.id() + " while job "
                                    + (head == null ? "none" : head.id) + " was next");
                        }
                        headAccepted = true;
                        headAcceptedAt = System.nanoTime();
                    }
                    Duration limit = options.taskTimeout();
                    if (limit != null) {
                        timeout = timer.schedule(() -> kill(head, Kill.TIMEOUT), limit.toNanos(), TimeUnit.NANOSECONDS);
                    }
                }
                case Message.Result r -> {
                    checkReply(head, r.id());
                    w.reportCpu(r.cpuNanos());
                    completeOk(head, r.value());
                    finishHead(w);
                }
                case Message.Failure f -> {
                    checkReply(head, f.id());
                    w.reportCpu(f.cpuNanos());
                    completeFailed(head, f);
                    finishHead(w);
                }
                case Message.Returned r -> takeBack(w, r);
                default -> throw new ProtocolException("unexpected " + m.getClass().getSimpleName() + " frame");
            }
        }

        /** The worker handed back jobs it had not started: to the front of the queue, for whichever worker is free. */
        private void takeBack(WorkerProcess w, Message.Returned r) throws ProtocolException {
            List<Job> back = new ArrayList<>(r.ids().length);
            synchronized (this) {
                recalling = false;
                for (long id : r.ids()) {
                    Job found = null;
                    boolean head = true;
                    for (var it = inflight.iterator(); it.hasNext(); head = false) {
                        Job j = it.next();
                        if (j.id == id && !(head && headAccepted)) {
                            it.remove();
                            found = j;
                            break;
                        }
                    }
                    if (found == null) {
                        throw new ProtocolException("worker returned job " + id + ", which it did not hold unstarted");
                    }
                    back.add(found);
                }
                if (inflight.isEmpty()) {
                    headAccepted = false;
                }
            }
            w.sent -= back.size();
            if (stopNow) {
                back.forEach(j -> j.future.cancel(false));
                return;
            }
            for (int i = back.size() - 1; i >= 0; i--) {
                queue.addFirst(back.get(i));
            }
            if (poisoned && !back.isEmpty()) {
                // this slot took its poison before the jobs came back; the other slots may have ended: run them here
                poisoned = false;
                queue.addLast(POISON);
            }
        }

        private void checkReply(Job head, long replyId) throws ProtocolException {
            synchronized (this) {
                if (head == null || replyId != head.id || !headAccepted) {
                    throw new ProtocolException("reply to job " + replyId + " while job "
                            + (head == null ? "none" : head.id)
                            + (headAccepted ? " was running" : " was not accepted"));
                }
            }
        }

        /** The oldest job is done: drop it, learn whether tasks are short, recycle the worker if it is due. */
        private void finishHead(WorkerProcess w) throws IOException {
            cancelTimeout();
            shortTasks = System.nanoTime() - headAcceptedAt < SHORT_TASK_NANOS;
            Kill reason;
            synchronized (this) {
                inflight.removeFirst();
                headAccepted = false;
                reason = killReason;
            }
            if (reason != null) {
                // killed just as its job finished: the rest was never started
                throw new java.io.InterruptedIOException("worker killed (" + reason + ")");
            }
            if (options.maxTasksPerWorker() > 0 && w.sent >= options.maxTasksPerWorker() && idle()) {
                w.stop();
                retire(w, null);
                restartUnlessStopping();
            }
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
                timeout = null;
            }
        }

        /**
         * The worker is gone or unusable: fail or cancel the job it accepted, send back to the queue those it never
         * started, reap it and start a replacement.
         */
        private void lost(WorkerProcess w, IOException broken) {
            cancelTimeout();
            if (broken instanceof ProtocolException) {
                kill(null, Kill.CORRUPT);
            }
            Kill reason;
            boolean accepted;
            List<Job> jobs;
            synchronized (this) {
                reason = killReason;
                accepted = headAccepted;
                jobs = new ArrayList<>(inflight);
                inflight.clear();
                headAccepted = false;
                killReason = null;
                recalling = false;
            }
            if (w == null) {
                return;
            }
            w.process.destroyForcibly();
            int status = w.awaitExit();
            List<Job> again = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                if (i == 0 && accepted) {
                    failDead(job, w, reason, status, broken);
                } else if (stopNow) {
                    job.future.cancel(false);
                } else if (i == 0 && reason == null && ++job.attempts >= MAX_ATTEMPTS) {
                    job.future.fail(new WorkerDiedException("worker process " + w.pid + " died before it took a task,"
                            + " on the last of " + MAX_ATTEMPTS + " workers tried: " + ExitStatus.describe(status)
                            + w.stderr.suffix(), w.pid, status));
                } else if (i == 0 && reason == Kill.CORRUPT) {
                    failDead(job, w, reason, status, broken);
                } else {
                    again.add(job);
                }
            }
            for (int i = again.size() - 1; i >= 0; i--) {
                queue.addFirst(again.get(i));
            }
            retire(w, again.isEmpty() ? null : "worker process " + w.pid + " died before it took " + again.size()
                    + " task(s) (" + ExitStatus.describe(status) + "); sending them to a replacement");
            restartUnlessStopping();
        }

        private void failDead(Job job, WorkerProcess w, Kill reason, int status, IOException broken) {
            if (reason == null) {
                job.future.fail(new WorkerDiedException("worker process " + w.pid + " died while running a task: "
                        + ExitStatus.describe(status) + w.stderr.suffix(), w.pid, status));
                return;
            }
            switch (reason) {
                case TIMEOUT -> job.future.fail(new TimeoutException("the task ran longer than the pool's"
                        + " taskTimeout of " + options.taskTimeout() + "; its worker process " + w.pid
                        + " was killed and is replaced"));
                case CORRUPT -> job.future.fail(new OffloadException("worker process " + w.pid + " wrote to"
                        + " its standard output outside the protocol (native code printing to fd 1?): "
                        + broken.getMessage() + "; the worker was killed and is replaced", broken));
                case CANCELLED -> {
                    // the future is already cancelled
                }
                case SHUTDOWN_NOW -> job.future.cancel(false);
            }
        }

        private void failAll(Throwable t) {
            List<Job> jobs;
            synchronized (this) {
                jobs = new ArrayList<>(inflight);
                inflight.clear();
                headAccepted = false;
                recalling = false;
            }
            jobs.forEach(j -> j.future.fail(t));
        }

        private void retire(WorkerProcess w, String why) {
            if (why != null) {
                LOG.log(System.Logger.Level.WARNING, why + "; starting a replacement");
            }
            worker = null; // first, so workerCpuTime() never counts this worker twice
            shortTasks = false;
            synchronized (this) {
                recalling = false; // a recall it never answered must not stop writing ahead to its replacement
            }
            endedWorkersCpu.addAndGet(w.reportedCpu());
        }

        /** Starts a replacement now, so the next job does not wait for it, unless the pool is winding down. */
        private void restartUnlessStopping() {
            if (stopNow || worker != null || (shutdown && queue.stream().allMatch(j -> j == POISON))) {
                return;
            }
            try {
                replace();
            } catch (OffloadException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot start a replacement worker (slot " + index
                        + "); will try again for the next task", e);
            }
        }

        private WorkerProcess replace() {
            WorkerProcess w = launch();
            try {
                w.handshake(timer, START_LIMIT);
            } catch (OffloadException e) {
                worker = null;
                throw e;
            }
            worker = w;
            return w;
        }
    }
}
