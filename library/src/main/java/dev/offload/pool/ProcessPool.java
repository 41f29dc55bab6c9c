package dev.offload.pool;

import dev.offload.OffloadException;
import dev.offload.RemoteTaskException;
import dev.offload.Task;
import dev.offload.TaskPool;
import dev.offload.WorkerDiedException;
import dev.offload.timing.CpuClock;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker JVMs behind {@link TaskPool#processes(int)}.
 *
 * <p>Design: one shared FIFO queue of jobs and one <em>slot</em> per worker. Each slot has a platform thread (its
 * driver) that takes a job, writes it to its worker's stdin, blocks reading the reply from the worker's stdout and
 * completes the job's future; so a worker runs one task at a time and the pool never multiplexes a pipe. The driver
 * also owns the worker's life: when the read ends early (the worker died, was killed for a timeout or a cancel) it
 * fails that one job, reaps the process, and starts a replacement. Anything that kills a worker first records why in
 * the slot, under the slot's lock, and only for the job the slot is running, so a late timeout never kills a worker
 * that has moved on. The worker acknowledges each dispatch (ACCEPTED) before it runs any of it; a worker that dies
 * before that (killed while idle, just as the job was written) never started the job, so the driver sends it to a
 * replacement instead of failing it: at most once, never lost. A second thread per worker copies its stderr to ours
 * and keeps the tail for error messages. Shutdown queues one poison job per slot behind the real ones; {@code shutdownNow} drains the queue first and kills
 * the running workers.
 */
final class ProcessPool extends AbstractPool {
    private static final System.Logger LOG = System.getLogger(ProcessPool.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    /** Workers a job is sent to when each dies before accepting it (a task is never run twice: see Wire.ACCEPTED). */
    private static final int MAX_ATTEMPTS = 3;

    private enum Kill { TIMEOUT, CANCELLED, SHUTDOWN_NOW, CORRUPT }

    /** The serialized task, shared by every job of one submit/submitAll/map call. */
    private record TaskBlob(long ref, byte[] bytes, Set<String> names, ClassLoader loader) {
    }

    private record Job(long id, TaskBlob task, byte[] item, Set<String> itemNames, PoolFuture<Object> future) {
    }

    private static final Job POISON = new Job(-1, null, null, Set.of(), null);

    private final int id = IDS.incrementAndGet();
    private final TaskPool.ProcessOptions options;
    private final List<String> command;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
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

    private ProcessPool(int n, TaskPool.ProcessOptions options) {
        this.options = options;
        this.command = workerCommand(options);
        this.slots = new Slot[n];
        this.terminated = new CountDownLatch(n);
        this.timer = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name("offload-processes-" + id + "-timer").unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
    }

    static ProcessPool start(int n, TaskPool.ProcessOptions options) {
        if (n < 1) {
            throw new IllegalArgumentException("processes(n) needs n >= 1, got " + n);
        }
        ProcessPool pool = new ProcessPool(n, options);
        pool.startAll();
        return pool;
    }

    private static List<String> workerCommand(TaskPool.ProcessOptions options) {
        Path home = Path.of(System.getProperty("java.home"), "bin", "java");
        String java = ProcessHandle.current().info().command()
                .filter(c -> Files.isExecutable(Path.of(c))).orElse(home.toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // A JVM after OutOfMemoryError is in an unknown state: end it, so the pool reports a death and replaces it.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // HotSpot prints its own warnings to stdout by default, which is our protocol channel.
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.addAll(options.jvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerMain.class.getName());
        return List.copyOf(cmd);
    }

    /** Starts every worker at once, then waits for each one's hello: the JVMs boot in parallel. */
    private void startAll() {
        long t0 = System.nanoTime();
        List<Worker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < slots.length; i++) {
                workers.add(launch());
            }
            for (Worker w : workers) {
                w.handshake();
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
            Thread.ofPlatform().daemon().name("offload-processes-" + id + "-slot-" + i).start(slots[i]);
        }
    }

    private Worker launch() {
        try {
            Process p = new ProcessBuilder(command).start();
            started.incrementAndGet();
            return new Worker(p);
        } catch (IOException e) {
            throw new OffloadException("cannot start a worker process with " + command.get(0) + ": " + e, e);
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
        return started.get();
    }

    @Override
    public Duration workerCpuTime() {
        long total = endedWorkersCpu.get();
        for (Slot s : slots) {
            Worker w = s == null ? null : s.worker;
            if (w != null) {
                total += Math.max(w.reportedCpu, CpuClock.processCpuNanos(w.pid));
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
        TaskBlob blob = new TaskBlob(taskRefs.incrementAndGet(), s.bytes(), s.classNames(),
                task.getClass().getClassLoader());
        return item -> {
            checkOpen();
            Serial.Serialized si = serializeForWorker(item, "item", task);
            PoolFuture<Object> f = PoolFuture.completedByPool();
            Job job = new Job(jobIds.incrementAndGet(), blob, si.bytes(), si.classNames(), f);
            f.onInterruptingCancel(() -> killIfRunning(job, Kill.CANCELLED));
            synchronized (submitLock) {
                checkOpen();
                queue.add(job);
            }
            @SuppressWarnings("unchecked")
            PoolFuture<R> typed = (PoolFuture<R>) (PoolFuture<?>) f;
            return typed;
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
        return what.equals("task") ? "task " + task.getClass().getName()
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

    /** One worker process and its pipes. */
    private final class Worker {
        final Process process;
        final long pid;
        final DataOutputStream out;
        final DataInputStream in;
        final StderrCopier stderr;
        long lastTaskRef = -1;
        /** The id of the last job this worker said it took; a job it never took may go to another worker. */
        long accepted = -1;
        int dispatches;
        volatile long reportedCpu;

        Worker(Process process) {
            this.process = process;
            this.pid = process.pid();
            this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
            this.stderr = new StderrCopier(process.getErrorStream());
            Thread.ofPlatform().daemon().name("offload-processes-" + id + "-stderr-" + pid).start(stderr);
        }

        /** Waits for the worker's hello; kills it if it does not come within {@link #START_LIMIT}. */
        void handshake() {
            ScheduledFuture<?> limit = timer.schedule(process::destroyForcibly, START_LIMIT.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                byte type = Wire.readType(in);
                if (type != Wire.HELLO) {
                    throw new ProtocolException("expected a hello frame, got type " + type);
                }
                in.readLong();
                Wire.readString(in);
            } catch (IOException e) {
                process.destroyForcibly();
                throw new OffloadException("worker process " + pid + " did not start: " + e.getMessage() + "; "
                        + ended(awaitExit()) + "; command: " + String.join(" ", command) + stderr.tail(), e);
            } finally {
                limit.cancel(false);
            }
        }

        void send(Job job) throws IOException {
            Wire.begin(out, Wire.RUN);
            out.writeLong(job.id);
            out.writeLong(job.task.ref);
            boolean withTask = lastTaskRef != job.task.ref;
            out.writeBoolean(withTask);
            if (withTask) {
                Wire.writeNames(out, job.task.names);
                Wire.writeBytes(out, job.task.bytes);
            }
            Wire.writeNames(out, job.itemNames);
            Wire.writeBytes(out, job.item);
            out.flush();
            lastTaskRef = job.task.ref;
        }

        /** Reads the reply to {@code job} and completes its future. */
        void receive(Job job) throws IOException {
            byte type = Wire.readType(in);
            if (type != Wire.ACCEPTED) {
                throw new ProtocolException("expected an accepted frame, got type " + type);
            }
            long acceptedId = in.readLong();
            if (acceptedId != job.id) {
                throw new ProtocolException("worker accepted job " + acceptedId + " while job " + job.id
                        + " was sent");
            }
            accepted = job.id;
            type = Wire.readType(in);
            if (type != Wire.OK && type != Wire.FAILED) {
                throw new ProtocolException("expected a reply frame, got type " + type);
            }
            long replyId = in.readLong();
            if (replyId != job.id) {
                throw new ProtocolException("reply to job " + replyId + " while job " + job.id + " was running");
            }
            reportedCpu = Math.max(reportedCpu, in.readLong());
            if (type == Wire.OK) {
                byte[] bytes = Wire.readBytes(in);
                completeOk(job, bytes);
            } else {
                String cls = Wire.readString(in);
                String msg = Wire.readString(in);
                byte[] bytes = Wire.readBytes(in);
                String text = Wire.readString(in);
                int n = in.readInt();
                if (n < 0 || n > 1_000_000) {
                    throw new ProtocolException("bad stack depth " + n);
                }
                StackTraceElement[] stack = new StackTraceElement[n];
                for (int i = 0; i < n; i++) {
                    stack[i] = new StackTraceElement(Wire.readString(in), Wire.readString(in), Wire.readString(in),
                            in.readInt());
                }
                completeFailed(job, cls, msg, bytes, text, stack);
            }
        }

        private void completeOk(Job job, byte[] bytes) {
            try {
                job.future.complete(Serial.deserialize(bytes, resultAllowList(job), job.task.loader));
            } catch (Serial.RefusedClassException e) {
                job.future.fail(new OffloadException("the task's result holds a " + e.refused + ", which the process"
                        + " pool's deserialization filter refuses; admit it with TaskPool.ProcessOptions"
                        + ".allowClasses(" + simpleName(e.refused) + ".class) or allowPackages(\""
                        + packageOf(e.refused) + "\")", e));
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                job.future.fail(new OffloadException("cannot deserialize the task's result: " + e, e));
            }
        }

        private void completeFailed(Job job, String cls, String msg, byte[] bytes, String text,
                                    StackTraceElement[] stack) {
            String why = "it is not serializable";
            if (bytes != null) {
                try {
                    Object t = Serial.deserialize(bytes, resultAllowList(job), job.task.loader);
                    if (t instanceof Throwable th) {
                        job.future.fail(th);
                        return;
                    }
                    why = "it arrived as a " + (t == null ? "null" : t.getClass().getName());
                } catch (Serial.RefusedClassException e) {
                    why = "the deserialization filter refuses " + e.refused + "; admit it with TaskPool"
                            + ".ProcessOptions.allowClasses";
                } catch (IOException | ClassNotFoundException | RuntimeException e) {
                    why = "it cannot be deserialized here: " + e;
                }
            }
            job.future.fail(new RemoteTaskException(cls, msg, text, stack, why));
        }

        /** Sends STOP and waits for the worker to say goodbye and exit; kills it when it does not. */
        void stop() {
            try {
                Wire.begin(out, Wire.STOP);
                out.flush();
                if (Wire.readType(in) == Wire.BYE) {
                    reportedCpu = Math.max(reportedCpu, in.readLong());
                }
            } catch (IOException e) {
                // it is going away either way; awaitExit below makes sure
            }
            awaitExit();
        }

        /** Reaps the process, killing it if it has not ended within {@link #STOP_LIMIT}; returns its exit status. */
        int awaitExit() {
            try {
                if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                }
                stderr.awaitEnd();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }
    }

    private static String simpleName(String binaryName) {
        return binaryName.substring(binaryName.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static String packageOf(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    private AllowList resultAllowList(Job job) {
        Set<String> names = new HashSet<>(job.task.names);
        names.addAll(job.itemNames);
        names.addAll(options.allowedClasses());
        return new AllowList(names, options.allowedPackages());
    }

    /** How a process ended, in words: the exit status and the signal it most likely stands for. */
    static String ended(int status) {
        if (status == -1) {
            return "exit status unknown";
        }
        if (status > 128 && status < 128 + 65) {
            int sig = status - 128;
            String name = switch (sig) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 3 -> "SIGQUIT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "signal " + sig;
            };
            return "exit status " + status + ": killed by signal " + sig + " (" + name + ")"
                    + (sig == 9 ? ", e.g. kill -9 or the kernel's out-of-memory killer" : "");
        }
        if (status == 3) {
            return "exit status 3: with -XX:+ExitOnOutOfMemoryError this is an OutOfMemoryError"
                    + " (or System.exit(3))";
        }
        return "exit status " + status + " (System.exit(" + status + ") or a crash)";
    }

    /** A worker slot: its driver thread, its current worker and the job it runs. */
    private final class Slot implements Runnable {
        private final int index;
        volatile Worker worker;
        // guarded by this
        private Job current;
        private Kill killReason;

        Slot(int index, Worker worker) {
            this.index = index;
            this.worker = worker;
        }

        /** Kills the worker if it is running {@code job} ({@code null}: any job) and no kill is under way. */
        synchronized void kill(Job job, Kill reason) {
            Worker w = worker;
            if (current != null && (job == null || current == job) && killReason == null && w != null) {
                killReason = reason;
                w.reportedCpu = Math.max(w.reportedCpu, CpuClock.processCpuNanos(w.pid));
                w.process.destroyForcibly();
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Job job = queue.take();
                    if (job == POISON) {
                        break;
                    }
                    try {
                        runJob(job);
                    } catch (RuntimeException | Error e) {
                        // a bug here must not silently stop this slot and leave futures pending forever
                        LOG.log(System.Logger.Level.ERROR, "offload process pool slot " + index + " failed", e);
                        job.future.fail(new OffloadException("the process pool failed while running a task: " + e,
                                e));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Worker w = worker;
                worker = null;
                if (w != null) {
                    if (stopNow) {
                        w.process.destroyForcibly();
                    }
                    w.stop();
                    endedWorkersCpu.addAndGet(w.reportedCpu);
                }
                terminated.countDown();
                if (terminated.getCount() == 0) {
                    timer.shutdownNow();
                }
            }
        }

        private void runJob(Job job) {
            for (int attempt = 1; ; attempt++) {
                if (runAttempt(job, attempt)) {
                    return;
                }
            }
        }

        /**
         * Sends {@code job} to this slot's worker (starting one first if it has none or it died idle) and completes
         * the job. Returns {@code false} when the worker died before it accepted the job, so the job never started
         * and may be sent again: a worker killed while idle must not take the next task down with it.
         */
        private boolean runAttempt(Job job, int attempt) {
            if (job.future.isDone()) {
                return true; // cancelled while queued
            }
            if (stopNow) {
                job.future.cancel(false);
                return true;
            }
            Worker w = worker;
            if (w == null || !w.process.isAlive()) {
                if (w != null) {
                    retire(w, "worker process " + w.pid + " ended while idle: " + ended(w.awaitExit()));
                }
                try {
                    w = replace();
                } catch (OffloadException e) {
                    job.future.fail(e);
                    return true;
                }
            }
            synchronized (this) {
                // stopNow is read under the lock that shutdownNow's kill takes: either it sees this job as current
                // and kills the worker, or this sees stopNow; a dequeued job never escapes shutdownNow.
                if (stopNow) {
                    job.future.cancel(false);
                    return true;
                }
                current = job;
                killReason = null;
            }
            if (job.future.isCancelled()) {
                synchronized (this) {
                    current = null;
                }
                return true;
            }
            Duration limit = options.taskTimeout();
            ScheduledFuture<?> timeout = limit == null ? null
                    : timer.schedule(() -> kill(job, Kill.TIMEOUT), limit.toNanos(), TimeUnit.NANOSECONDS);
            IOException broken = null;
            try {
                w.send(job);
                w.receive(job);
            } catch (ProtocolException e) {
                kill(job, Kill.CORRUPT);
                broken = e;
            } catch (IOException e) {
                broken = e;
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            Kill reason;
            synchronized (this) {
                current = null;
                reason = killReason;
                killReason = null;
            }
            w.dispatches++;
            if (broken != null || reason != null) {
                int status = w.awaitExit();
                boolean neverStarted = broken != null && reason == null && w.accepted != job.id;
                if (neverStarted && attempt < MAX_ATTEMPTS) {
                    retire(w, "worker process " + w.pid + " died before it took a task (" + ended(status)
                            + "); sending the task to a replacement");
                    return false;
                }
                if (broken != null) {
                    failDead(job, w, reason, status, broken, neverStarted);
                }
                retire(w, null);
                restartUnlessStopping();
            } else if (options.maxTasksPerWorker() > 0 && w.dispatches >= options.maxTasksPerWorker()) {
                w.stop();
                retire(w, null);
                restartUnlessStopping();
            }
            return true;
        }

        private void failDead(Job job, Worker w, Kill reason, int status, IOException broken,
                              boolean neverStarted) {
            if (reason == null) {
                job.future.fail(new WorkerDiedException("worker process " + w.pid + (neverStarted
                        ? " died before it took a task, on the last of " + MAX_ATTEMPTS + " workers tried: "
                        : " died while running a task: ") + ended(status) + w.stderr.tail(), w.pid, status));
            } else {
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
        }

        private void retire(Worker w, String why) {
            if (why != null) {
                LOG.log(System.Logger.Level.WARNING, why + "; starting a replacement");
            }
            worker = null; // first, so workerCpuTime() never counts this worker twice
            endedWorkersCpu.addAndGet(w.reportedCpu);
        }

        /** Starts a replacement now, so the next job does not wait for it, unless the pool is winding down. */
        private void restartUnlessStopping() {
            if (stopNow || (shutdown && queue.stream().allMatch(j -> j == POISON))) {
                return;
            }
            try {
                replace();
            } catch (OffloadException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot start a replacement worker (slot " + index
                        + "); will try again for the next task", e);
            }
        }

        private Worker replace() {
            Worker w = launch();
            try {
                w.handshake();
            } catch (OffloadException e) {
                worker = null;
                throw e;
            }
            worker = w;
            return w;
        }
    }

    /** Copies a worker's stderr to ours and keeps its last {@link #TAIL} bytes for error messages. */
    private static final class StderrCopier implements Runnable {
        private static final int TAIL = 2048;
        private final InputStream in;
        private final byte[] tail = new byte[TAIL];
        private long written;
        private final CountDownLatch ended = new CountDownLatch(1);

        StderrCopier(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    System.err.write(buf, 0, n);
                    System.err.flush();
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            tail[(int) (written++ % TAIL)] = buf[i];
                        }
                    }
                }
            } catch (IOException e) {
                // the worker is gone
            } finally {
                ended.countDown();
            }
        }

        void awaitEnd() throws InterruptedException {
            ended.await(2, TimeUnit.SECONDS);
        }

        /** The last lines the worker wrote to stderr, as a message suffix, or "" when it wrote none. */
        synchronized String tail() {
            if (written == 0) {
                return "";
            }
            int n = (int) Math.min(written, TAIL);
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = tail[(int) ((written - n + i) % TAIL)];
            }
            String s = new String(b, StandardCharsets.UTF_8).strip();
            return "; its last standard error output:\n" + s;
        }
    }

}
