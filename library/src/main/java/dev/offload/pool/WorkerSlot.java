package dev.offload.pool;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One worker's place in the process pool: its current worker and the jobs written to it, oldest (the head) first,
 * with whether the worker has accepted the head, why it is being killed and whether a recall is out. All of that is
 * guarded by this object's lock. Its driver thread ({@link SlotDriver}) moves jobs in and out; any thread may kill the
 * worker or recall its unstarted jobs through {@link #kill}, and the pool's timer recalls the jobs behind a head that
 * runs too long ({@link WriteAhead#RECALL_AFTER_NANOS}).
 *
 * <p>Anything that kills a worker first records why here, and only for the job the worker has accepted, so a late
 * timeout never kills a worker that has moved on.
 */
final class WorkerSlot {
    /** Why the pool killed a worker, which decides what the job it was running ends with. */
    enum Kill { TIMEOUT, CANCELLED, SHUTDOWN_NOW, CORRUPT }

    /**
     * What a lost worker held.
     *
     * @param reason   why it was killed, or {@code null} when it died by itself
     * @param accepted whether it had accepted the first of {@code jobs}
     * @param jobs     the jobs written to it, oldest first
     */
    record Held(Kill reason, boolean accepted, List<Job> jobs) {
    }

    final int index;
    private final JobQueue queue;
    private final ScheduledExecutorService timer;
    /** Written by the driver thread only; {@code null} between a worker's end and its replacement. */
    volatile WorkerProcess worker;
    private final ArrayDeque<Job> inflight = new ArrayDeque<>();
    private boolean headAccepted;
    private long headAcceptedAt;
    private Kill killReason;
    /** A recall is written and its answer not yet read. */
    private boolean recalling;
    /** The pending check for a stuck head ({@link #checkStuck}). */
    private ScheduledFuture<?> checker;

    WorkerSlot(int index, WorkerProcess worker, JobQueue queue, ScheduledExecutorService timer) {
        this.index = index;
        this.worker = worker;
        this.queue = queue;
        this.timer = timer;
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
            if (ran < WriteAhead.RECALL_AFTER_NANOS) {
                scheduleCheck(WriteAhead.RECALL_AFTER_NANOS - ran);
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

    synchronized boolean idle() {
        return inflight.isEmpty();
    }

    /** Whether the worker has enough written to it for now ({@link WriteAhead#enough}). */
    synchronized boolean enoughWritten() {
        return WriteAhead.enough(inflight.size(), recalling);
    }

    /** Whether one more job may be written ahead, no recall being out ({@link WriteAhead#room}). */
    synchronized boolean roomAhead(int otherSlots) {
        return !recalling && WriteAhead.room(inflight.size(), otherSlots, queue.size());
    }

    /** Bytes of the jobs written behind the head. */
    synchronized long aheadBytes() {
        long ahead = 0;
        boolean head = true;
        for (Job j : inflight) {
            ahead += head ? 0 : j.size;
            head = false;
        }
        return ahead;
    }

    /**
     * Takes {@code job} in flight, to be written next; cancels it instead and returns false once the pool stops now.
     * The stop is read under the lock that {@code shutdownNow}'s kill and cancel take: either they see this job in
     * flight, or this sees the stop; a dequeued job never escapes {@code shutdownNow}.
     */
    synchronized boolean add(Job job) {
        if (queue.stopping()) {
            job.future.cancel(false);
            return false;
        }
        if (inflight.isEmpty()) {
            headAccepted = false;
            killReason = null;
        }
        inflight.addLast(job);
        if (inflight.size() > 1) {
            scheduleCheck(WriteAhead.RECALL_AFTER_NANOS);
        }
        return true;
    }

    /** The oldest job in flight, or {@code null}. */
    synchronized Job head() {
        return inflight.peekFirst();
    }

    /** The worker accepted job {@code id}, which must be {@code head}, not yet accepted. */
    synchronized void accepted(Job head, long id) throws ProtocolException {
        if (head == null || id != head.id || headAccepted) {
            throw new ProtocolException("worker accepted job " + id + " while job "
                    + (head == null ? "none" : head.id) + " was next");
        }
        headAccepted = true;
        headAcceptedAt = System.nanoTime();
    }

    /** Checks that a reply is for {@code head}, which the worker accepted. */
    synchronized void checkReply(Job head, long replyId) throws ProtocolException {
        if (head == null || replyId != head.id || !headAccepted) {
            throw new ProtocolException("reply to job " + replyId + " while job "
                    + (head == null ? "none" : head.id)
                    + (headAccepted ? " was running" : " was not accepted"));
        }
    }

    /** How long ago the worker accepted the head. */
    synchronized long headRanNanos() {
        return System.nanoTime() - headAcceptedAt;
    }

    /** Drops the finished head; returns why the worker is being killed, or {@code null}. */
    synchronized Kill finishHead() {
        inflight.removeFirst();
        headAccepted = false;
        return killReason;
    }

    /**
     * Takes out the jobs a {@link Message.Returned} names, which the worker must hold unstarted; ends the recall.
     *
     * @throws ProtocolException when the worker names one it did not hold unstarted
     */
    synchronized List<Job> takeBack(long[] ids) throws ProtocolException {
        List<Job> back = new ArrayList<>(ids.length);
        recalling = false;
        for (long id : ids) {
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
        return back;
    }

    /** Empties the slot of its jobs, the kill reason and any recall: its worker is gone. */
    synchronized Held clear() {
        Held held = new Held(killReason, headAccepted, new ArrayList<>(inflight));
        inflight.clear();
        headAccepted = false;
        killReason = null;
        recalling = false;
        return held;
    }

    /** A recall the retired worker never answered must not stop writing ahead to its replacement. */
    synchronized void forgetRecall() {
        recalling = false;
    }
}
