package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceKind;
import dev.offload.Offload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code offload compare}: runs each workload every way, checks every result against the oracle, then times it.
 * Exits with {@link Main#EXIT_WRONG_RESULT} when any result was wrong.
 */
@Command(name = CompareCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs the same jobs sequentially, through task pools and on every device, checks each result "
                + "against a plain-Java oracle, then times it: wall (median and spread), CPU user and system, the "
                + "device's upload/kernel/download split, and the speed-up over the sequential row.",
                "Workloads: sleep (f(x) = sleep; x*x over 0..tasks-1 through every pool kind), ints (squares, sum, "
                        + "sum of squares of N ints, host- and device-resident), words (word lengths and their "
                        + "histogram of a lorem text), java-kernels (saxpy over N floats and a 2-D Mandelbrot, "
                        + "written as Java lambdas)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {Main.EXIT_0, Main.EXIT_1, Main.EXIT_2, Main.EXIT_3},
        footer = {"%nExamples:", "  offload compare --workloads ints,words --sizes 1Mi,16Mi --out t.csv -f csv",
                "  offload compare --device gpu --sizes 2^28 --workloads ints --chart times.svg"})
final class CompareCommand implements Callable<Integer> {
    static final String NAME = "compare";

    @Spec
    CommandSpec spec;

    @Option(names = {"-w", "--workloads"}, split = ",", paramLabel = "NAME",
            description = "Which workloads: sleep, ints, words, java-kernels (default: all).")
    List<String> workloads = new ArrayList<>(List.of(SleepSuite.NAME, IntsSuite.NAME, TextSuite.NAME,
            JavaKernelsSuite.NAME));

    @Option(names = {"-n", "--sizes"}, split = ",", paramLabel = "N",
            description = "Int counts for 'ints', float counts for 'java-kernels' (16M = 16*10^6, 16Mi = 16*2^20, 2^24; default: ${DEFAULT-VALUE}).",
            defaultValue = "2^22")
    List<String> sizes;

    @Option(names = "--text-bytes", split = ",", paramLabel = "BYTES",
            description = "Lorem text sizes in bytes for 'words' (default: ${DEFAULT-VALUE}).", defaultValue = "256Ki")
    List<String> textBytes;

    @Option(names = "--grid", paramLabel = "SIDE",
            description = "Width and height in pixels of the 'java-kernels' Mandelbrot (default: ${DEFAULT-VALUE}).",
            defaultValue = "512")
    int grid;

    @Option(names = {"-r", "--repeat"}, paramLabel = "R",
            description = "Timed repetitions of each ints/words case, after one checked run (default: "
                    + "${DEFAULT-VALUE}).", defaultValue = "5")
    int repeat;

    @Option(names = "--warmup", paramLabel = "W",
            description = "Untimed runs of each ints/words case between its check and its timing (default: "
                    + "${DEFAULT-VALUE}).", defaultValue = "2")
    int warmup;

    @Option(names = "--sleep", paramLabel = "DURATION",
            description = "How long each sleeping task sleeps: 1s, 250ms, 0.5 (seconds; default: ${DEFAULT-VALUE}).",
            defaultValue = "1s")
    String sleep;

    @Option(names = "--tasks", paramLabel = "K",
            description = "Sleeping tasks 0..K-1 (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int tasks;

    @Option(names = "--sleep-repeat", paramLabel = "R",
            description = "Timed repetitions of the sleeping tasks; each timed result is checked (default: "
                    + "${DEFAULT-VALUE}, since one sequential run already takes tasks x sleep).", defaultValue = "1")
    int sleepRepeat;

    @Option(names = "--pools", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run 'words' through every task-pool kind, as the seed does (default: on; "
                    + "--no-pools for large texts: worker processes get every word by serialization).")
    boolean pools;

    @Option(names = {"-d", "--device"}, split = ",", paramLabel = "SELECTOR",
            description = "Devices for the kernels: all (default), auto, gpu, cpu, opencl, an id from "
                    + "'offload devices' or part of a name. The Java sequential (baseline) and parallel backends "
                    + "always run too.")
    List<String> devices = new ArrayList<>(List.of("all"));

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "table, csv or json (default: table).", defaultValue = "table",
            converter = FormatConverter.class)
    Formats.Format format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the --format output to FILE; the table still goes to stdout.")
    Path out;

    @Option(names = "--chart", paramLabel = "FILE",
            description = "Also draw a bar chart of wall times per workload, as PNG or SVG by FILE's extension.")
    Path chart;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Progress bar on stderr when it is a terminal (default: on).")
    boolean progress;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the random ints and the text (default: "
            + "${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    private final List<Suite> extraSuites;

    /** The command as the command line builds it. */
    CompareCommand() {
        this(List.of());
    }

    /**
     * For tests: extra suites run after the chosen workloads (a deliberately wrong one, for instance).
     *
     * @param extraSuites run after the chosen workloads
     */
    CompareCommand(List<Suite> extraSuites) {
        this.extraSuites = List.copyOf(extraSuites);
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Suite.Settings settings = settings();
        List<Suite> suites = suites();
        checkBeforeWork(settings, suites);
        PrintWriter stdout = spec.commandLine().getOut();

        int total = suites.stream().mapToInt(s -> s.cases(settings)).sum();
        Progress bar = new Progress(System.err, progress && Progress.interactive(), total);
        Runner runner = new Runner(settings.repeat(), warmup, bar);
        try (runner) {
            for (Suite s : suites) {
                try {
                    s.run(settings, runner);
                } catch (Exception e) {
                    // A workload that cannot even set up (no memory for the input, a device that fails to open)
                    // is an error of this run, but the other workloads' rows are still worth printing.
                    bar.close();
                    spec.commandLine().getErr().println("offload: workload " + s.name() + " failed: " + e);
                    runner.add(Row.untimed(new Case(s.name(), "setup", "", 0, "", false), false, "failed: " + e));
                }
            }
        } finally {
            bar.close();
        }
        List<Row> rows = grouped(Runner.withSpeedups(runner.rows()));
        Formats.Environment env = Formats.Environment.current(settings.devices());

        String took = String.format(Locale.ROOT, "compare took %.1f s", (System.nanoTime() - start) / 1e9);
        if (out != null) {
            // The table first: should the file fail after all (a full disk), the results are still on screen.
            stdout.print(Formats.table(rows, env));
            stdout.println(took);
            stdout.flush();
            UserFiles.write(out, Formats.render(format, rows, env));
            stdout.println("wrote " + format.name().toLowerCase(Locale.ROOT) + " to " + out);
        } else {
            stdout.print(Formats.render(format, rows, env));
            if (format == Formats.Format.TABLE) {
                stdout.println(took);
            }
        }
        if (chart != null) {
            ChartWriter.write(rows, chart);
            (out == null && format != Formats.Format.TABLE ? spec.commandLine().getErr() : stdout)
                    .println("wrote chart to " + chart);
        }
        stdout.flush();
        return rows.stream().allMatch(Row::correct) ? 0 : Main.EXIT_WRONG_RESULT;
    }

    /**
     * Every check that can fail without running anything: the output files (extension, folder, permission), and
     * sizes that no Java array, heap or device could hold. A comparison takes minutes; its results must not be lost
     * to a typo in a file name.
     *
     * @param settings the parsed settings
     * @param suites   the workloads that will run
     * @throws ParameterException naming the option, its value and why
     */
    void checkBeforeWork(Suite.Settings settings, List<Suite> suites) {
        if (out != null) {
            reject("--out", UserFiles.whyNotWritable(out));
        }
        if (chart != null) {
            reject("--chart", ChartWriter.whyNot(chart));
        }
        if (out != null && chart != null
                && out.toAbsolutePath().normalize().equals(chart.toAbsolutePath().normalize())) {
            reject("--chart", "the same file as --out: " + chart);
        }
        long heap = Runtime.getRuntime().maxMemory();
        for (Suite s : suites) {
            if (s instanceof IntsSuite) {
                for (String size : sizes) {
                    reject("--sizes " + size.trim(), IntsSuite.whyTooBig(Units.parseCount(size), heap,
                            settings.devices()));
                }
            } else if (s instanceof JavaKernelsSuite) {
                reject("--grid " + grid, JavaKernelsSuite.whyBadGrid(grid));
                for (String size : sizes) {
                    reject("--sizes " + size.trim(), JavaKernelsSuite.whyTooBig(Units.parseCount(size), heap));
                }
            } else if (s instanceof TextSuite) {
                for (String size : textBytes) {
                    reject("--text-bytes " + size.trim(), TextSuite.whyTooBig(Units.parseCount(size), heap));
                }
            }
        }
    }

    private void reject(String what, String why) {
        if (why != null) {
            throw new ParameterException(spec.commandLine(), what + ": " + why);
        }
    }

    Suite.Settings settings() {
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, not " + repeat);
        }
        if (warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--warmup must not be negative: " + warmup);
        }
        if (sleepRepeat < 1) {
            throw new ParameterException(spec.commandLine(), "--sleep-repeat must be at least 1, not " + sleepRepeat);
        }
        if (tasks < 1) {
            throw new ParameterException(spec.commandLine(), "--tasks must be at least 1, not " + tasks);
        }
        long sleepMillis;
        List<Long> sizeList;
        List<Long> textList;
        try {
            sleepMillis = Units.parseMillis(sleep);
            sizeList = sizes.stream().map(Units::parseCount).toList();
            textList = textBytes.stream().map(Units::parseCount).toList();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new Suite.Settings(sizeList, textList, repeat, sleepMillis, tasks, sleepRepeat, devices(), seed, pools,
                grid);
    }

    List<Suite> suites() {
        Map<String, Suite> known = new LinkedHashMap<>();
        for (Suite s : List.of(new SleepSuite(), new IntsSuite(), new TextSuite(),
                new JavaKernelsSuite())) {
            known.put(s.name(), s);
        }
        List<Suite> chosen = new ArrayList<>();
        for (String w : workloads) {
            String name = w.trim().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                chosen.addAll(known.values());
                continue;
            }
            Suite s = known.get(name);
            if (s == null) {
                throw new ParameterException(spec.commandLine(), "unknown workload \"" + w + "\"; choose from "
                        + String.join(", ", known.keySet()) + " or all");
            }
            if (!chosen.contains(s)) {
                chosen.add(s);
            }
        }
        chosen.addAll(extraSuites);
        return chosen;
    }

    /**
     * The devices of this comparison.
     *
     * @return the sequential and parallel Java backends, then the devices {@code --device} names, each once
     */
    List<Device> devices() {
        return devicesFor(devices);
    }

    /**
     * The devices the selectors name, after the two Java backends.
     *
     * @param selectors as {@code --device} takes them
     * @return the devices, each once
     */
    List<Device> devicesFor(List<String> selectors) {
        Map<String, Device> chosen = new LinkedHashMap<>();
        List<Device> all = Offload.devices();
        all.stream().filter(d -> d.kind() == DeviceKind.JAVA_SEQUENTIAL).forEach(d -> chosen.put(d.id(), d));
        all.stream().filter(d -> d.kind() == DeviceKind.JAVA).forEach(d -> chosen.put(d.id(), d));
        for (String sel : selectors) {
            if (sel.trim().equalsIgnoreCase("all")) {
                all.forEach(d -> chosen.putIfAbsent(d.id(), d));
                continue;
            }
            // Opening resolves the selector exactly as the library does (auto included) and fails early, naming
            // every device, when nothing matches.
            try (Offload off = Offload.open(sel)) {
                chosen.putIfAbsent(off.device().id(), off.device());
            }
        }
        return List.copyOf(chosen.values());
    }

    /** Reads {@code --format} ignoring case, however the command line was configured. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Formats.Format> {
        @Override
        public Formats.Format convert(String value) {
            try {
                return Formats.Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown format \"" + value
                        + "\"; choose table, csv or json");
            }
        }
    }

    /**
     * Rows grouped by workload (in order of first appearance), then size; order within a group kept.
     *
     * @param rows the rows as measured
     * @return the rows in table order
     */
    static List<Row> grouped(List<Row> rows) {
        Map<String, Integer> firstSeen = new HashMap<>();
        for (Row r : rows) {
            firstSeen.putIfAbsent(r.workload(), firstSeen.size());
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt((Row r) -> firstSeen.get(r.workload())).thenComparingLong(Row::size));
        return sorted;
    }
}
