package dev.offload.pool;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker JVM: this JVM's {@code java} binary, the pool's fixed flags, the user's, the class
 * path.
 */
final class WorkerCommand {
    private WorkerCommand() {
    }

    static List<String> of(ProcessOptions options, List<String> classPath) {
        Path home = Path.of(System.getProperty("java.home"), "bin", "java");
        String java = ProcessHandle.current().info().command()
                .filter(c -> Files.isExecutable(Path.of(c))).orElse(home.toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // A JVM after OutOfMemoryError is in an unknown state: end it, so the pool reports a death and replaces it.
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // HotSpot prints its own warnings to stdout by default, which is our protocol channel.
        cmd.add("-XX:+DisplayVMOutputToStderr");
        // Unified logging writes warnings to stdout by default (a refused class-data archive, JFR's start): stderr.
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:stderr");
        // C2 ten times later than by default: on a small machine its compiler threads took the CPU from a cold pool's
        // first map (word lengths of 16k lines, 2 workers on 2 cores: 92 against 121 ms, start-up unchanged), while
        // code that stays hot still gets it within milliseconds. (C1 alone, -XX:TieredStopAtLevel=1, gave 77 ms but
        // slows long tasks for good.) The user's options come after and may undo this.
        cmd.add("-XX:Tier4InvocationThreshold=50000");
        cmd.add("-XX:Tier4MinInvocationThreshold=20000");
        cmd.add("-XX:Tier4CompileThreshold=60000");
        cmd.add("-XX:Tier4BackEdgeThreshold=400000");
        cmd.addAll(options.jvmOptions());
        cmd.addAll(WorkerArchive.options(java, List.copyOf(cmd.subList(1, cmd.size())), classPath,
                options.archiveDir()));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, classPath));
        cmd.add(WorkerMain.class.getName());
        return List.copyOf(cmd);
    }
}
