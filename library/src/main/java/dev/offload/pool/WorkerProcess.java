package dev.offload.pool;

import dev.offload.OffloadException;
import dev.offload.timing.CpuClock;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One worker JVM: starting it, its pipes (through a {@link WireCodec}), its stderr copy, and how it ended. Knows
 * nothing of jobs or scheduling; {@link WorkerSlot} and its {@link SlotDriver} do. Used by one driver thread at a time,
 * except {@link #kill()} and the CPU figures, which any thread may call.
 */
final class WorkerProcess {
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    final Process process;
    final long pid;
    final WireCodec wire;
    final StderrTail stderr;
    private final List<String> command;
    /** The class path entries this worker has: its command line's, and those sent with tasks since. */
    final Set<String> classPath;
    /** The ref of the last task sent, which the worker keeps. */
    long lastTaskRef = -1;
    /** Dispatches written to this worker (for maxTasksPerWorker). */
    int sent;
    private volatile long reportedCpu;

    private WorkerProcess(Process process, List<String> command, Set<String> classPath, String threadPrefix) {
        this.process = process;
        this.pid = process.pid();
        this.command = command;
        this.classPath = classPath;
        this.wire = new WireCodec(process.getInputStream(), process.getOutputStream());
        this.stderr = new StderrTail(process.getErrorStream());
        Thread.ofPlatform().daemon().name(threadPrefix + "-stderr-" + pid).start(stderr);
    }

    /**
     * Starts a worker JVM; it is usable after {@link #handshake}.
     *
     * @throws OffloadException when the process cannot be started at all
     */
    static WorkerProcess start(List<String> command, List<String> classPath, String threadPrefix) {
        try {
            Process p = new ProcessBuilder(command).start();
            return new WorkerProcess(p, command, new HashSet<>(classPath), threadPrefix);
        } catch (IOException e) {
            throw new OffloadException("cannot start a worker process with " + command.get(0) + ": " + e
                    + "; command: " + String.join(" ", command), e);
        }
    }

    /** Waits for the worker's hello; kills it if it does not come within {@code limit}. */
    void handshake(ScheduledExecutorService timer, Duration limit) {
        ScheduledFuture<?> kill = timer.schedule(process::destroyForcibly, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Message m = wire.read();
            if (!(m instanceof Message.Hello)) {
                throw new ProtocolException("expected a hello frame, got " + m.getClass().getSimpleName());
            }
        } catch (IOException e) {
            process.destroyForcibly();
            String why = e instanceof EOFException ? "its standard output ended before it said hello"
                    : e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            throw new OffloadException("worker process " + pid + " did not start: " + why + "; "
                    + ExitStatus.describe(awaitExit()) + "; command: " + String.join(" ", command)
                    + stderr.suffix(), e);
        } finally {
            kill.cancel(false);
        }
    }

    /** Records the CPU time the worker reported (or the kernel's figure, when higher). */
    void reportCpu(long nanos) {
        reportedCpu = Math.max(reportedCpu, nanos);
    }

    /** The worker's CPU time: the latest of its reports and, while it lives, the kernel's account. */
    long cpuNanos() {
        return Math.max(reportedCpu, CpuClock.processCpuNanos(pid));
    }

    /** The CPU time last reported, for a worker that has ended. */
    long reportedCpu() {
        return reportedCpu;
    }

    /** Kills the process now (SIGKILL); the slot notices through its pipes. */
    void kill() {
        reportCpu(CpuClock.processCpuNanos(pid));
        process.destroyForcibly();
    }

    /** Sends a stop and waits for the worker to say goodbye and exit; kills it when it does not. */
    void stop() {
        try {
            wire.write(new Message.Stop());
            wire.flush();
            // the answer to a recall written just before the stop may come first
            for (int frames = 0; frames < 4; frames++) {
                Message m = wire.read();
                if (m instanceof Message.Bye bye) {
                    reportCpu(bye.cpuNanos());
                    break;
                }
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
