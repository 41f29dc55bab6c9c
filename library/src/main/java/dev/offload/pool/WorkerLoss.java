package dev.offload.pool;

import dev.offload.OffloadException;
import dev.offload.pool.WorkerSlot.Kill;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What the jobs of a lost worker end with. The one it had accepted fails (it died running it, or was killed for a
 * timeout, a cancel, a shutdown or a corrupt stream); those it had not accepted never started and go to a
 * replacement, unless the pool stops now, or the first of them has now seen {@link #MAX_ATTEMPTS} workers die before
 * taking it: at most once, never lost.
 */
final class WorkerLoss {
    /** Workers a job is sent to when each dies before accepting it (a task is never run twice: see Accepted). */
    static final int MAX_ATTEMPTS = 3;

    private WorkerLoss() {
    }

    /**
     * Completes the futures of the jobs that end here and returns, in order, those to send to a replacement.
     *
     * @param held        what the slot held when its worker was lost
     * @param w           the worker, reaped
     * @param status      its exit status
     * @param broken      the read or write that failed
     * @param stopping    whether the pool stops now, read per job (it may start to while this runs)
     * @param taskTimeout the pool's task timeout, for the message of a job killed by it
     */
    static List<Job> settle(WorkerSlot.Held held, WorkerProcess w, int status, IOException broken,
                            BooleanSupplier stopping, Duration taskTimeout) {
        Kill reason = held.reason();
        List<Job> jobs = held.jobs();
        List<Job> again = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            if (i == 0 && held.accepted()) {
                failDead(job, w, reason, status, broken, taskTimeout);
            } else if (stopping.getAsBoolean()) {
                job.future.cancel(false);
            } else if (i == 0 && reason == null && ++job.attempts >= MAX_ATTEMPTS) {
                job.future.fail(new WorkerDiedException("worker process " + w.pid + " died before it took a task,"
                        + " on the last of " + MAX_ATTEMPTS + " workers tried: " + ExitStatus.describe(status)
                        + w.stderr.suffix(), w.pid, status));
            } else if (i == 0 && reason == Kill.CORRUPT) {
                failDead(job, w, reason, status, broken, taskTimeout);
            } else {
                again.add(job);
            }
        }
        return again;
    }

    private static void failDead(Job job, WorkerProcess w, Kill reason, int status, IOException broken,
                                 Duration taskTimeout) {
        if (reason == null) {
            job.future.fail(new WorkerDiedException("worker process " + w.pid + " died while running a task: "
                    + ExitStatus.describe(status) + w.stderr.suffix(), w.pid, status));
            return;
        }
        switch (reason) {
            case TIMEOUT -> job.future.fail(new TimeoutException("the task ran longer than the pool's"
                    + " taskTimeout of " + taskTimeout + "; its worker process " + w.pid
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
