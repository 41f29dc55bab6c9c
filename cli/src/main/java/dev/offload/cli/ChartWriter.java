package dev.offload.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison as a {@link BarChart} of wall times: one panel per workload and size (their times differ by orders
 * of magnitude), one horizontal bar per strategy and device, labelled beside it, with a whisker over the range of
 * the repetitions. A panel whose bars span more than 10x (task pools beside devices) gets a log axis, so the
 * fastest bar is still visible and every bar still shows its number.
 */
final class ChartWriter {
    static final String HOST_COLOR = "#4c78a8";
    static final String RESIDENT_COLOR = "#59a14f";
    static final String JVM_COLOR = "#f28e2b";

    /** The formats a chart file may have, by its extension. */
    enum Format { PNG, SVG }

    private ChartWriter() {
    }

    /**
     * The format a chart file's name asks for.
     *
     * @param file the chart file
     * @return PNG or SVG
     * @throws IllegalArgumentException naming the file when it ends in neither .png nor .svg
     */
    static Format formatOf(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (s.endsWith(".svg")) {
            return Format.SVG;
        }
        if (s.endsWith(".png")) {
            return Format.PNG;
        }
        throw new IllegalArgumentException("chart file must end in .png or .svg: " + file);
    }

    /**
     * Why a chart cannot be written to {@code file} (its extension, its folder, a Java runtime without AWT for PNG),
     * or {@code null} when it can.
     *
     * @param file the chart file
     * @return one line naming the file and the reason, or {@code null}
     */
    static String whyNot(Path file) {
        try {
            if (formatOf(file) == Format.PNG && ModuleLayer.boot().findModule("java.desktop").isEmpty()) {
                return "cannot draw PNG " + file + ": this Java runtime (" + System.getProperty("java.home")
                        + ") has no java.desktop module; ask for .svg, or draw it later with 'offload chart'";
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return UserFiles.whyNotWritable(file);
    }

    /**
     * Writes the chart; the format follows the file's extension. Creates no folders.
     *
     * @param rows the comparison
     * @param file a .png or .svg file
     * @throws IllegalArgumentException when the extension is neither .png nor .svg
     * @throws UserFiles.Failure when the file cannot be written, saying why
     */
    static void write(List<Row> rows, Path file) {
        Format f = formatOf(file);
        BarChart chart = chart(rows);
        if (f == Format.SVG) {
            UserFiles.write(file, chart.svg());
        } else {
            UserFiles.write(file, chart.png());
        }
    }

    /**
     * The chart of a comparison: correct timed rows as bars, wrong rows as a label and WRONG, rows a device does not
     * support left out.
     *
     * @param rows the comparison
     * @return the chart
     */
    static BarChart chart(List<Row> rows) {
        Map<String, List<BarChart.Bar>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            boolean timed = r.correct() && r.wallNanos() > 0;
            if (!timed && r.correct()) {
                continue;   // n/a: the device does not support the operation
            }
            String group = r.workload() + (r.unit().isEmpty() ? "" : ", " + Units.count(r.size()) + " " + r.unit());
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(bar(r, timed));
        }
        List<BarChart.Panel> panels = new ArrayList<>();
        groups.forEach((title, bars) -> panels.add(new BarChart.Panel(title, bars)));
        if (panels.isEmpty()) {
            panels.add(new BarChart.Panel("no rows to chart", List.of()));
        }
        List<BarChart.Key> keys = List.of(
                new BarChart.Key("host: from a Java array, each call uploads and downloads", HOST_COLOR),
                new BarChart.Key("resident: data already on the device", RESIDENT_COLOR),
                new BarChart.Key("in the JVM, through task pools", JVM_COLOR));
        return new BarChart("offload compare: wall time (bar: median of the timed runs; whisker: fastest to slowest)",
                "wall ms", keys, panels);
    }

    private static BarChart.Bar bar(Row r, boolean timed) {
        if (!timed) {
            return new BarChart.Bar(r.label(), Double.NaN, Double.NaN, Double.NaN, Formats.check(r), HOST_COLOR);
        }
        String color = switch (r.strategy()) {
            case IntsSuite.HOST -> HOST_COLOR;
            case IntsSuite.RESIDENT -> RESIDENT_COLOR;
            default -> JVM_COLOR;
        };
        boolean range = r.reps() > 1 && r.wallMaxNanos() > r.wallMinNanos() && r.wallMinNanos() > 0;
        return new BarChart.Bar(r.label(), r.wallNanos() / 1e6, range ? r.wallMinNanos() / 1e6 : Double.NaN,
                range ? r.wallMaxNanos() / 1e6 : Double.NaN, Units.millis(r.wallNanos()) + " ms", color);
    }
}
