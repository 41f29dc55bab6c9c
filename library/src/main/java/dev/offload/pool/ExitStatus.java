package dev.offload.pool;

/** How a worker process ended, in words: its exit status and the signal or cause it most likely stands for. */
final class ExitStatus {
    private ExitStatus() {
    }

    static String describe(int status) {
        if (status == -1) {
            return "exit status unknown";
        }
        if (status > 128 && status < 128 + 65) {
            int sig = status - 128;
            String name = switch (sig) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 3 -> "SIGQUIT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "signal " + sig;
            };
            return "exit status " + status + ": killed by signal " + sig + " (" + name + ")"
                    + (sig == 9 ? ", e.g. kill -9 or the kernel's out-of-memory killer" : "");
        }
        if (status == 3) {
            return "exit status 3: with -XX:+ExitOnOutOfMemoryError this is an OutOfMemoryError"
                    + " (or System.exit(3))";
        }
        return "exit status " + status + " (System.exit(" + status + ") or a crash)";
    }
}
