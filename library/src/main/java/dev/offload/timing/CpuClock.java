package dev.offload.timing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads process CPU times. On Linux {@code /proc/<pid>/stat} fields 14 and 15 ({@code utime}, {@code stime}) give the
 * kernel's own user/system split in clock ticks; the tick rate comes from the ELF auxiliary vector
 * ({@code AT_CLKTCK} in {@code /proc/self/auxv}), which is what {@code sysconf(_SC_CLK_TCK)} returns, so no
 * {@code getconf} process is needed. Elsewhere the JDK's total process CPU time is used, without a split.
 */
public final class CpuClock {
    /** User and system CPU time in nanoseconds; {@code systemNanos} is -1 when only the total is known. */
    public record Sample(long userNanos, long systemNanos) {
        /** User plus system time. */
        public long totalNanos() {
            return userNanos + Math.max(0, systemNanos);
        }
    }

    private static final Path SELF_STAT = Path.of("/proc/self/stat");
    private static final boolean PROC = Files.isReadable(SELF_STAT);
    private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

    private CpuClock() {
    }

    /** This process's CPU times, all threads. */
    public static Sample self() {
        if (PROC) {
            try {
                return parseStat(Files.readAllBytes(SELF_STAT));
            } catch (IOException | RuntimeException e) {
                // fall through to the JDK's total: /proc can vanish in odd sandboxes
            }
        }
        return new Sample(jdkProcessCpuNanos(), -1);
    }

    /**
     * The total CPU time (user + system) of process {@code pid}, or -1 when it cannot be read (the process is gone,
     * or the platform does not say).
     */
    public static long processCpuNanos(long pid) {
        if (PROC) {
            try {
                return parseStat(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat"))).totalNanos();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos()).orElse(-1L);
    }

    /** Parses {@code utime} and {@code stime} out of a {@code /proc/<pid>/stat} line. */
    static Sample parseStat(byte[] stat) {
        String s = new String(stat, StandardCharsets.US_ASCII);
        // The command name (field 2) is in parentheses and may itself hold spaces and ')': skip to the last ')'.
        String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state), so field n is f[n - 3]: utime = 14, stime = 15.
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return new Sample(utime * NANOS_PER_TICK, stime * NANOS_PER_TICK);
    }

    private static long clockTicksPerSecond() {
        final long atClkTck = 17;
        try {
            byte[] auxv = Files.readAllBytes(Path.of("/proc/self/auxv"));
            // 64-bit (key, value) pairs in native byte order; a 32-bit JVM would use 4-byte words, hence the check.
            if (auxv.length % 16 == 0 && "64".equals(System.getProperty("sun.arch.data.model"))) {
                ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 16) {
                    long key = b.getLong();
                    long value = b.getLong();
                    if (key == atClkTck && value > 0 && value <= 1_000_000_000L) {
                        return value;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the value is only used for /proc, which is then absent too
        }
        return 100; // USER_HZ, fixed at 100 on every mainstream Linux architecture
    }

    private static long jdkProcessCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long t = os.getProcessCpuTime();
            return Math.max(0, t);
        }
        return 0;
    }
}
