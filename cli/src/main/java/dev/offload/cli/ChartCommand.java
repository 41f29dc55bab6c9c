package dev.offload.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code offload chart times.csv --out times.svg}: draws the chart of a comparison saved with {@code --format csv},
 * for runs made where no chart could be drawn (the GPU check's Java runtime has no AWT).
 */
@Command(name = "chart", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Draws the bar chart of a comparison saved by 'offload compare --format csv --out FILE'.")
final class ChartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CSV", description = "A CSV file written by 'offload compare'.")
    Path csv;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.png|FILE.svg", description = "The chart.")
    Path out;

    @Override
    public Integer call() {
        String why = UserFiles.whyNotReadable(csv);
        if (why == null) {
            why = ChartWriter.whyNot(out);
        }
        if (why != null) {
            throw new ParameterException(spec.commandLine(), why);
        }
        List<Row> rows;
        try {
            rows = read(UserFiles.read(csv));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), csv + ": " + e.getMessage());
        }
        ChartWriter.write(rows, out);
        spec.commandLine().getOut().println("wrote chart of " + rows.size() + " rows to " + out);
        return 0;
    }

    /**
     * Rows back from {@link Formats#csv}: the columns needed for a chart.
     *
     * @param text the CSV
     * @return its rows
     * @throws IllegalArgumentException when the header is not offload's or a number does not parse, naming it
     */
    static List<Row> read(String text) {
        List<List<String>> records = Csv.parse(text);
        if (records.isEmpty() || !records.get(0).equals(List.of(Formats.CSV_COLUMNS))) {
            throw new IllegalArgumentException("not a CSV written by 'offload compare' (header "
                    + (records.isEmpty() ? "missing" : records.get(0)) + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() != Formats.CSV_COLUMNS.length) {
                throw new IllegalArgumentException("record of " + r.size() + " fields, expected "
                        + Formats.CSV_COLUMNS.length + ": " + r);
            }
            rows.add(new Row(r.get(0), r.get(1), r.get(2), Long.parseLong(r.get(3)), r.get(4),
                    Integer.parseInt(r.get(5)), nanos(r.get(6)), nanos(r.get(7)), nanos(r.get(8)), nanos(r.get(9)),
                    nanos(r.get(10)), nanos(r.get(11)), nanos(r.get(12)), nanos(r.get(13)), nanos(r.get(14)), false,
                    r.get(15).isEmpty() ? Double.NaN : Double.parseDouble(r.get(15)),
                    Boolean.parseBoolean(r.get(16)), r.get(17)));
        }
        return rows;
    }

    private static long nanos(String ms) {
        try {
            return ms.isEmpty() ? -1 : Math.round(Double.parseDouble(ms) * 1e6);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of milliseconds: \"" + ms + "\"", e);
        }
    }
}
