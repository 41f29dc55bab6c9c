package dev.offload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Times a body: wall clock and this process's CPU time split into user and system. (Interim copy so the CLI builds
 * before the {@code pool} branch lands; the merge takes the pool branch's version.)
 */
public final class Timing {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private Timing() {
    }

    /** Runs {@code body} and returns its value with its cost. */
    public static <T> Timed<T> time(Supplier<T> body) {
        try {
            return timeChecked(body::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code body} and returns its value with its cost; exceptions pass through. */
    public static <T> Timed<T> timeChecked(Callable<T> body) throws Exception {
        long[] cpu0 = cpu();
        long t0 = System.nanoTime();
        T value = body.call();
        long wall = System.nanoTime() - t0;
        long[] cpu1 = cpu();
        return new Timed<>(value, wall, cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], 0);
    }

    /** {user, system} CPU nanoseconds of this process, from /proc (zeros where there is no /proc). */
    private static long[] cpu() {
        try {
            String s = Files.readString(STAT);
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]) * NANOS_PER_TICK, Long.parseLong(f[12]) * NANOS_PER_TICK};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
