package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Arguments that cannot work are refused before any workload runs, in one line naming the value and why. */
class ArgumentChecksTest {
    @TempDir
    Path dir;

    /** A suite that only records whether the comparison got as far as running it. */
    static final class Recorder implements Suite {
        volatile boolean ran;

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public int cases(Settings s) {
            return 0;
        }

        @Override
        public void run(Settings s, Runner runner) {
            ran = true;
        }
    }

    /** Runs compare with a recorder after the chosen workloads; returns {exit code, stdout, stderr}. */
    private static Object[] compare(Recorder recorder, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(new String[] {"-w", "ints", "--sizes", "10"}, 0, all, 0, 4);
        System.arraycopy(args, 0, all, 4, args.length);
        // Through Main's command line, so that usage errors are reported as the user sees them.
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.getCommandSpec().removeSubcommand(CompareCommand.NAME);
        cl.addSubcommand(CompareCommand.NAME, new CompareCommand(List.of(recorder)));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int rc = cl.execute(Main.withDefaultCommand(cl, CompareCommandTest.with(CompareCommandTest.TINY, all)));
        return new Object[] {rc, out.toString(), err.toString()};
    }

    private static void assertRefusedBeforeWork(Object[] r, Recorder recorder, String... mentions) {
        String err = (String) r[2];
        assertEquals(2, r[0], () -> "stdout: " + r[1] + "\nstderr: " + err);
        assertFalse(recorder.ran, "a workload ran before the argument was refused");
        assertEquals("", r[1], "nothing on stdout: no table was computed");
        assertTrue(err.startsWith("offload: "), err);
        assertEquals(2, err.lines().count(), () -> "one line and the pointer to --help: " + err);
        for (String m : mentions) {
            assertTrue(err.contains(m), () -> "no \"" + m + "\" in: " + err);
        }
    }

    @Test
    void compare_chartGif_refusedBeforeWork() {
        Recorder rec = new Recorder();
        assertRefusedBeforeWork(compare(rec, "--chart", dir.resolve("x.gif").toString()), rec, "--chart", "x.gif",
                ".png or .svg");
    }

    @Test
    void compare_outIntoMissingFolder_refusedAndNoFolderCreated() {
        Recorder rec = new Recorder();
        Path missing = dir.resolve("no/such/dir");
        assertRefusedBeforeWork(compare(rec, "--out", missing.resolve("x.csv").toString()), rec, "--out",
                missing.resolve("x.csv").toString(), "does not exist");
        assertFalse(Files.exists(dir.resolve("no")), "offload created a folder nobody asked for");
    }

    @Test
    void compare_chartIntoMissingFolder_refusedAndNoFolderCreated() {
        Recorder rec = new Recorder();
        assertRefusedBeforeWork(compare(rec, "--chart", dir.resolve("charts/c.svg").toString()), rec, "--chart",
                "does not exist");
        assertFalse(Files.exists(dir.resolve("charts")));
    }

    @Test
    void compare_outUnderAFile_refusedNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Recorder rec = new Recorder();
        assertRefusedBeforeWork(compare(rec, "--out", file.resolve("x.csv").toString()), rec, "plain.txt",
                "not a folder");
    }

    @Test
    void compare_outIsAFolder_refused() {
        Recorder rec = new Recorder();
        assertRefusedBeforeWork(compare(rec, "--out", dir.toString()), rec, "--out", "is a folder");
    }

    @Test
    void compare_outUnderProc_refusedWithReason() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        Recorder rec = new Recorder();
        assertRefusedBeforeWork(compare(rec, "--out", "/proc/x.csv"), rec, "cannot write /proc/x.csv: ");
    }

    @Test
    void compare_chartSameFileAsOut_refused() {
        Recorder rec = new Recorder();
        String f = dir.resolve("t.svg").toString();
        assertRefusedBeforeWork(compare(rec, "--out", f, "--chart", f), rec, "same file");
    }

    @Test
    void compare_sizeBeyondAJavaArray_refusedNamingTheValueAsTyped() {
        Recorder rec = new Recorder();
        assertRefusedBeforeWork(compare(rec, "--sizes", "2^40"), rec, "--sizes 2^40", "Java array");
    }

    @Test
    void compare_textBeyondAJavaArray_refused() {
        Recorder rec = new Recorder();
        assertRefusedBeforeWork(compare(rec, "-w", "words", "--text-bytes", "4Gi"), rec, "--text-bytes 4Gi",
                "Java array");
    }

    @Test
    void compare_goodFiles_writtenAfterTheRun() throws Exception {
        Recorder rec = new Recorder();
        Path out = dir.resolve("t.csv");
        Path chart = dir.resolve("t.svg");
        Object[] r = compare(rec, "-d", "java", "--format", "csv", "--out", out.toString(), "--chart",
                chart.toString());
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        assertTrue(rec.ran);
        assertTrue(Files.readString(out).startsWith("workload,"));
        assertTrue(Files.readString(chart).contains("<text"));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "the write probe leaves nothing behind");
        }
    }

    @Test
    void whyTooBig_ints_arrayHeapAndDevice() {
        assertTrue(IntsSuite.whyTooBig(1L << 40, Long.MAX_VALUE, List.of()).contains("Java array"));
        String heap = IntsSuite.whyTooBig(1L << 28, 1L << 30, List.of());
        assertTrue(heap.contains("heap") && heap.contains("-Xmx"), heap);
        Device small = new Device("opencl:9:9", "tiny", DeviceKind.GPU, "opencl", "p", "OpenCL 3.0", "1", 1,
                1L << 20, 1L << 20);
        String device = IntsSuite.whyTooBig(1L << 20, Long.MAX_VALUE, List.of(small));
        assertTrue(device.contains("opencl:9:9"), device);
        assertNull(IntsSuite.whyTooBig(1L << 16, Long.MAX_VALUE, List.of(small)));
        assertNull(TextSuite.whyTooBig(1L << 20, 1L << 30));
        assertTrue(TextSuite.whyTooBig(1L << 29, 1L << 28).contains("heap"));
    }

    @Test
    void chart_missingCsv_oneLineSayingWhy() {
        Object[] r = CliParsingTest.run("chart", dir.resolve("nonexist.csv").toString(), "-o",
                dir.resolve("x.png").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).startsWith("offload: cannot read " + dir.resolve("nonexist.csv")
                + ": No such file or directory"), () -> "stderr: " + r[2]);
    }

    @Test
    void chart_unwritableOut_oneLineNoStackTrace() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        Path csv = Files.writeString(dir.resolve("t.csv"), Formats.csv(FormatsTest.ROWS));
        Object[] r = CliParsingTest.run("chart", csv.toString(), "-o", "/proc/x.png");
        String err = (String) r[2];
        assertEquals(2, r[0], err);
        assertTrue(err.startsWith("offload: cannot write /proc/x.png: "), err);
        assertFalse(err.contains("\tat "), () -> "stack trace: " + err);
    }

    @Test
    void userFiles_write_failureNamesFileAndReason() {
        Path f = dir.resolve("missing/x.csv");
        UserFiles.Failure e = assertThrows(UserFiles.Failure.class, () -> UserFiles.write(f, "x"));
        assertEquals("cannot write " + f + ": No such file or directory", e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void userFiles_reason_theOperatingSystemsWords() {
        assertEquals("Permission denied", UserFiles.reason(new AccessDeniedException("/x")));
        assertEquals("No such file or directory", UserFiles.reason(new NoSuchFileException("/x")));
        assertEquals("Read-only file system", UserFiles.reason(new FileSystemException("/x", null,
                "Read-only file system")));
        assertEquals("Permission denied", UserFiles.reason(new FileNotFoundException("/x/y (Permission denied)")));
    }

    @Test
    void main_message_ioErrorSaysPathAndWhy() {
        assertEquals("nonexist.csv: No such file or directory", Main.message(new NoSuchFileException("nonexist.csv")));
        assertEquals("/proc/x.csv: Permission denied",
                Main.message(new java.io.UncheckedIOException(new AccessDeniedException("/proc/x.csv"))));
    }
}
