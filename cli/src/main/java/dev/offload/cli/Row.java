package dev.offload.cli;

/**
 * One line of the comparison: a workload run one way on one device, checked, then timed {@code reps} times.
 * Times are medians over the repetitions, in nanoseconds; -1 where a figure does not apply (split phases of a row
 * that ran no kernel) or was not measured (a wrong row is not timed).
 *
 * @param workload       the operation: {@code sleep}, {@code squares_i32_i64}, {@code word_lengths_u8}, ...
 * @param strategy       how it ran: {@code sequential}, {@code map}, {@code threads(4)}, {@code host}, {@code resident}
 * @param device         where it ran: a device id, or {@code jvm} / {@code N jvms} for task pools
 * @param size           items processed (tasks, ints, bytes)
 * @param unit           what {@code size} counts
 * @param reps           timed repetitions
 * @param wallNanos      median wall time
 * @param wallMinNanos   fastest repetition
 * @param wallMaxNanos   slowest repetition
 * @param userNanos      median CPU time of this JVM in user mode
 * @param systemNanos    median CPU time of this JVM in kernel mode
 * @param workerCpuNanos median CPU time of worker JVMs (process pools); 0 for in-process pools, -1 for rows run
 *                       without a pool
 * @param uploadNanos    median host-to-device time from the device's profile, or -1
 * @param kernelNanos    median kernel time from the device's profile, or -1
 * @param downloadNanos  median device-to-host time from the device's profile, or -1
 * @param baseline       whether this is the sequential row the others of its workload and size are compared with
 * @param speedup        baseline wall time / this wall time, NaN when there is no baseline or no time
 * @param correct        whether the result equalled the oracle's
 * @param note           why a row is wrong, or a remark (pool start-up time), or empty
 */
record Row(String workload, String strategy, String device, long size, String unit, int reps, long wallNanos,
           long wallMinNanos, long wallMaxNanos, long userNanos, long systemNanos, long workerCpuNanos,
           long uploadNanos, long kernelNanos, long downloadNanos, boolean baseline, double speedup,
           boolean correct, String note) {

    /**
     * A row for {@code c} that was not timed: wrong or failed, or, when {@code correct}, not supported by its device;
     * {@code note} says why.
     */
    static Row untimed(Case c, boolean correct, String note) {
        return new Row(c.workload(), c.strategy(), c.device(), c.size(), c.unit(), 0, -1, -1, -1, -1, -1, -1, -1, -1,
                -1, c.baseline(), Double.NaN, correct, note);
    }

    /** This row with its speed-up set. */
    Row withSpeedup(double s) {
        return new Row(workload, strategy, device, size, unit, reps, wallNanos, wallMinNanos, wallMaxNanos,
                userNanos, systemNanos, workerCpuNanos, uploadNanos, kernelNanos, downloadNanos, baseline, s, correct,
                note);
    }

    /** Half the range of the repetitions as a fraction of the median (0.05 = ±5 %), NaN when not timed. */
    double spread() {
        return wallNanos <= 0 ? Double.NaN : (wallMaxNanos - wallMinNanos) / 2.0 / wallNanos;
    }

    /** A short label for charts: {@code strategy device}. */
    String label() {
        return strategy + " " + device;
    }
}
