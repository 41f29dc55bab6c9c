package dev.offload.cli;

import java.util.Locale;

/** Parsing and printing of sizes and durations for the command line. */
final class Units {
    private Units() {
    }

    /**
     * Parses a count: {@code 1000}, {@code 1_000_000}, {@code 16M} (10^6), {@code 16Mi} (2^20), {@code 2^24}; suffixes
     * k, M, G and Ki, Mi, Gi.
     *
     * @throws IllegalArgumentException naming the text when it is not a count or is negative
     */
    static long parseCount(String text) {
        String s = text.trim().replace("_", "");
        try {
            if (s.contains("^")) {
                String[] p = s.split("\\^", 2);
                long base = Long.parseLong(p[0]);
                int exp = Integer.parseInt(p[1]);
                if (base < 0 || exp < 0) {
                    throw new IllegalArgumentException("count must be a non-negative power: \"" + text + "\"");
                }
                long v = 1;
                for (int i = 0; i < exp; i++) {
                    v = Math.multiplyExact(v, base);
                }
                return v;
            }
            long mult = 1;
            String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"},
                    {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"}};
            for (String[] suf : suffixes) {
                if (s.endsWith(suf[0])) {
                    mult = Long.parseLong(suf[1]);
                    s = s.substring(0, s.length() - suf[0].length());
                    break;
                }
            }
            long v = Math.multiplyExact(Long.parseLong(s), mult);
            if (v < 0) {
                throw new IllegalArgumentException("count must not be negative: \"" + text + "\"");
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a count: \"" + text
                    + "\" (examples: 1000, 16M = 16*10^6, 16Mi = 16*2^20, 2^24)", e);
        }
    }

    /** Bytes as {@code 1.5 GiB}. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u + 1 < units.length) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** Nanoseconds as milliseconds with three significant digits ({@code 8004}, {@code 12.3}, {@code 0.412}). */
    static String millis(long nanos) {
        if (nanos < 0) {
            return "";
        }
        double ms = nanos / 1e6;
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%.0f", ms);
        }
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        if (ms >= 1) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        return String.format(Locale.ROOT, "%.3f", ms);
    }

    /** A count with thousands separators. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * Parses a duration into milliseconds: {@code 1s}, {@code 250ms}, {@code 0.5} (seconds), {@code 0}.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration or is negative
     */
    static long parseMillis(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            double ms;
            if (s.endsWith("ms")) {
                ms = Double.parseDouble(s.substring(0, s.length() - 2));
            } else if (s.endsWith("s")) {
                ms = Double.parseDouble(s.substring(0, s.length() - 1)) * 1000;
            } else {
                ms = Double.parseDouble(s) * 1000;
            }
            if (ms < 0 || Double.isNaN(ms) || Double.isInfinite(ms)) {
                throw new NumberFormatException();
            }
            return Math.round(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\" (examples: 1s, 250ms, 0.5)", e);
        }
    }
}
