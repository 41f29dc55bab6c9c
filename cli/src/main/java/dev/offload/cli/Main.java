package dev.offload.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Map;
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
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {Main.EXIT_0, Main.EXIT_1, Main.EXIT_2, Main.EXIT_3},
        footer = {"%nShell completion (bash; zsh with bashcompinit):  source <(./offload completion)"},
        subcommands = {CompareCommand.class, DevicesCommand.class, ChartCommand.class, CompletionCommand.class,
                BandwidthCommand.class, FuzzCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code of a run where some result was wrong (picocli uses 1 for exceptions and 2 for usage errors). */
    public static final int EXIT_WRONG_RESULT = 3;

    // The exit status lines of every command's help (annotations take constants, not an array field).
    static final String EXIT_0 = "0:done; for compare: every result equals the oracle's";
    static final String EXIT_1 = "1:an error while running (no such device, a file that cannot be written)";
    static final String EXIT_2 = "2:a usage error, found before any work (an unknown option, a bad value, an output "
            + "file whose folder does not exist)";
    static final String EXIT_3 = "3:compare: some result was WRONG (see the CHECK column)";

    private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line's arguments
     */
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

    /**
     * Runs the command line with the given streams (for tests and {@link #main}).
     *
     * @param args the arguments
     * @param out  standard output
     * @param err  standard error
     * @return the exit status
     */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(withDefaultCommand(cl, args));
    }

    /**
     * The command line, configured: case-insensitive enums, one-line usage errors, errors without stack traces.
     *
     * @return a new picocli command line
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            // The error, a suggestion for a mistyped option, and where to read more: the full usage would bury the
            // one line that matters.
            CommandLine line = e.getCommandLine();
            PrintWriter err = line.getErr();
            String command = unknownCommand(e);
            if (command != null) {
                err.println("offload: '" + command + "' is not a command; commands: "
                        + String.join(", ", visibleCommands(line)) + " (none: compare)");
                List<String> close = ((CommandLine.UnmatchedArgumentException) e).getSuggestions();
                if (!close.isEmpty()) {
                    err.println("Did you mean: offload " + String.join(" or offload ", close) + "?");
                }
            } else {
                err.println("offload: " + e.getMessage());
                CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            }
            err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return line.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            // Environment failures (no such device, a kernel that does not build) are reported, not dumped.
            line.getErr().println("offload: " + message(e));
            if (Boolean.getBoolean("offload.debug")) {
                e.printStackTrace(line.getErr());
            }
            return 1;
        });
        return cl;
    }

    /**
     * The top-level word that named no command ({@code offload devcies}), or {@code null} for any other usage error.
     *
     * @param e the usage error
     * @return the word, or {@code null}
     */
    static String unknownCommand(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && e.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return u.getUnmatched().get(0);
        }
        return null;
    }

    private static List<String> visibleCommands(CommandLine line) {
        return line.getSubcommands().entrySet().stream()
                .filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden())
                .map(Map.Entry::getKey).toList();
    }

    /**
     * One line for an error while running: the exception's message, or for an I/O error the file and the
     * operating system's reason (a bare {@code NoSuchFileException} says only the path).
     *
     * @param e the error
     * @return the line, without the {@code offload: } prefix
     */
    static String message(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + UserFiles.reason(f);
        }
        if (t instanceof IOException io) {
            return UserFiles.reason(io);
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /**
     * Puts {@code compare} in front when the arguments start with an option that is not a top-level one (or there
     * are none): {@code offload --sizes 1M} is {@code offload compare --sizes 1M}. A first word that is not a
     * command stays, so that picocli reports it as an unknown command with a suggestion.
     *
     * @param cl   the command line
     * @param args the arguments as given
     * @return the arguments to execute
     */
    static String[] withDefaultCommand(CommandLine cl, String[] args) {
        if (args.length > 0 && (cl.getSubcommands().containsKey(args[0]) || TOP_LEVEL.contains(args[0])
                || !args[0].startsWith("-"))) {
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
