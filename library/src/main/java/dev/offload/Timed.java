package dev.offload;

import java.time.Duration;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A value with the time it took to compute, as {@link Timing} measures it: like IPython's {@code %time}.
 *
 * @param value          what the timed body returned
 * @param wallNanos      elapsed wall-clock time
 * @param userNanos      CPU time this process spent in user mode (all its threads); where the kernel's split is not
 *                       available, user and system CPU together
 * @param systemNanos    CPU time this process spent in the kernel, or -1 where the split is not available
 * @param workerCpuNanos CPU time (user + system) of a pool's worker processes during the body, or -1 when not
 *                       measured; 0 for pools without worker processes
 * @param <T>            the value type
 */
public record Timed<T>(T value, long wallNanos, long userNanos, long systemNanos, long workerCpuNanos) {

    /**
     * Wall-clock time.
     *
     * @return the wall time
     */
    public Duration wall() {
        return Duration.ofNanos(wallNanos);
    }

    /**
     * CPU time of this process, user plus system.
     *
     * @return user plus system time of this JVM
     */
    public Duration cpu() {
        return Duration.ofNanos(userNanos + Math.max(0, systemNanos));
    }

    /**
     * CPU time of this process and of the measured worker processes, if any.
     *
     * @return this JVM's CPU time plus the workers'
     */
    public Duration totalCpu() {
        return cpu().plusNanos(Math.max(0, workerCpuNanos));
    }

    /**
     * The times as IPython's {@code %time} prints them, on two lines, e.g.
     * <pre>
     * CPU times: user 12.3 ms, sys: 4.1 ms, total: 16.4 ms
     * Wall time: 2.01 s
     * </pre>
     * with {@code sys: n/a} where the split is not available and {@code , workers: ...} appended to the first line
     * when the workers' CPU was measured. Durations of a minute or more read {@code 1min 5s}, as in IPython.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CPU times: user ").append(format(userNanos));
        s.append(", sys: ").append(systemNanos >= 0 ? format(systemNanos) : "n/a");
        s.append(", total: ").append(format(cpu().toNanos()));
        if (workerCpuNanos >= 0) {
            s.append(", workers: ").append(format(workerCpuNanos));
        }
        return s.append("\nWall time: ").append(format(wallNanos)).toString();
    }

    /** Formats nanoseconds as IPython's {@code _format_time}: three significant digits ({@code %.3g}) and a unit. */
    static String format(long nanos) {
        if (nanos >= 60_000_000_000L) {
            long secs = nanos / 1_000_000_000L;
            StringBuilder s = new StringBuilder();
            long[] lengths = {86_400, 3_600, 60, 1};
            String[] suffixes = {"d", "h", "min", "s"};
            for (int i = 0; i < lengths.length; i++) {
                long v = secs / lengths[i];
                if (v > 0) {
                    secs %= lengths[i];
                    s.append(s.isEmpty() ? "" : " ").append(v).append(suffixes[i]);
                }
            }
            return s.toString();
        }
        if (nanos <= 0) {
            return "0 ns";
        }
        String[] units = {"ns", "µs", "ms", "s"};
        int unit = 0;
        BigDecimal v = BigDecimal.valueOf(nanos).round(new MathContext(3, RoundingMode.HALF_EVEN));
        while (unit < units.length - 1 && v.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            v = v.movePointLeft(3);
            unit++;
        }
        return v.stripTrailingZeros().toPlainString() + " " + units[unit];
    }
}
