package dev.offload.cli;

import dev.offload.Offload;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatsTest {
    static final List<Row> ROWS = Runner.withSpeedups(List.of(
            new Row("sum_i32_i64", "host", "java-seq", 1000, "ints", 5, 2_000_000, 1_900_000, 2_500_000, 10_000_000,
                    0, 0, 0, 1_500_000, 0, true, Double.NaN, true, ""),
            new Row("sum_i32_i64", "resident", "opencl:0:0", 1000, "ints", 5, 500_000, 400_000, 600_000, 0, 0, 0,
                    -1, 450_000, 10_000, false, Double.NaN, true, "a note, with \"quotes\"\nand a line"),
            new Row("sum_i32_i64", "broken", "x", 1000, "ints", 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, false,
                    Double.NaN, false, "WRONG: expected 1, got 2")));

    static final Formats.Environment ENV = Formats.Environment.current(Offload.devices());

    @Test
    void csv_rows_parseBackToTheSameValues() {
        List<List<String>> records = Csv.parse(Formats.csv(ROWS));
        assertEquals(ROWS.size() + 1, records.size());
        assertEquals(List.of(Formats.CSV_COLUMNS), records.get(0));
        for (int i = 0; i < ROWS.size(); i++) {
            List<String> rec = records.get(i + 1);
            assertEquals(Formats.CSV_COLUMNS.length, rec.size(), () -> "record " + rec);
            Row r = ROWS.get(i);
            assertEquals(r.workload(), rec.get(0));
            assertEquals(r.strategy(), rec.get(1));
            assertEquals(r.device(), rec.get(2));
            assertEquals(r.size(), Long.parseLong(rec.get(3)));
            assertEquals(r.note(), rec.get(17));
            assertEquals(Boolean.toString(r.correct()), rec.get(16));
            if (r.wallNanos() >= 0) {
                assertEquals(r.wallNanos() / 1e6, Double.parseDouble(rec.get(6)), 1e-6);
            } else {
                assertEquals("", rec.get(6));
            }
        }
        assertEquals(4.0, Double.parseDouble(records.get(2).get(15)), 1e-9, "speed-up of the resident row");
        assertEquals("", records.get(2).get(12), "upload that does not apply is empty");
    }

    @Test
    @SuppressWarnings("unchecked")
    void json_rows_parseBackToTheSameValues() {
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(Formats.json(ROWS, ENV));
        assertEquals(ENV.summary(), doc.get("environment"));
        List<Object> devices = (List<Object>) doc.get("devices");
        assertEquals(ENV.devices().size(), devices.size());
        List<Object> rows = (List<Object>) doc.get("rows");
        assertEquals(ROWS.size(), rows.size());
        for (int i = 0; i < ROWS.size(); i++) {
            Map<String, Object> o = (Map<String, Object>) rows.get(i);
            Row r = ROWS.get(i);
            assertEquals(List.of(Formats.CSV_COLUMNS), List.copyOf(o.keySet()));
            assertEquals(r.workload(), o.get("workload"));
            assertEquals(r.device(), o.get("device"));
            assertEquals((double) r.size(), o.get("size"));
            assertEquals(r.correct(), o.get("correct"));
            assertEquals(r.note(), o.get("note"));
            if (r.wallNanos() >= 0) {
                assertEquals(r.wallNanos() / 1e6, (Double) o.get("wall_ms"), 1e-6);
            } else {
                assertNull(o.get("wall_ms"));
            }
        }
        assertEquals(1.0, (Double) ((Map<String, Object>) rows.get(0)).get("speedup"), 1e-9);
        assertNull(((Map<String, Object>) rows.get(2)).get("speedup"));
    }

    @Test
    void table_wrongRow_saysWrongAndNamesExitStatus() {
        String t = Formats.table(ROWS, ENV);
        assertTrue(t.contains("WRONG"), t);
        assertTrue(t.contains("exits with status " + Main.EXIT_WRONG_RESULT), t);
        assertTrue(t.contains("4.00x"), t);
    }

    @Test
    void jsonString_controlCharacters_escaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", Formats.jsonString("a\"b\\c\n\u0001"));
        assertEquals("a\"b\\c\n\u0001", MiniJson.parse(Formats.jsonString("a\"b\\c\n\u0001")));
    }
}
