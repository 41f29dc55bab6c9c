package dev.offload.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliParsingTest {

    /** Runs the command line in this JVM and returns {exit code, stdout, stderr}. */
    static Object[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Object[] {rc, out.toString(), err.toString()};
    }

    @Test
    void withDefaultCommand_noArguments_runsCompare() {
        assertArrayEquals(new String[] {"compare"}, Main.withDefaultCommand(Main.commandLine(), new String[0]));
    }

    @Test
    void withDefaultCommand_optionsWithoutCommand_goToCompare() {
        assertArrayEquals(new String[] {"compare", "--sizes", "1M"},
                Main.withDefaultCommand(Main.commandLine(), new String[] {"--sizes", "1M"}));
    }

    @ParameterizedTest
    @ValueSource(strings = {"devices", "compare", "help", "--help", "-h", "--version", "-V"})
    void withDefaultCommand_commandOrTopLevelOption_keptAsIs(String first) {
        String[] args = {first};
        assertArrayEquals(args, Main.withDefaultCommand(Main.commandLine(), args));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "compare --help", "devices --help", "chart --help", "bandwidth --help",
            "completion --help", "help compare"})
    void help_everyCommand_printsUsageAndExitsZero(String line) {
        Object[] r = run(line.split(" "));
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        assertTrue(((String) r[1]).contains("Usage: offload"), () -> "stdout: " + r[1]);
    }

    @Test
    void compare_options_parsedIntoFields() {
        CompareCommand c = new CompareCommand();
        CommandLine cl = new CommandLine(c);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs("-w", "ints,words", "--sizes", "1000,2^10,1Ki", "--text-bytes", "3k", "-r", "7",
                "--warmup", "0", "--sleep", "250ms", "--tasks", "3", "--sleep-repeat", "2", "-d", "java",
                "--format", "CSV", "--out", "x.csv", "--chart", "c.svg", "--no-progress", "--seed", "9");
        assertEquals(List.of("ints", "words"), c.workloads);
        assertEquals(Formats.Format.CSV, c.format);
        assertEquals(Path.of("x.csv"), c.out);
        assertEquals(Path.of("c.svg"), c.chart);
        assertEquals(false, c.progress);
        Suite.Settings s = c.settings();
        assertEquals(List.of(1000L, 1024L, 1024L), s.sizes());
        assertEquals(List.of(3000L), s.textBytes());
        assertEquals(7, s.repeat());
        assertEquals(250, s.sleepMillis());
        assertEquals(3, s.tasks());
        assertEquals(2, s.sleepRepeat());
        assertEquals(9, s.seed());
        assertEquals(List.of("java-seq", "java"), s.devices().stream().map(dev.offload.Device::id).toList());
    }

    @Test
    void compare_defaults_finishSoonByDesign() {
        CompareCommand c = new CompareCommand();
        new CommandLine(c).parseArgs();
        Suite.Settings s = c.settings();
        assertEquals(1000, s.sleepMillis());
        assertEquals(8, s.tasks());
        assertEquals(1, s.sleepRepeat());
        assertEquals(List.of(1L << 22), s.sizes());
        assertEquals(List.of(256L << 10), s.textBytes());
        assertTrue(s.pools());
        assertEquals(5, s.repeat());
    }

    @Test
    void usageError_mistypedOption_oneLineSuggestionAndPointerToHelp() {
        Object[] r = run("compare", "--sizs", "3");
        assertEquals(2, r[0]);
        String err = (String) r[2];
        assertTrue(err.startsWith("offload: Unknown option"), err);
        assertTrue(err.contains("--sizes"), () -> "no suggestion: " + err);
        assertTrue(err.contains("Try 'offload compare --help'"), err);
        assertTrue(!err.contains("Usage:") && err.lines().count() <= 4, () -> "usage dumped: " + err);
    }

    @Test
    void withDefaultCommand_bareWordThatIsNoCommand_keptForTheTopLevelToReport() {
        String[] args = {"devcies", "--sizes", "1M"};
        assertArrayEquals(args, Main.withDefaultCommand(Main.commandLine(), args));
    }

    @Test
    void usageError_mistypedCommand_didYouMeanTheCommand() {
        Object[] r = run("devcies");
        assertEquals(2, r[0]);
        String err = (String) r[2];
        assertTrue(err.startsWith("offload: 'devcies' is not a command"), err);
        assertTrue(err.contains("Did you mean: offload devices?"), () -> "no suggestion: " + err);
        assertTrue(!err.contains("Usage:") && err.lines().count() <= 3, () -> "usage dumped: " + err);
    }

    @Test
    void usageError_mistypedCompare_suggestsCompare() {
        Object[] r = run("comapre", "-w", "ints");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("Did you mean: offload compare"), () -> "stderr: " + r[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "compare --help"})
    void help_listsEveryExitCode(String line) {
        Object[] r = run(line.split(" "));
        String out = (String) r[1];
        assertTrue(out.contains("Exit status:"), out);
        for (String code : List.of("0", "1", "2", "3")) {
            assertTrue(out.lines().anyMatch(l -> l.matches("\\s+" + code + "\\s+\\S.*")),
                    () -> "no line for exit code " + code + " in:\n" + out);
        }
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+3\\s+.*WRONG.*")), out);
        assertEquals(3, Main.EXIT_WRONG_RESULT);
    }

    @Test
    void completion_bashScript_completesCommandsAndOptions() throws Exception {
        Object[] r = run("completion");
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        String script = (String) r[1];
        assertTrue(script.contains("complete -F") && script.contains("offload"), script);
        for (String word : List.of("compare", "devices", "chart", "--sizes", "--chart", "--workloads")) {
            assertTrue(script.contains(word), () -> "the script does not know " + word);
        }
        Path bash = Path.of("/bin/bash");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(bash), "bash");
        // Source it in a real bash and ask for completions the way bash does on TAB.
        Path f = java.nio.file.Files.createTempFile("offload-completion", ".bash");
        try {
            java.nio.file.Files.writeString(f, script);
            // compopt works only inside a real completion; stubbed, the function runs the same.
            String probe = "source " + f + "; compopt() { :; }; COMP_WORDS=(offload dev); COMP_CWORD=1; COMP_LINE='offload dev'; "
                    + "COMP_POINT=${#COMP_LINE}; _complete_offload; echo \"${COMPREPLY[*]}\"; "
                    + "COMP_WORDS=(offload compare --siz); COMP_CWORD=2; COMP_LINE='offload compare --siz'; "
                    + "COMP_POINT=${#COMP_LINE}; _complete_offload; echo \"${COMPREPLY[*]}\"";
            Process p = new ProcessBuilder(bash.toString(), "-c", probe).redirectErrorStream(true).start();
            String got = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), got);
            List<String> lines = got.lines().toList();
            assertTrue(lines.size() >= 2 && lines.get(lines.size() - 2).contains("devices"), got);
            assertTrue(lines.get(lines.size() - 1).contains("--sizes"), got);
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }

    @Test
    void compare_unknownWorkload_usageErrorNamingIt() {
        Object[] r = run("compare", "-w", "ints,bogus");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("\"bogus\""), () -> "stderr: " + r[2]);
    }

    @Test
    void compare_badSize_usageErrorNamingIt() {
        Object[] r = run("compare", "-w", "ints", "--sizes", "12xyz");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("\"12xyz\""), () -> "stderr: " + r[2]);
    }

    @Test
    void compare_badFormat_usageError() {
        Object[] r = run("compare", "--format", "xml");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("xml"), () -> "stderr: " + r[2]);
    }

    @Test
    void compare_unknownDevice_errorListsDevices() {
        Object[] r = run("compare", "-w", "ints", "--sizes", "10", "-d", "no-such-device-xyz");
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("no-such-device-xyz") && ((String) r[2]).contains("java-seq"),
                () -> "stderr: " + r[2]);
    }

    @Test
    void compare_zeroRepeat_usageError() {
        Object[] r = run("compare", "-r", "0");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--repeat"), () -> "stderr: " + r[2]);
    }

    @Test
    void parseCount_suffixesAndPowers_exact() {
        assertEquals(16_000_000L, Units.parseCount("16M"));
        assertEquals(16L << 20, Units.parseCount("16Mi"));
        assertEquals(1L << 28, Units.parseCount("2^28"));
        assertEquals(1_000_000L, Units.parseCount("1_000_000"));
        assertEquals(0L, Units.parseCount("0"));
        assertEquals(3L << 30, Units.parseCount("3Gi"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-5", "1.5M", "2^99", "M", "2^-1", "-2^3"})
    void parseCount_notACount_throwsNamingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseCount(text));
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void parseMillis_units_converted() {
        assertEquals(1000, Units.parseMillis("1s"));
        assertEquals(250, Units.parseMillis("250ms"));
        assertEquals(500, Units.parseMillis("0.5"));
        assertEquals(0, Units.parseMillis("0"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseMillis("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseMillis("soon"));
    }
}
