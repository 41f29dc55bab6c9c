package dev.offload.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Set;

/**
 * {@code offload}: the command line. With no subcommand it runs {@code compare}; options given without a
 * subcommand are {@code compare}'s ({@code offload --sizes 1M} is {@code offload compare --sizes 1M}).
 *
 * <pre>{@code
 * offload devices
 * offload compare --workloads ints --sizes 16Mi --format csv --out times.csv --chart times.png
 * }</pre>
 */
@Command(name = "offload", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        usageHelpAutoWidth = true,
        description = {"Times the same jobs sequentially, through task pools and on every OpenCL device and Java "
                + "backend, after checking every result against a plain-Java oracle.",
                "With no command, runs 'compare'."},
        subcommands = {CompareCommand.class, DevicesCommand.class, ChartCommand.class, BandwidthCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of a run where some result was wrong (picocli uses 1 for exceptions and 2 for usage errors). */
    public static final int EXIT_WRONG_RESULT = 3;

    private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // Charts render through AWT without a display; must be set before any AWT class loads.
        System.setProperty("java.awt.headless", "true");
        quietLogging();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * The library logs its device choice at INFO; the commands print it themselves, so the console shows only
     * warnings unless {@code -Doffload.log=INFO} (any java.util.logging level) asks for more.
     */
    private static void quietLogging() {
        java.util.logging.Level level;
        try {
            level = java.util.logging.Level.parse(System.getProperty("offload.log", "WARNING"));
        } catch (IllegalArgumentException e) {
            level = java.util.logging.Level.WARNING;
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(level);
        for (java.util.logging.Handler h : root.getHandlers()) {
            h.setLevel(level);
        }
    }

    /** Runs the command line with the given streams and returns the exit status (for tests and {@link #main}). */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(withDefaultCommand(cl, args));
    }

    /** The configured picocli command line. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            // The error, a suggestion for a mistyped option, and where to read more: the full usage would bury the
            // one line that matters.
            CommandLine line = e.getCommandLine();
            PrintWriter err = line.getErr();
            err.println("offload: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            // Environment failures (no such device, a kernel that does not build) are reported, not dumped.
            line.getErr().println("offload: " + e.getMessage());
            if (Boolean.getBoolean("offload.debug")) {
                e.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cl;
    }

    /** Puts {@code compare} in front when the first argument names no subcommand. */
    static String[] withDefaultCommand(CommandLine cl, String[] args) {
        if (args.length > 0 && (cl.getSubcommands().containsKey(args[0]) || TOP_LEVEL.contains(args[0]))) {
            return args;
        }
        String[] withCompare = new String[args.length + 1];
        withCompare[0] = CompareCommand.NAME;
        System.arraycopy(args, 0, withCompare, 1, args.length);
        return withCompare;
    }

    @Override
    public void run() {
        // Only reached by an explicit empty subcommand list, which withDefaultCommand never produces.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"offload " + (v == null ? "dev" : v), "Java " + Runtime.version() + " ("
                    + System.getProperty("java.vm.name") + ")"};
        }
    }
}
