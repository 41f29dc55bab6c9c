package dev.offload.pool;

/**
 * When a slot writes jobs to its worker before the first reply comes back. While a worker's recent tasks were short
 * (under {@link #SHORT_TASK_NANOS}), its slot writes up to {@link #MAX_AHEAD} jobs ahead, at most
 * {@link #AHEAD_BYTES} behind the one running, so the pipe never fills and both ends can never block writing at once;
 * it tops them up once fewer than {@link #LOW_WATER} are left. A worker then goes from one task to the next without a
 * round trip, which is what made 10,000 one-item dispatches cost 47 us each. A running task past
 * {@link #RECALL_AFTER_NANOS} with jobs written behind it has them recalled ({@link WorkerSlot}).
 */
final class WriteAhead {
    /** Jobs written to one worker before the first reply comes back, while its tasks are short. */
    static final int MAX_AHEAD = 64;
    /** Jobs in flight below which the driver writes more: one flush tops up many, not one per reply. */
    static final int LOW_WATER = 16;
    /** How long a task may run with jobs written behind it before the slot recalls them. */
    static final long RECALL_AFTER_NANOS = 2_000_000;
    /** Bytes written ahead of the running job: under a pipe's 64 KiB, so writing ahead never blocks. */
    static final int AHEAD_BYTES = 32 << 10;
    /** Tasks shorter than this are pipelined: holding one back behind another costs less than a round trip. */
    static final long SHORT_TASK_NANOS = 1_000_000;

    private WriteAhead() {
    }

    /** Whether a task that ran this long counts as short. */
    static boolean isShort(long ranNanos) {
        return ranNanos < SHORT_TASK_NANOS;
    }

    /** Whether a slot holding {@code inflight} jobs has enough written and need not top up yet. */
    static boolean enough(int inflight, boolean recalling) {
        return inflight > 0 && (inflight > LOW_WATER || recalling);
    }

    /**
     * Whether one more job may go behind the {@code inflight} ones, leaving the other slots their share of what is
     * queued: as many jobs each as this one holds.
     */
    static boolean room(int inflight, int otherSlots, int queued) {
        return inflight < MAX_AHEAD && (long) inflight * otherSlots < queued;
    }

    /** Whether a dispatch of {@code size} bytes fits behind the {@code aheadBytes} already written. */
    static boolean fits(long aheadBytes, int size) {
        return aheadBytes + size <= AHEAD_BYTES;
    }

    /**
     * About the bytes {@code job}'s dispatch will put in {@code w}'s pipe, before it is built; a bound rather than
     * {@link Message.Dispatch#size()}, as the class path sent is not filtered yet.
     */
    static int dispatchSize(WorkerProcess w, Job job) {
        return 64 + job.item.bytes().length + (w.lastTaskRef == job.task.ref ? 0
                : job.task.payload.bytes().length + 256 * job.task.classPath.size());
    }
}
