package dev.offload.cli;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for long comparisons: {@code [#####-----] 12/40 0:14 squares host java}.
 * Drawn only when stderr is a terminal, so redirected output and tests stay clean.
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

    /** Whether the JVM's console is an interactive terminal (JDK 22+ can tell; JDK 21: a console means one). */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
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
