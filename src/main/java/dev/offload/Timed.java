package dev.offload;

import java.time.Duration;
import java.util.Locale;

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

    /** Wall-clock time. */
    public Duration wall() {
        return Duration.ofNanos(wallNanos);
    }

    /** CPU time of this process, user plus system. */
    public Duration cpu() {
        return Duration.ofNanos(userNanos + Math.max(0, systemNanos));
    }

    /** CPU time of this process and of the measured worker processes, if any. */
    public Duration totalCpu() {
        return cpu().plusNanos(Math.max(0, workerCpuNanos));
    }

    /**
     * The times as IPython prints them, e.g. {@code CPU times: user 12.3 ms, sys 4.1 ms, total 16.4 ms; Wall time:
     * 1.00 s}, with the workers' CPU appended when measured.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CPU times: user ").append(format(userNanos));
        if (systemNanos >= 0) {
            s.append(", sys ").append(format(systemNanos));
        }
        s.append(", total ").append(format(cpu().toNanos()));
        if (workerCpuNanos >= 0) {
            s.append(", workers ").append(format(workerCpuNanos));
        }
        return s.append("; Wall time: ").append(format(wallNanos)).toString();
    }

    /** Formats nanoseconds with three significant digits and a unit, as {@code %time} does. */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0 ns";
        }
        double v = nanos;
        String unit;
        if (nanos >= 1_000_000_000L) {
            v /= 1e9;
            unit = "s";
        } else if (nanos >= 1_000_000L) {
            v /= 1e6;
            unit = "ms";
        } else if (nanos >= 1_000L) {
            v /= 1e3;
            unit = "µs";
        } else {
            unit = "ns";
        }
        String pattern = v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, pattern, v, unit);
    }
}
