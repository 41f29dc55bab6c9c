package dev.offload.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProgressTest {
    @ParameterizedTest
    @ValueSource(strings = {"/dev/pts/0", "/dev/pts/17", "/dev/tty", "/dev/tty2", "/dev/ttyS0", "/dev/console"})
    void isTerminal_terminalDevices_true(String target) {
        assertTrue(Progress.isTerminal(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe:[123456]", "/dev/null", "/tmp/err.log", "socket:[42]", "/dev/pts/ptmx",
            "/home/u/dev/pts/1", "anon_inode:[eventfd]"})
    void isTerminal_pipesFilesAndNull_false(String target) {
        assertFalse(Progress.isTerminal(target), target);
    }

    @Test
    void interactive_stderrRedirectedByTheTestRunner_false() throws Exception {
        // Surefire pipes the forked JVM's stderr: whatever stdout is, no bar.
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/self/fd/2")), "Linux /proc");
        assumeTrue(!Progress.isTerminal(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString()));
        assertFalse(Progress.interactive());
    }

    @Test
    void bar_enabled_drawsOnItsStreamAndErasesOnClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true), true, 4);
        p.starting("squares host java");
        p.finished();
        String drawn = bytes.toString();
        assertTrue(drawn.contains("1/4") && drawn.contains("\r"), drawn);
        p.close();
        assertTrue(bytes.toString().endsWith("\r"), "erased");
    }

    @Test
    void bar_disabled_writesNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true), false, 4);
        p.starting("x");
        p.finished();
        p.close();
        assertEquals("", bytes.toString());
    }
}
