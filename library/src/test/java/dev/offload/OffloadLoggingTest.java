package dev.offload;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code auto} fallback reason is logged once per JVM and reason at its own level, then at DEBUG. System.Logger
 * goes to java.util.logging here (the JDK's default finder), where DEBUG is {@link Level#FINE}.
 */
class OffloadLoggingTest {
    private final Logger jul = Logger.getLogger(Offload.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level saved;

    @BeforeEach
    void capture() {
        saved = jul.getLevel();
        jul.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        jul.addHandler(capture);
    }

    @AfterEach
    void release() {
        jul.removeHandler(capture);
        jul.setLevel(saved);
    }

    private List<LogRecord> containing(String text) {
        return records.stream().filter(r -> r.getMessage() != null && r.getMessage().contains(text)).toList();
    }

    @Test
    void logOnce_sameMessageTwice_logsAtItsLevelThenAtDebug() {
        String a = "reason " + UUID.randomUUID();
        String b = "reason " + UUID.randomUUID();
        Offload.logOnce(System.Logger.Level.INFO, a, null);
        Offload.logOnce(System.Logger.Level.INFO, a, null);
        Offload.logOnce(System.Logger.Level.WARNING, b, new IllegalStateException("x"));
        Offload.logOnce(System.Logger.Level.WARNING, a, null);
        List<LogRecord> as = containing(a);
        assertEquals(List.of(Level.INFO, Level.FINE, Level.FINE), as.stream().map(LogRecord::getLevel).toList());
        List<LogRecord> bs = containing(b);
        assertEquals(1, bs.size());
        assertEquals(Level.WARNING, bs.get(0).getLevel());
        assertTrue(bs.get(0).getThrown() instanceof IllegalStateException);
    }

    @Test
    void openAuto_twice_theSecondLogsTheReasonAtDebugOnly() {
        String reason;
        try (Offload first = Offload.open("auto")) {
            reason = first.fallbackReason();
        }
        assumeTrue(reason != null, "auto found a GPU here, so there is no fallback reason to log");
        // The first open of this JVM (this one, or an earlier test's) logged it at INFO; from now on only DEBUG.
        records.clear();
        try (Offload second = Offload.open("auto")) {
            assertEquals(reason, second.fallbackReason());
        }
        List<LogRecord> logged = containing(reason);
        assertEquals(1, logged.size(), () -> "records: " + records.stream().map(LogRecord::getMessage).toList());
        assertEquals(Level.FINE, logged.get(0).getLevel());
        assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.INFO.intValue()),
                () -> "nothing at INFO or above on the second open: " + records.stream().map(LogRecord::getMessage).toList());
    }
}
