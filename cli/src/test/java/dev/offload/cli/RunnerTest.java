package dev.offload.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerTest {

    @Test
    void openOrFail_deviceThatCannotOpen_failedRowPerCaseAndNull() {
        try (Runner runner = new Runner(1, 0, new Progress(System.err, false, 4))) {
            assertNull(runner.openOrFail("no-such-device-xyz", 10, "ints", true, "a_i32", "b_i32"));
            List<Row> rows = runner.rows();
            assertEquals(List.of("a_i32 host", "a_i32 resident", "b_i32 host", "b_i32 resident"),
                    rows.stream().map(r -> r.workload() + " " + r.strategy()).toList());
            for (Row r : rows) {
                assertFalse(r.correct());
                assertTrue(r.note().contains("no-such-device-xyz"), r.note());
                assertEquals(r.strategy().equals(IntsSuite.HOST), r.baseline(), r::toString);
            }
        }
    }

    @Test
    void openOrFail_deviceThatOpens_noRows() {
        try (Runner runner = new Runner(1, 0, new Progress(System.err, false, 0));
             var off = runner.openOrFail("java-seq", 10, "ints", true, "a_i32")) {
            assertEquals("java-seq", off.device().id());
            assertTrue(runner.rows().isEmpty());
        }
    }
}
