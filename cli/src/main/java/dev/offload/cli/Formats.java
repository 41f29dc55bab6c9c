package dev.offload.cli;

import dev.offload.Device;

import java.util.List;
import java.util.Locale;

/** The comparison as a text table, CSV (RFC 4180) or JSON. Times in milliseconds; empty / null where n/a. */
final class Formats {
    /** Output formats of {@code --format}. */
    enum Format { TABLE, CSV, JSON }

    static final String[] CSV_COLUMNS = {"workload", "strategy", "device", "size", "unit", "reps", "wall_ms",
            "wall_min_ms", "wall_max_ms", "user_ms", "sys_ms", "worker_cpu_ms", "upload_ms", "kernel_ms",
            "download_ms", "speedup", "correct", "note"};

    private Formats() {
    }

    static String render(Format f, List<Row> rows, Environment env) {
        return switch (f) {
            case TABLE -> table(rows, env);
            case CSV -> csv(rows);
            case JSON -> json(rows, env);
        };
    }

    /**
     * What the comparison ran on, printed above the table and stored in JSON.
     *
     * @param summary one line: CPUs, Java, OS
     * @param devices the devices kernels ran on
     */
    record Environment(String summary, List<Device> devices) {
        static Environment current(List<Device> devices) {
            return new Environment(Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version()
                    + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"), devices);
        }
    }

    static String table(List<Row> rows, Environment env) {
        StringBuilder sb = new StringBuilder();
        sb.append("offload compare: ").append(env.summary()).append('\n');
        for (Device d : env.devices()) {
            sb.append("  ").append(d.id()).append(": ").append(d.kind()).append(' ').append(d.name()).append('\n');
        }
        sb.append('\n');
        TextTable t = new TextTable("WORKLOAD", "STRATEGY", "DEVICE", ">SIZE", ">WALL ms", ">±", ">USER ms",
                ">SYS ms", ">UPLOAD ms", ">KERNEL ms", ">DOWNLOAD ms", ">SPEED-UP", "CHECK", "NOTE");
        String group = null;
        for (Row r : rows) {
            String g = r.workload() + "/" + r.size();
            if (group != null && !group.equals(g)) {
                t.add("", "", "", "", "", "", "", "", "", "", "", "", "", "");
            }
            group = g;
            t.add(r.workload(), r.strategy(), r.device(), Units.count(r.size()) + " " + r.unit(),
                    Units.millis(r.wallNanos()), percent(r.spread()), cpu(r.userNanos()), cpu(r.systemNanos()),
                    Units.millis(r.uploadNanos()), Units.millis(r.kernelNanos()), Units.millis(r.downloadNanos()),
                    speedup(r.speedup()), check(r), note(r));
        }
        sb.append(t.render(""));
        sb.append('\n').append("""
                WALL: median of the timed runs, ± half their range. USER/SYS: this JVM's CPU time, counted by the
                kernel in clock ticks (10 ms on Linux). UPLOAD/KERNEL/DOWNLOAD: the device's own profile of the call.
                host: each call uploads, computes and downloads; resident: the data was uploaded once before timing
                and results stay on the device. SPEED-UP: the sequential row's wall time over this row's, same
                workload and size. CHECK: the result equals the plain-Java oracle's (n/a: the device does not
                support the operation).
                """);
        long wrong = rows.stream().filter(r -> !r.correct()).count();
        if (wrong > 0) {
            sb.append(wrong).append(" WRONG row(s): the command exits with status ").append(Main.EXIT_WRONG_RESULT)
                    .append('\n');
        }
        return sb.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (Row r : rows) {
            String[] cells = {r.workload(), r.strategy(), r.device(), Long.toString(r.size()), r.unit(),
                    Integer.toString(r.reps()), ms(r.wallNanos()), ms(r.wallMinNanos()), ms(r.wallMaxNanos()),
                    ms(r.userNanos()), ms(r.systemNanos()), ms(r.workerCpuNanos()), ms(r.uploadNanos()),
                    ms(r.kernelNanos()), ms(r.downloadNanos()), num(r.speedup()), Boolean.toString(r.correct()),
                    r.note()};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(csvCell(cells[i]));
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String json(List<Row> rows, Environment env) {
        StringBuilder sb = new StringBuilder("{\n  \"environment\": ").append(jsonString(env.summary()))
                .append(",\n  \"devices\": [");
        for (int i = 0; i < env.devices().size(); i++) {
            Device d = env.devices().get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"id\": ").append(jsonString(d.id()))
                    .append(", \"kind\": ").append(jsonString(d.kind().name()))
                    .append(", \"name\": ").append(jsonString(d.name()))
                    .append(", \"version\": ").append(jsonString(d.version()))
                    .append(", \"driver\": ").append(jsonString(d.driver()))
                    .append(", \"compute_units\": ").append(d.computeUnits())
                    .append(", \"global_memory\": ").append(d.globalMemory()).append('}');
        }
        sb.append("\n  ],\n  \"rows\": [");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String[] values = {jsonString(r.workload()), jsonString(r.strategy()), jsonString(r.device()),
                    Long.toString(r.size()), jsonString(r.unit()), Integer.toString(r.reps()), jsonMs(r.wallNanos()),
                    jsonMs(r.wallMinNanos()), jsonMs(r.wallMaxNanos()), jsonMs(r.userNanos()),
                    jsonMs(r.systemNanos()), jsonMs(r.workerCpuNanos()), jsonMs(r.uploadNanos()),
                    jsonMs(r.kernelNanos()), jsonMs(r.downloadNanos()),
                    Double.isNaN(r.speedup()) ? "null" : num(r.speedup()), Boolean.toString(r.correct()),
                    jsonString(r.note())};
            sb.append(i == 0 ? "\n" : ",\n").append("    {");
            for (int c = 0; c < values.length; c++) {
                sb.append(c == 0 ? "" : ", ").append('"').append(CSV_COLUMNS[c]).append("\": ").append(values[c]);
            }
            sb.append('}');
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    /** CPU milliseconds; a plain 0 where no tick was counted, so that it does not read as a precise zero. */
    private static String cpu(long nanos) {
        return nanos == 0 ? "0" : Units.millis(nanos);
    }

    /** The row's note, with the worker processes' CPU time when there were workers. */
    private static String note(Row r) {
        String workers = r.workerCpuNanos() > 0 ? "worker JVMs' CPU " + Units.millis(r.workerCpuNanos()) + " ms" : "";
        if (r.note().isEmpty()) {
            return workers;
        }
        return workers.isEmpty() ? r.note() : r.note() + "; " + workers;
    }

    /**
     * What the CHECK column says of a row.
     *
     * @param r the row
     * @return ok, WRONG, or n/a for an operation the device does not support (correct but never run)
     */
    static String check(Row r) {
        return !r.correct() ? "WRONG" : r.reps() == 0 ? "n/a" : "ok";
    }

    private static String percent(double spread) {
        return Double.isNaN(spread) ? "" : String.format(Locale.ROOT, "%.0f%%", spread * 100);
    }

    private static String speedup(double s) {
        if (Double.isNaN(s)) {
            return "";
        }
        return String.format(Locale.ROOT, s >= 100 ? "%.0fx" : s >= 10 ? "%.1fx" : "%.2fx", s);
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "" : num(nanos / 1e6);
    }

    private static String jsonMs(long nanos) {
        return nanos < 0 ? "null" : num(nanos / 1e6);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
