package dev.offload.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the process pool's worker JVMs, all with one command line, and keeps the pool's account of them: how many
 * were started and the CPU time of those that have ended.
 */
final class WorkerLauncher {
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final List<String> command;
    private final List<String> classPath;
    private final String threadPrefix;
    private final ScheduledExecutorService timer;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLong endedCpu = new AtomicLong();

    WorkerLauncher(ProcessOptions options, String threadPrefix, ScheduledExecutorService timer) {
        this.classPath = WorkerClassPath.forWorkers(options);
        this.command = WorkerCommand.of(options, classPath);
        this.threadPrefix = threadPrefix;
        this.timer = timer;
    }

    /**
     * Starts {@code n} workers at once, then waits for each one's hello: the JVMs boot in parallel. Kills them all
     * when one does not start.
     */
    List<WorkerProcess> startAll(int n) {
        List<WorkerProcess> workers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                workers.add(launch());
            }
            for (WorkerProcess w : workers) {
                w.handshake(timer, START_LIMIT);
            }
        } catch (RuntimeException e) {
            workers.forEach(w -> w.process.destroyForcibly());
            throw e;
        }
        return workers;
    }

    /**
     * Starts one worker and waits for its hello.
     *
     * @throws dev.offload.OffloadException when it does not start
     */
    WorkerProcess start() {
        WorkerProcess w = launch();
        w.handshake(timer, START_LIMIT);
        return w;
    }

    private WorkerProcess launch() {
        WorkerProcess w = WorkerProcess.start(command, classPath, threadPrefix);
        started.incrementAndGet();
        return w;
    }

    /** Adds what an ended worker reported to the pool's CPU time. */
    void ended(WorkerProcess w) {
        endedCpu.addAndGet(w.reportedCpu());
    }

    int started() {
        return started.get();
    }

    /** The CPU time of the workers that have ended. */
    long endedCpuNanos() {
        return endedCpu.get();
    }
}
