package dev.offload;

import dev.offload.timing.CpuClock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code %time} for Java: runs a body and returns its value with the wall time and the CPU time this process spent on
 * it, split into user and system time as the kernel accounts them (Linux: {@code /proc/self/stat}; elsewhere the
 * total from {@code com.sun.management.OperatingSystemMXBean}, reported as user time, with system time -1).
 *
 * <pre>{@code
 * Timed<List<Long>> t = Timing.timeChecked(pool::workerCpuTime, () -> pool.map(f, items)); // workers too
 * System.out.println(t);   // CPU times: user 41.2 ms, sys: 12 ms, total: 53.2 ms, workers: 310 ms
 *                          // Wall time: 2.01 s
 * List<Long> r = t.value();
 * }</pre>
 *
 * CPU time is that of the whole process, every thread included, as with {@code %time}: other threads busy at the same
 * time are counted too. Exceptions from the body pass through unchanged and nothing is measured. The kernel counts
 * user and system time in clock ticks (10 ms on Linux), so bodies shorter than a few ticks show 0 or one tick; the
 * wall time is {@link System#nanoTime()}.
 *
 * <p>The CPU time of other processes (a task pool's workers) is counted through a clock handed in, such as
 * {@code pool::workerCpuTime}, so that this class knows nothing of pools.
 */
public final class Timing {
    private Timing() {
    }

    /**
     * Times {@code body}.
     *
     * @param body what to run
     * @param <T>  its value type
     * @return its value with the times; {@link Timed#workerCpuNanos()} is -1
     */
    public static <T> Timed<T> time(Supplier<T> body) {
        Objects.requireNonNull(body, "body");
        return measure(null, body::get);
    }

    /**
     * Times {@code body}, which may throw checked exceptions.
     *
     * @param body what to run
     * @param <T>  its value type
     * @return its value with the times; {@link Timed#workerCpuNanos()} is -1
     * @throws Exception what the body throws
     */
    public static <T> Timed<T> timeChecked(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        return measureChecked(null, body);
    }

    /**
     * Times {@code body} and also counts the CPU time that other processes spent meanwhile, as {@code workerCpu}
     * reports it: e.g. {@code pool::workerCpuTime} for a task pool's workers (0 for pools without worker processes).
     *
     * @param workerCpu the CPU time used so far by the processes to count, read before and after the body
     * @param body      what to run
     * @param <T>       its value type
     * @return its value with the times
     */
    public static <T> Timed<T> time(Supplier<Duration> workerCpu, Supplier<T> body) {
        Objects.requireNonNull(workerCpu, "workerCpu");
        Objects.requireNonNull(body, "body");
        return measure(workerCpu, body::get);
    }

    /**
     * Times {@code body}, which may throw checked exceptions, and also counts the CPU time of other processes, as
     * {@code workerCpu} reports it (e.g. {@code pool::workerCpuTime}).
     *
     * @param workerCpu the CPU time used so far by the processes to count, read before and after the body
     * @param body      what to run
     * @param <T>       its value type
     * @return its value with the times
     * @throws Exception what the body throws
     */
    public static <T> Timed<T> timeChecked(Supplier<Duration> workerCpu, Callable<T> body) throws Exception {
        Objects.requireNonNull(workerCpu, "workerCpu");
        Objects.requireNonNull(body, "body");
        return measureChecked(workerCpu, body);
    }

    private static <T> Timed<T> measure(Supplier<Duration> workerCpu, Supplier<T> body) {
        try {
            return measureChecked(workerCpu, body::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("a Supplier threw a checked exception", e);
        }
    }

    private static <T> Timed<T> measureChecked(Supplier<Duration> workerCpu, Callable<T> body) throws Exception {
        long workers0 = workerCpu == null ? 0 : workerCpu.get().toNanos();
        CpuClock.Sample cpu0 = CpuClock.self();
        long wall0 = System.nanoTime();
        T value = body.call();
        long wall1 = System.nanoTime();
        CpuClock.Sample cpu1 = CpuClock.self();
        long workers = workerCpu == null ? -1 : workerCpu.get().toNanos() - workers0;
        long sys = cpu0.systemNanos() < 0 ? -1 : cpu1.systemNanos() - cpu0.systemNanos();
        return new Timed<>(value, wall1 - wall0, cpu1.userNanos() - cpu0.userNanos(), sys, workers);
    }
}
