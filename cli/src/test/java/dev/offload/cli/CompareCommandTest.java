package dev.offload.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareCommandTest {
    /** Tiny sizes: every case runs, checked and timed once, in well under a second per workload. */
    static final String[] TINY = {"--sizes", "0,1,1001", "--text-bytes", "1500", "-r", "1", "--warmup", "0",
            "--tasks", "3", "--no-progress"};

    @TempDir
    Path dir;

    /** A suite with one case whose result is deliberately not the oracle's. */
    static final class WrongSuite implements Suite {
        @Override
        public String name() {
            return "wrong";
        }

        @Override
        public int cases(Settings s) {
            return 2;
        }

        @Override
        public void run(Settings s, Runner runner) {
            runner.measure(new Case("sum_i32_i64", "off-by-one", "test", 3, "ints", false), () -> 1L + 2 + 3 + 1,
                    6L, null);
            runner.measure(new Case("sum_i32_i64", "throws", "test", 3, "ints", false), () -> {
                throw new IllegalStateException("device lost");
            }, 6L, null);
        }
    }

    static Object[] run(CompareCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Object[] {rc, out.toString(), err.toString()};
    }

    static String[] with(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void compare_tinyIntsAndWords_everyRowOkAndExitZero() {
        Object[] r = run(new CompareCommand(), with(TINY, "-w", "ints,words", "--no-pools", "--format", "csv"));
        assertEquals(0, r[0], () -> "stdout: " + r[1] + "\nstderr: " + r[2]);
        List<List<String>> records = Csv.parse((String) r[1]);
        List<List<String>> rows = records.subList(1, records.size());
        // 3 sizes x 3 ops x 2 strategies per device, 1 text size x 2 ops x 2 strategies per device.
        int devices = new CompareCommand().devicesFor(List.of("all")).size();
        assertEquals(devices * (3 * 3 * 2 + 2 * 2), rows.size(), () -> "rows: " + rows);
        for (List<String> row : rows) {
            assertEquals("true", row.get(16), () -> "wrong row: " + row);
            assertTrue(!row.get(6).isEmpty() || row.get(17).startsWith("not supported"), () -> "untimed: " + row);
        }
        assertTrue(rows.stream().anyMatch(row -> row.get(0).equals("squares_i32_i64") && row.get(3).equals("0")));
        assertTrue(rows.stream().anyMatch(row -> row.get(0).equals("word_length_histogram_u8")));
        assertTrue(rows.stream().anyMatch(row -> row.get(1).equals("resident")));
        assertTrue(rows.stream().filter(row -> row.get(2).equals("java-seq") && row.get(1).equals("host"))
                .allMatch(row -> row.get(15).equals("1")), "the sequential host row is its own baseline");
    }

    @Test
    void compare_javaKernels_everyBackendRowOkAndEqualToJava() {
        Object[] r = run(new CompareCommand(), with(TINY, "-w", "java-kernels", "--grid", "37", "--format", "csv"));
        assertEquals(0, r[0], () -> "stdout: " + r[1] + "\nstderr: " + r[2]);
        List<List<String>> records = Csv.parse((String) r[1]);
        List<List<String>> rows = records.subList(1, records.size());
        List<dev.offload.Device> devices = new CompareCommand().devicesFor(List.of("all"));
        // 3 sizes x saxpy (host, resident) + one Mandelbrot grid, per device.
        assertEquals(devices.size() * (3 * 2 + 1), rows.size(), () -> "rows: " + rows);
        for (List<String> row : rows) {
            assertEquals("true", row.get(16), () -> "wrong row: " + row);
            assertFalse(row.get(6).isEmpty(), () -> "untimed: " + row);
        }
        for (dev.offload.Device d : devices) {
            for (String op : List.of(JavaKernelsSuite.SAXPY, JavaKernelsSuite.MANDELBROT)) {
                assertTrue(rows.stream().anyMatch(row -> row.get(0).equals(op) && row.get(2).equals(d.id())),
                        () -> op + " has no row on " + d.id() + ": " + rows);
            }
        }
        assertTrue(devices.stream().anyMatch(dev.offload.Device::isOpenCl), "PoCL must be among the devices");
        assertTrue(rows.stream().anyMatch(row -> row.get(0).equals(JavaKernelsSuite.MANDELBROT)
                && row.get(3).equals(Integer.toString(37 * 37))));
    }

    @Test
    void compare_javaKernelsBadGrid_refusedBeforeWork() {
        Object[] r = run(new CompareCommand(), with(TINY, "-w", "java-kernels", "--grid", "0"));
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--grid 0: the grid side must be at least 1"), (String) r[2]);
    }

    @Test
    void mandel_oracleAgreesWithSequentialBackend() {
        try (dev.offload.Offload off = dev.offload.Offload.open("java-seq")) {
            int[] img = JavaKernelsSuite.mandelbrot(off, 9, 13);
            org.junit.jupiter.api.Assertions.assertArrayEquals(JavaKernelsSuite.mandelbrotOracle(9, 13), img);
            assertTrue(java.util.Arrays.stream(img).anyMatch(v -> v == JavaKernelsSuite.MAX_ITER), "some inside");
            assertTrue(java.util.Arrays.stream(img).anyMatch(v -> v < 3), "some outside");
        }
    }

    @Test
    void compare_wrongResult_rowSaysWrongAndExitsThree() {
        Object[] r = run(new CompareCommand(List.of(new WrongSuite())), with(TINY, "-w", "ints", "--sizes", "10"));
        assertEquals(Main.EXIT_WRONG_RESULT, r[0], () -> "stdout: " + r[1]);
        String out = (String) r[1];
        assertTrue(out.contains("off-by-one") && out.contains("WRONG: expected 6, got 7"), out);
        assertTrue(out.contains("throws") && out.contains("device lost"), out);
        assertTrue(out.contains("2 WRONG row(s)"), out);
    }

    @Test
    void compare_wrongResultThroughMain_exitsThree() {
        // The same failure seen from the process's point of view: Main.run returns what main() exits with.
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.getCommandSpec().removeSubcommand(CompareCommand.NAME);
        cl.addSubcommand(CompareCommand.NAME, new CompareCommand(List.of(new WrongSuite())));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        int rc = cl.execute(Main.withDefaultCommand(cl, with(TINY, "-w", "ints", "--sizes", "10")));
        assertEquals(Main.EXIT_WRONG_RESULT, rc, out::toString);
    }

    @Test
    @SuppressWarnings("unchecked")
    void compare_jsonOut_fileParsesBackAndTableOnStdout() throws Exception {
        Path f = dir.resolve("times.json");
        Object[] r = run(new CompareCommand(), with(TINY, "-w", "words", "--no-pools", "-d", "java", "--format", "json",
                "--out", f.toString()));
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        assertTrue(((String) r[1]).contains("WORKLOAD"), "the table still goes to stdout");
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(Files.readString(f));
        List<Object> rows = (List<Object>) doc.get("rows");
        assertEquals(2 * 2 * 2, rows.size());
        for (Object o : rows) {
            Map<String, Object> row = (Map<String, Object>) o;
            assertEquals(true, row.get("correct"), row::toString);
            assertTrue((Double) row.get("wall_ms") >= 0, row::toString);
        }
    }

    static final List<String> SEED_STRATEGIES = List.of("sequential", "map", "threads(4)", "processes(4)",
            "processes(cpuCount)", "threads()", "virtualThreads()");

    @Test
    void compare_sleepTasks_everyStrategyCorrect() {
        Object[] r = run(new CompareCommand(), with(TINY, "-w", "sleep", "--sleep", "20ms", "--format", "csv"));
        assertEquals(0, r[0], () -> "stdout: " + r[1] + "\nstderr: " + r[2]);
        List<List<String>> rows = Csv.parse((String) r[1]);
        List<String> strategies = rows.subList(1, rows.size()).stream().map(row -> row.get(1)).toList();
        assertEquals(SEED_STRATEGIES, strategies);
        double sequentialMs = Double.parseDouble(rows.get(1).get(6));
        assertTrue(sequentialMs >= 3 * 20, "3 tasks of 20 ms in a row take at least 60 ms, not " + sequentialMs);
        assertTrue(rows.subList(1, rows.size()).stream().allMatch(row -> row.get(16).equals("true")),
                rows::toString);
    }

    @Test
    void compare_wordsThroughPools_everyPoolKindCorrect() {
        Object[] r = run(new CompareCommand(), with(TINY, "-w", "words", "-d", "java", "--format", "csv"));
        assertEquals(0, r[0], () -> "stdout: " + r[1] + "\nstderr: " + r[2]);
        List<List<String>> rows = Csv.parse((String) r[1]);
        for (String op : List.of(TextSuite.LENGTHS, TextSuite.HISTOGRAM)) {
            List<String> strategies = rows.stream().filter(row -> row.get(0).equals(op) && row.get(2).contains("jvm"))
                    .map(row -> row.get(1)).toList();
            assertEquals(SEED_STRATEGIES, strategies, op);
        }
        assertTrue(rows.subList(1, rows.size()).stream().allMatch(row -> row.get(16).equals("true")),
                rows::toString);
    }

    @Test
    void compare_chartSvg_written() throws Exception {
        Path f = dir.resolve("c.svg");
        Object[] r = run(new CompareCommand(), with(TINY, "-w", "ints", "-d", "java", "--chart", f.toString()));
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        assertTrue(Files.readString(f).contains("<svg"));
        assertFalse(((String) r[1]).contains("WRONG"));
    }
}
