package dev.offload.opencl;

import dev.offload.backend.Phases;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_event;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread's turn on a backend's command queue: holds the queue lock from construction to {@link #close()}, hands
 * out profiling events tagged with the phase they belong to, and on {@link #finish()} waits for the queue and adds
 * each event's device time ({@code END - START}) to the call's {@link Phases}.
 *
 * <p>Each wait for the whole queue (a blocking command, or {@code clFinish}) also counts how much longer the host
 * waited than the commands it waited for ran on the device, as {@linkplain Phases#queue queue time}, with the host's
 * time in the calls that enqueue kernels and other non-blocking commands: on a CPU runtime such as PoCL, waking its
 * worker threads and being woken by them is most of a small call, and would otherwise show in no phase.
 *
 * <pre>{@code
 * try (Enqueue q = backend.enqueue(phases)) {
 *     kernel.arg(0, in).arg(1, n);                       // args only while holding the queue
 *     q.launch(kernel, global, local);
 *     CL.clEnqueueReadBuffer(q.queue(), mem, false, 0, bytes, ptr, 0, null, q.event(Enqueue.Phase.DOWNLOAD));
 *     q.finish();                                        // waits; records times
 * }
 * }</pre>
 *
 * <p>Closing without {@link #finish()} (an exception on the way) still waits for the queue, so nothing enqueued can
 * outlive the buffers the caller is about to release, then releases the events and the lock.
 */
final class Enqueue implements AutoCloseable {
    /** Which {@link Phases} bucket an event's time goes to. */
    enum Phase { UPLOAD, KERNEL, DOWNLOAD }

    private record Tagged(cl_event event, Phase phase) {
    }

    /** Longest poll of {@link #drain()} before it sleeps. */
    static final long POLL_NANOS = 50_000;

    private final cl_command_queue queue;
    private final ReentrantLock lock;
    private final Phases phases;
    /** Direct memory for profiling queries: JOCL passes it as it is, where a heap array costs 0.5 us more a query. */
    private final ByteBuffer scratch;
    private final Pointer scratchPointer;
    private final List<Tagged> events = new ArrayList<>();
    /** Events before this index have had their device time added to the phases. */
    private int settled;
    private boolean finished;
    /** Whether a command was enqueued since the queue was last known to be empty (see {@link #waited}). */
    private boolean pending;
    /** The event of the last command enqueued, or null when that command has none (see {@link #drain()}). */
    private cl_event last;
    /** Host time in enqueue calls and waits since the last wait settled (see {@link #waited}). */
    private long onQueue;

    Enqueue(cl_command_queue queue, ReentrantLock lock, Phases phases, ByteBuffer scratch, Pointer scratchPointer) {
        this.queue = queue;
        this.lock = lock;
        this.phases = phases;
        this.scratch = scratch;
        this.scratchPointer = scratchPointer;
        lock.lock();
    }

    /** The command queue (in order, profiling enabled), to enqueue on: from here on {@link #finish()} waits. */
    cl_command_queue queue() {
        pending = true;
        last = null;            // this command may have no event; event() sets it again when it has one
        return queue;
    }

    /** The phases of the call in progress, for host-side times (staging copies). */
    Phases phases() {
        return phases;
    }

    /** A fresh event to pass to one {@code clEnqueue*} call; its time is counted under {@code phase}. */
    cl_event event(Phase phase) {
        cl_event e = new cl_event();
        events.add(new Tagged(e, phase));
        pending = true;
        last = e;
        return e;
    }

    /**
     * Records that a blocking command begun at {@code startNanos} ({@link System#nanoTime()}) has just returned, the
     * last command enqueued: on an in-order queue every command enqueued before it has completed too, so
     * {@link #finish()} needs no {@code clFinish} unless more is enqueued. On PoCL each wait is a round trip to the
     * device's worker threads (tens of microseconds), the largest part of a small call. The commands' device time
     * goes to their phases now; what the wait and the calls that enqueued them took beyond it, to queue time.
     */
    void waited(long startNanos) {
        onQueue += System.nanoTime() - startNanos;
        pending = false;
        // The device may have run these commands while the host was still in the calls that enqueued them (on PoCL
        // the enqueue wakes worker threads on the host's own cores), so the enqueue calls are counted with the wait.
        phases.queue(Math.max(0, onQueue - settle()));
        onQueue = 0;
    }

    /**
     * Records that the non-blocking enqueue calls begun at {@code startNanos} have returned: queue time, as a
     * kernel's launch (on PoCL an enqueue wakes the worker threads, and can take longer than the command runs),
     * less the commands' device time, counted at the next wait.
     */
    void enqueued(long startNanos) {
        onQueue += System.nanoTime() - startNanos;
    }

    /**
     * Whether every command enqueued in this turn has completed (or none was): then the host may read and write
     * {@linkplain ClBuffer#hostView() shared memory} without a kernel seeing it change.
     */
    boolean idle() {
        return !pending;
    }

    /**
     * Waits until everything enqueued so far has run; no wait when {@link #idle()}. When the last command has an
     * event, the host first polls it, yielding between polls, for up to {@value #POLL_NANOS} ns, and only then
     * sleeps in {@code clFinish}: on PoCL a small kernel is done within tens of microseconds, and a host thread that
     * sleeps on the queue waits as long again to be woken (measured: a launch and its wait 29-37 us polled, 48-50 us
     * through {@code clFinish}, with the machine otherwise idle). The bound is short because a polling thread takes
     * a core from a long kernel's worker threads (a 600 us kernel ran 7% slower under a 200 us poll, one run). On an
     * in-order queue the last command's completion is everyone's.
     */
    void drain() {
        if (pending) {
            long t0 = System.nanoTime();
            if (last == null || !polledDone(last, t0)) {
                CL.clFinish(queue);
            }
            waited(t0);
        }
    }

    /** Polls {@code e} until it completes (true) or fails, or {@link #POLL_NANOS} have passed (false). */
    private boolean polledDone(cl_event e, long t0) {
        if (!isSet(e)) {
            return false;
        }
        CL.clFlush(queue);             // polling alone does not submit anything
        while (true) {
            CL.clGetEventInfo(e, CL.CL_EVENT_COMMAND_EXECUTION_STATUS, Sizeof.cl_int, scratchPointer, null);
            int status = scratch.getInt(0);
            if (status == CL.CL_COMPLETE) {
                return true;
            }
            if (status < 0 || System.nanoTime() - t0 > POLL_NANOS) {
                return false;          // a failed command: clFinish reports it
            }
            Thread.yield();            // lets the runtime's worker thread run here if it was woken onto this core
        }
    }

    /** Enqueues a 1-D launch of {@code kernel}; its time counts as kernel time. Arguments must be set already. */
    void launch(ClKernel kernel, long global, long local) {
        CL.clEnqueueNDRangeKernel(queue(), kernel.kernel(), 1, null, new long[] {global}, new long[] {local}, 0, null,
                event(Phase.KERNEL));
    }

    /**
     * Enqueues a 2-D launch of {@code kernel} over exactly {@code global0 x global1} work-items, the local size left to
     * the runtime (so the global sizes need not be multiples of anything).
     */
    void launch2D(ClKernel kernel, long global0, long global1) {
        CL.clEnqueueNDRangeKernel(queue(), kernel.kernel(), 2, null, new long[] {global0, global1}, null, 0, null,
                event(Phase.KERNEL));
    }

    /** Waits until everything enqueued so far has run and adds the events' device times to the phases. */
    void finish() {
        drain();
        settle();
        release();
        finished = true;
    }

    /** Adds the device time of the events not yet counted to their phases; returns its sum. All have completed. */
    private long settle() {
        long sum = 0;
        for (; settled < events.size(); settled++) {
            Tagged t = events.get(settled);
            if (isSet(t.event())) {
                long nanos = end(t.event()) - start(t.event());
                sum += nanos;
                switch (t.phase()) {
                    case UPLOAD -> phases.upload(nanos, 0);
                    case KERNEL -> phases.kernel(nanos);
                    case DOWNLOAD -> phases.download(nanos, 0);
                }
            }
        }
        return sum;
    }

    @Override
    public void close() {
        try {
            if (!finished) {
                try {
                    CL.clFinish(queue);
                } catch (CLException ignored) {
                    // the failure that brought us here is the one worth reporting
                } finally {
                    release();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void release() {
        for (Tagged t : events) {
            if (isSet(t.event())) {
                try {
                    CL.clReleaseEvent(t.event());
                } catch (CLException ignored) {
                    // releasing an event cannot fail on a live context; nothing useful to do if it does
                }
            }
        }
        events.clear();
        settled = 0;
    }

    /** An event handed out but never passed to an enqueue call (or whose enqueue failed) stays null natively. */
    private static boolean isSet(cl_event e) {
        return e.getNativePointer() != 0;
    }

    private long start(cl_event e) {
        return profile(e, CL.CL_PROFILING_COMMAND_START);
    }

    private long end(cl_event e) {
        return profile(e, CL.CL_PROFILING_COMMAND_END);
    }

    private long profile(cl_event e, int what) {
        CL.clGetEventProfilingInfo(e, what, Sizeof.cl_ulong, scratchPointer, null);
        return scratch.getLong(0);
    }
}
