package dev.offload.spark;

import dev.offload.demo.LoremText;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code offload spark}: the Spark jobs of {@link OffloadSpark} from the command line, each timed against the same
 * job in plain Spark ({@code mapPartitions} with plain Java) in the same run, with the per-partition device table.
 * Runs with Spark on the class path: {@code ./offload spark ...} builds one from Maven, {@code spark-submit
 * --class dev.offload.spark.SparkMain spark/target/offload-spark.jar ...} uses the cluster's.
 *
 * <pre>{@code
 * ./offload spark lorem /tmp/lorem.txt --bytes 1Gi
 * ./offload spark words /tmp/lorem.txt --master local[2]
 * ./offload spark sumsq --n 100000000
 * }</pre>
 */
@Command(name = "offload spark", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "offload's kernels on Apache Spark, timed against plain Spark in the same run.",
        subcommands = {SparkMain.Words.class, SparkMain.SumSquares.class, SparkMain.Lorem.class,
                CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    private static final Pattern JAVA_WHITESPACE = Pattern.compile("\\s+");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private SparkMain() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every Spark command takes. */
    static class SparkOptions {
        @Option(names = "--master", description = "Spark master: local[*] (default, unless spark-submit set one), "
                + "local[N], spark://host:port, ...")
        String master;

        @Option(names = "--partitions", description = "Partitions (words: at least this many splits; sumsq: "
                + "exactly). Default: Spark's.")
        Integer partitions;

        SparkSession session(String app) {
            SparkSession.Builder b = SparkSession.builder().appName(app)
                    .config("spark.ui.showConsoleProgress", "false");
            if (master != null) {
                b.master(master);
            } else if (System.getProperty("spark.master") == null) {
                b.master("local[*]");
            }
            SparkSession spark = b.getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            return spark;
        }
    }

    @Command(name = "words", mixinStandardHelpOptions = true,
            description = "Histogram of word lengths (Python's [len(w) for w in text.split()]) of text files.")
    static final class Words implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Text files (UTF-8), or folders of them.")
        List<String> files;

        @CommandLine.Mixin
        SparkOptions options = new SparkOptions();

        @Override
        public Integer call() throws IOException {
            try (SparkSession spark = options.session("offload spark words")) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                String paths = String.join(",", files);
                JavaRDD<String> lines = options.partitions == null ? jsc.textFile(paths)
                        : jsc.textFile(paths, options.partitions);
                PrintStream out = System.out;
                out.printf("offload spark words: %s on %s, %d partitions%n", paths, jsc.master(),
                        lines.getNumPartitions());
                Timings t = new Timings();
                long count = t.time("Spark: read and count the lines", lines::count);
                long[] plain = t.time("plain Spark: mapPartitions, Java split(\"\\\\s+\")", () -> plainHistogram(lines));
                long[] off = t.time("Spark + offload: OffloadSpark.wordLengthHistogram", () ->
                        OffloadSpark.wordLengthHistogram(lines));
                JobSummary summary = OffloadSpark.lastJobSummary();

                long words = Arrays.stream(off).sum();
                out.printf("%,d lines, %,d words; words per length (length: count):%n", count, words);
                StringBuilder h = new StringBuilder();
                for (int k = 1; k < off.length; k++) {
                    if (off[k] != 0) {
                        h.append(String.format("  %d: %,d", k, off[k]));
                    }
                }
                out.println(h.isEmpty() ? "  (no words)" : h);
                out.println();
                out.print(summary);
                out.println();
                t.print(out);
                if (!Arrays.equals(plain, off)) {
                    out.println("note: plain Java split differs from offload: Java's \\s is ASCII whitespace only and "
                            + "String.length() counts UTF-16 units; offload gives Python's answer.");
                }
                return 0;
            }
        }
    }

    /** Plain Spark: per partition, Java's regex split and code-point counts; histograms added as offload does. */
    static long[] plainHistogram(JavaRDD<String> lines) {
        long[] h = lines.mapPartitions(it -> {
            long[] hist = new long[64];
            while (it.hasNext()) {
                for (String w : JAVA_WHITESPACE.split(it.next())) {
                    if (!w.isEmpty()) {
                        int n = w.codePointCount(0, w.length());
                        if (n >= hist.length) {
                            hist = Arrays.copyOf(hist, Math.max(n + 1, 2 * hist.length));
                        }
                        hist[n]++;
                    }
                }
            }
            return List.of(hist).iterator();
        }).reduce(OffloadSpark::add);
        int last = h.length - 1;
        while (last > 0 && h[last] == 0) {
            last--;
        }
        return Arrays.copyOf(h, last + 1);
    }

    @Command(name = "sumsq", mixinStandardHelpOptions = true,
            description = "Sum of squares of N ints made by Spark (spark.range), in 64 bits.")
    static final class SumSquares implements Callable<Integer> {
        @Option(names = "--n", required = true, description = "How many ints, e.g. 100000000, 2^26, 64Mi.")
        String n;

        @CommandLine.Mixin
        SparkOptions options = new SparkOptions();

        @Override
        public Integer call() throws IOException {
            long count = parseSize(n);
            try (SparkSession spark = options.session("offload spark sumsq")) {
                int parts = options.partitions != null ? options.partitions
                        : spark.sparkContext().defaultParallelism();
                // Deterministic values in [-46340, 46340]: squares fit an int, so SQL's sum cannot overflow either.
                Dataset<Row> df = spark.range(0, count, 1, parts)
                        .selectExpr("cast(pmod(id * 2654435761, 92681) - 46340 as int) as x");
                PrintStream out = System.out;
                out.printf("offload spark sumsq: %,d ints on %s, %d partitions%n", count,
                        spark.sparkContext().master(), parts);
                Timings t = new Timings();
                long sql = t.time("Spark SQL: sum(cast(x as bigint) * x)", () ->
                        df.selectExpr("sum(cast(x as bigint) * x)").first().getLong(0));
                long plain = t.time("plain Spark: mapPartitions, Java loop", () ->
                        df.as(Encoders.INT()).javaRDD().mapPartitions(it -> {
                            long s = 0;
                            while (it.hasNext()) {
                                long x = it.next();
                                s += x * x;
                            }
                            return List.of(s).iterator();
                        }).reduce(Long::sum));
                long off = t.time("Spark + offload: OffloadSpark.sumOfSquares", () ->
                        OffloadSpark.sumOfSquares(df, "x"));
                out.printf("sum of squares: %,d%s%n%n", off, off == plain && off == sql ? "" : "  (DIFFERS: plain "
                        + plain + ", SQL " + sql + ")");
                out.print(OffloadSpark.lastJobSummary());
                out.println();
                t.print(out);
                return off == plain && off == sql ? 0 : 3;
            }
        }
    }

    @Command(name = "lorem", mixinStandardHelpOptions = true,
            description = "Writes reproducible lorem-ipsum text (LoremText) to a file, for 'words'.")
    static final class Lorem implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--bytes", defaultValue = "256Mi", description = "Size, e.g. 1Gi, 256Mi (default).")
        String bytes;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Override
        public Integer call() throws IOException {
            long total = parseSize(bytes);
            int block = 64 << 20;
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long done = 0, i = 0; done < total; done += block, i++) {
                    int n = (int) Math.min(block, total - done);
                    byte[] b = LoremText.ofBytes(n, seed + i);
                    if (n == block) {
                        b[n - 1] = '\n';            // blocks end a line, so no word spans two blocks
                    }
                    out.write(b);
                }
            }
            System.out.printf("wrote %,d bytes of lorem to %s%n", total, file);
            return 0;
        }
    }

    /** 100000000, 1e8, 2^26, 64Mi, 1Gi, 256Mi, 10M (powers of 1000 for k/M/G). */
    static long parseSize(String s) {
        String t = s.trim().replace("_", "").replace(",", "");
        try {
            if (t.contains("^")) {
                String[] p = t.split("\\^");
                return (long) Math.pow(Long.parseLong(p[0]), Long.parseLong(p[1]));
            }
            if (t.toLowerCase(Locale.ROOT).contains("e")) {
                return (long) Double.parseDouble(t);
            }
            long unit = 1;
            String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"},
                    {"M", "1000000"}, {"G", "1000000000"}};
            for (String[] u : units) {
                if (t.endsWith(u[0])) {
                    unit = Long.parseLong(u[1]);
                    t = t.substring(0, t.length() - u[0].length());
                    break;
                }
            }
            return Long.parseLong(t) * unit;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a size (e.g. 1000000, 2^26, 64Mi)");
        }
    }

    /** Wall time of each job, in order, as a table. */
    static final class Timings {
        private final List<String> names = new ArrayList<>();
        private final List<Long> nanos = new ArrayList<>();

        <T> T time(String name, Supplier<T> job) {
            long t0 = System.nanoTime();
            T result = job.get();
            names.add(name);
            nanos.add(System.nanoTime() - t0);
            return result;
        }

        void print(PrintStream out) {
            int w = names.stream().mapToInt(String::length).max().orElse(4);
            out.printf("%-" + w + "s  %9s%n", "JOB (same data, one run each)", "WALL s");
            for (int i = 0; i < names.size(); i++) {
                out.printf("%-" + w + "s  %9.2f%n", names.get(i), nanos.get(i) / 1e9);
            }
        }
    }
}
