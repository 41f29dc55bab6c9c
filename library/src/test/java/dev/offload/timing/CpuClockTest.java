package dev.offload.timing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuClockTest {
    @Test
    void parseStat_commandWithSpacesAndParens_readsUtimeStime() {
        String stat = "1234 (my (odd) cmd) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 40 0 0 20 0 1 0 100 0 0";
        CpuClock.Sample s = CpuClock.parseStat(stat.getBytes(StandardCharsets.US_ASCII));
        long tick = 1_000_000_000L / 100;
        assertEquals(250 * tick, s.userNanos());
        assertEquals(40 * tick, s.systemNanos());
    }

    @Test
    void processCpuNanos_self_positiveAndGoneProcessMinusOne() {
        assertTrue(CpuClock.processCpuNanos(ProcessHandle.current().pid()) > 0);
        assertEquals(-1, CpuClock.processCpuNanos(Long.MAX_VALUE));
        assertTrue(CpuClock.self().totalNanos() > 0);
    }
}
