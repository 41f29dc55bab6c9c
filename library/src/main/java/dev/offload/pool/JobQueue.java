package dev.offload.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * The process pool's one FIFO queue of jobs, shared by its slots, and the pool's run state: open, shut down (no new
 * jobs; one {@link Job#POISON} per slot queued behind the real ones) or stopping now (queued jobs cancelled). Jobs a
 * slot takes back from its worker go to the front, for whichever slot is free first.
 */
final class JobQueue {
    private final LinkedBlockingDeque<Job> jobs = new LinkedBlockingDeque<>();
    /** Orders submissions against shutdown: a batch is queued whole before the poison, or rejected. */
    private final Object submitLock = new Object();
    private final int slots;
    private volatile boolean shutdown;
    private volatile boolean stopNow;

    JobQueue(int slots) {
        this.slots = slots;
    }

    /** Throws {@link RejectedExecutionException} once the pool is shut down. */
    void checkOpen() {
        if (shutdown) {
            throw new RejectedExecutionException("the process pool is shut down");
        }
    }

    /** Queues a whole batch at once, so the slots see it together, or rejects it after shutdown. */
    void submit(List<Job> batch) {
        synchronized (submitLock) {
            checkOpen();
            jobs.addAll(batch);
        }
    }

    /** Takes no more jobs; those queued still run, then each slot takes its poison. */
    void shutdown() {
        synchronized (submitLock) {
            if (shutdown) {
                return;
            }
            shutdown = true;
            poisonAll();
        }
    }

    /**
     * Takes no more jobs and cancels those queued; returns how many it cancelled. The caller then stops the slots
     * and {@linkplain #poisonAll() poisons} them.
     */
    int stopNow() {
        synchronized (submitLock) {
            shutdown = true;
            stopNow = true;
        }
        List<Job> pending = new ArrayList<>();
        jobs.drainTo(pending);
        int cancelled = 0;
        for (Job j : pending) {
            if (j != Job.POISON && j.future.cancel(false)) {
                cancelled++;
            }
        }
        return cancelled;
    }

    /** Queues one poison per slot. */
    void poisonAll() {
        for (int i = 0; i < slots; i++) {
            jobs.add(Job.POISON);
        }
    }

    boolean isShutdown() {
        return shutdown;
    }

    /** Whether {@link #stopNow()} was called: jobs met from now on are cancelled, never run. */
    boolean stopping() {
        return stopNow;
    }

    /** Whether only poison is left after shutdown: a slot that lost its worker need not start another. */
    boolean drained() {
        return shutdown && jobs.stream().allMatch(j -> j == Job.POISON);
    }

    /** The next job, waiting for one. */
    Job take() throws InterruptedException {
        return jobs.take();
    }

    /** The next job, or {@code null} when none is queued. */
    Job poll() {
        return jobs.poll();
    }

    /** Puts a job back at the front (it did not fit behind the others on a worker). */
    void putBack(Job job) {
        jobs.addFirst(job);
    }

    /** Puts jobs back at the front, in their order, for the next free slot. */
    void putBack(List<Job> back) {
        for (int i = back.size() - 1; i >= 0; i--) {
            jobs.addFirst(back.get(i));
        }
    }

    /** Queues one more poison behind everything (a slot that took its own too early). */
    void addPoison() {
        jobs.addLast(Job.POISON);
    }

    /** Jobs queued (poison included), for a slot's fair share of them. */
    int size() {
        return jobs.size();
    }
}
