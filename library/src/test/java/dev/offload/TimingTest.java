package dev.offload;

import dev.offload.pool.TaskPool;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimingTest {
    @Test
    void time_sleep_wallAtLeastTheSleepAndValueKept() {
        Timed<String> t = Timing.time(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "done";
        });
        assertEquals("done", t.value());
        assertTrue(t.wallNanos() >= 50_000_000L, t.toString());
        assertEquals(-1, t.workerCpuNanos());
        assertTrue(t.userNanos() >= 0, t.toString());
    }

    @Test
    void time_busyLoop_cpuTimeCounted() {
        // a busy loop of 300 ms wall must show CPU time: the clock ticks every 10 ms
        Timed<Long> t = Timing.time(() -> {
            long end = System.nanoTime() + 300_000_000L;
            long n = 0;
            while (System.nanoTime() < end) {
                n++;
            }
            return n;
        });
        assertTrue(t.cpu().toNanos() > 0, t.toString());
        assertTrue(t.systemNanos() >= 0, "Linux gives the user/system split: " + t);
    }

    @Test
    void timeChecked_bodyThrows_exceptionPassesThrough() {
        IOException e = assertThrows(IOException.class, () -> Timing.timeChecked(() -> {
            throw new IOException("no disk");
        }));
        assertEquals("no disk", e.getMessage());
        assertThrows(IllegalStateException.class, () -> Timing.time(() -> {
            throw new IllegalStateException("x");
        }));
    }

    @Test
    void time_withInProcessPool_workerCpuZero() throws Exception {
        try (TaskPool pool = TaskPool.threads(2)) {
            Timed<Integer> t = Timing.timeChecked(pool::workerCpuTime, () -> pool.submit(x -> x + 1, 1).get());
            assertEquals(2, t.value());
            assertEquals(0, t.workerCpuNanos());
        }
    }

    @Test
    void time_nulls_throwNullPointer() {
        assertThrows(NullPointerException.class, () -> Timing.time(null));
        assertThrows(NullPointerException.class, () -> Timing.timeChecked(null, () -> 1));
    }

    @Test
    void toString_times_formattedLikePercentTime() {
        Timed<Integer> t = new Timed<>(1, 2_010_000_000L, 12_300_000L, 4_100_000L, -1);
        assertEquals("CPU times: user 12.3 ms, sys: 4.1 ms, total: 16.4 ms\nWall time: 2.01 s", t.toString());
        Timed<Integer> w = new Timed<>(1, 999, 0, -1, 310_000_000L);
        assertEquals("CPU times: user 0 ns, sys: n/a, total: 0 ns, workers: 310 ms\nWall time: 999 ns",
                w.toString());
        assertEquals(Duration.ofMillis(310).plusNanos(0), w.totalCpu());
    }

    @Test
    void format_nanos_threeSignificantDigitsLikeIPython() {
        assertEquals("10 ms", Timed.format(10_000_000L));
        assertEquals("1.01 s", Timed.format(1_010_000_000L));
        assertEquals("999 ns", Timed.format(999));
        assertEquals("1 ms", Timed.format(999_999)); // rounds up into the next unit
        assertEquals("100 µs", Timed.format(100_000));
        assertEquals("1min 5s", Timed.format(65_000_000_000L));
        assertEquals("0 ns", Timed.format(0));
    }
}
