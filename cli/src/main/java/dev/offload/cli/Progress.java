package dev.offload.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for long comparisons: {@code [#####-----] 12/40 0:14 squares host java}.
 * Drawn only when stderr is a terminal ({@link #interactive()}), so redirected output and tests stay clean.
 */
final class Progress {
    private static final int BAR = 24;

    private final PrintStream err;
    private final boolean enabled;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int lastLength;

    Progress(PrintStream err, boolean enabled, int total) {
        this.err = err;
        this.enabled = enabled && total > 0;
        this.total = total;
    }

    /**
     * Whether stderr, where the bar goes, is a terminal, whatever stdout is ({@code offload compare > t.txt} still
     * shows the bar). {@code System.console()} cannot tell: it describes stdin and stdout, and on JDK 22+ it exists
     * even when both are redirected. On Linux the answer is where file descriptor 2 points; elsewhere the console is
     * the best guess there is.
     *
     * @return true when the bar should be drawn
     */
    static boolean interactive() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            return isTerminal(Files.readSymbolicLink(fd2).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return consoleIsTerminal();
        }
    }

    /**
     * Whether a file descriptor's target (as {@code /proc/self/fd/N} names it) is a terminal: a pseudo-terminal
     * ({@code /dev/pts/3}), a virtual or serial one ({@code /dev/tty2}, {@code /dev/ttyS0}) or the console; not a
     * pipe ({@code pipe:[1234]}), a file, or {@code /dev/null}.
     *
     * @param target the link's target
     * @return true for a terminal
     */
    static boolean isTerminal(String target) {
        return target.matches("/dev/pts/\\d+|/dev/tty[A-Za-z0-9]*|/dev/console");
    }

    private static boolean consoleIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;   // JDK 21: a console exists only when stdin and stdout are terminals
        }
    }

    /** Shows that {@code what} starts. */
    synchronized void starting(String what) {
        draw(what);
    }

    /** Counts one case as done. */
    synchronized void finished() {
        done++;
        draw("");
    }

    /** Erases the bar. */
    synchronized void close() {
        if (enabled && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
        }
    }

    private void draw(String what) {
        if (!enabled) {
            return;
        }
        int shown = Math.min(done, total);
        int filled = shown * BAR / total;
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        String line = String.format(Locale.ROOT, "[%s%s] %d/%d %d:%02d %s", "#".repeat(filled),
                "-".repeat(BAR - filled), shown, total, s / 60, s % 60, what);
        if (line.length() > 100) {
            line = line.substring(0, 100);
        }
        String pad = " ".repeat(Math.max(0, lastLength - line.length()));
        err.print("\r" + line + pad);
        err.flush();
        lastLength = line.length();
    }
}
