package dev.offload.pool;

import dev.offload.OffloadException;
import dev.offload.pool.WorkerSlot.Kill;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The platform thread that drives one {@link WorkerSlot}: it takes jobs from the shared {@link JobQueue}, writes them
 * to the slot's worker (ahead of the replies while tasks are short: {@link WriteAhead}), reads the worker's replies
 * and completes the jobs' futures, and owns the worker's life. When a read or write fails (the worker died, or was
 * killed for a timeout or a cancel) it fails the one job the worker had accepted, reaps the process and starts a
 * replacement; the jobs a dead worker had not accepted never started and go back to the front of the queue, for a
 * replacement: at most once, never lost. It ends, stopping its worker, once it has taken its poison and its worker is
 * idle.
 */
final class SlotDriver implements Runnable {
    /** The pool's logger: what operators configure for the process pool. */
    private static final System.Logger LOG = System.getLogger(ProcessPool.class.getName());

    private final WorkerSlot slot;
    private final JobQueue queue;
    private final WorkerLauncher launcher;
    private final ProcessOptions options;
    private final int slots;
    private final ScheduledExecutorService timer;
    private final Runnable onEnd;
    // this thread's own
    private boolean poisoned;
    private boolean shortTasks;
    private ScheduledFuture<?> timeout;

    /**
     * @param slots the pool's slot count, for this one's fair share of the queue
     * @param onEnd run last on this thread, when it ends
     */
    SlotDriver(WorkerSlot slot, JobQueue queue, WorkerLauncher launcher, ProcessOptions options, int slots,
               ScheduledExecutorService timer, Runnable onEnd) {
        this.slot = slot;
        this.queue = queue;
        this.launcher = launcher;
        this.options = options;
        this.slots = slots;
        this.timer = timer;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        try {
            while (!(poisoned && slot.idle())) {
                try {
                    fill();
                    if (!slot.idle()) {
                        readOne(slot.worker);
                    }
                } catch (IOException e) {
                    lost(slot.worker, e);
                } catch (RuntimeException | Error e) {
                    WorkerProcess w = slot.worker;
                    // a bug here must not silently stop this slot and leave futures pending forever
                    LOG.log(System.Logger.Level.ERROR, "offload process pool slot " + slot.index + " failed", e);
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
            WorkerProcess w = slot.worker;
            slot.worker = null;
            if (w != null) {
                if (queue.stopping()) {
                    w.process.destroyForcibly();
                }
                w.stop();
                launcher.ended(w);
            }
            onEnd.run();
        }
    }

    /**
     * Writes jobs to the worker: waits for one when it has none, and adds more without waiting while its tasks are
     * short. Flushes once at the end.
     */
    private void fill() throws InterruptedException, IOException {
        if (slot.enoughWritten()) {
            return;
        }
        boolean wrote = false;
        try {
            while (!poisoned) {
                boolean idle = slot.idle();
                if (!idle && !mayWriteAhead()) {
                    return;
                }
                Job job = idle ? queue.take() : queue.poll();
                if (job == null) {
                    return;
                }
                if (job == Job.POISON) {
                    poisoned = true;
                    return;
                }
                if (job.future.isDone()) {
                    continue; // cancelled while queued
                }
                WorkerProcess w = idle ? workerForIdle(job) : slot.worker;
                if (w == null) {
                    continue;
                }
                if (!idle && !WriteAhead.fits(slot.aheadBytes(), WriteAhead.dispatchSize(w, job))) {
                    queue.putBack(job); // it would not fit in the pipe behind the others: send it later
                    return;
                }
                if (!slot.add(job)) {
                    continue; // the pool stops now: cancelled
                }
                send(w, job);
                wrote = true;
            }
        } finally {
            WorkerProcess w = slot.worker;
            if (wrote && w != null) {
                w.wire.flush();
            }
        }
    }

    /** The worker for a job when none is in flight: a replacement if it died while idle; null if none starts. */
    private WorkerProcess workerForIdle(Job job) {
        WorkerProcess w = slot.worker;
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
        WorkerProcess w = slot.worker;
        int max = options.maxTasksPerWorker();
        if (!shortTasks || w == null || (max > 0 && w.sent >= max)) {
            return false;
        }
        return slot.roomAhead(slots - 1);
    }

    private static void send(WorkerProcess w, Job job) throws IOException {
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
        Job head = slot.head();
        switch (m) {
            case Message.Accepted a -> {
                slot.accepted(head, a.id());
                Duration limit = options.taskTimeout();
                if (limit != null) {
                    timeout = timer.schedule(() -> slot.kill(head, Kill.TIMEOUT), limit.toNanos(),
                            TimeUnit.NANOSECONDS);
                }
            }
            case Message.Result r -> {
                slot.checkReply(head, r.id());
                w.reportCpu(r.cpuNanos());
                head.complete(r.value(), options);
                finishHead(w);
            }
            case Message.Failure f -> {
                slot.checkReply(head, f.id());
                w.reportCpu(f.cpuNanos());
                head.fail(f, options);
                finishHead(w);
            }
            case Message.Returned r -> takeBack(w, r);
            default -> throw new ProtocolException("unexpected " + m.getClass().getSimpleName() + " frame");
        }
    }

    /** The worker handed back jobs it had not started: to the front of the queue, for whichever worker is free. */
    private void takeBack(WorkerProcess w, Message.Returned r) throws ProtocolException {
        List<Job> back = slot.takeBack(r.ids());
        w.sent -= back.size();
        if (queue.stopping()) {
            back.forEach(j -> j.future.cancel(false));
            return;
        }
        queue.putBack(back);
        if (poisoned && !back.isEmpty()) {
            // this slot took its poison before the jobs came back; the other slots may have ended: run them here
            poisoned = false;
            queue.addPoison();
        }
    }

    /** The oldest job is done: drop it, learn whether tasks are short, recycle the worker if it is due. */
    private void finishHead(WorkerProcess w) throws IOException {
        cancelTimeout();
        shortTasks = WriteAhead.isShort(slot.headRanNanos());
        Kill reason = slot.finishHead();
        if (reason != null) {
            // killed just as its job finished: the rest was never started
            throw new InterruptedIOException("worker killed (" + reason + ")");
        }
        if (options.maxTasksPerWorker() > 0 && w.sent >= options.maxTasksPerWorker() && slot.idle()) {
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
     * The worker is gone or unusable: reap it, settle its jobs ({@link WorkerLoss}), send back to the queue those it
     * never started and start a replacement.
     */
    private void lost(WorkerProcess w, IOException broken) {
        cancelTimeout();
        if (broken instanceof ProtocolException) {
            slot.kill(null, Kill.CORRUPT);
        }
        WorkerSlot.Held held = slot.clear();
        if (w == null) {
            return;
        }
        w.process.destroyForcibly();
        int status = w.awaitExit();
        List<Job> again = WorkerLoss.settle(held, w, status, broken, queue::stopping, options.taskTimeout());
        queue.putBack(again);
        retire(w, again.isEmpty() ? null : "worker process " + w.pid + " died before it took " + again.size()
                + " task(s) (" + ExitStatus.describe(status) + "); sending them to a replacement");
        restartUnlessStopping();
    }

    private void failAll(Throwable t) {
        slot.clear().jobs().forEach(j -> j.future.fail(t));
    }

    private void retire(WorkerProcess w, String why) {
        if (why != null) {
            LOG.log(System.Logger.Level.WARNING, why + "; starting a replacement");
        }
        slot.worker = null; // first, so workerCpuTime() never counts this worker twice
        shortTasks = false;
        slot.forgetRecall();
        launcher.ended(w);
    }

    /** Starts a replacement now, so the next job does not wait for it, unless the pool is winding down. */
    private void restartUnlessStopping() {
        if (queue.stopping() || slot.worker != null || queue.drained()) {
            return;
        }
        try {
            replace();
        } catch (OffloadException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot start a replacement worker (slot " + slot.index
                    + "); will try again for the next task", e);
        }
    }

    private WorkerProcess replace() {
        WorkerProcess w;
        try {
            w = launcher.start();
        } catch (OffloadException e) {
            slot.worker = null;
            throw e;
        }
        slot.worker = w;
        return w;
    }
}
