package dev.offload.opencl;

import dev.offload.Device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warns, once per JVM, when a kernel is about to be compiled by PoCL in a JVM without the JDK's signal-chaining
 * library. PoCL compiles OpenCL C with an in-process LLVM, which installs its own handlers for SIGSEGV, SIGFPE and
 * friends while it builds. The JVM raises SIGSEGV on purpose all the time (safepoint polls, implicit null checks);
 * one raised by any Java thread during a build lands in LLVM's handler, which deletes the build's temporary files
 * (the build fails with "unable to rename temporary ...") or lets the JVM die of the signal (exit 139, no hs_err
 * file). Measured here with JDK 25 and PoCL 3.1: with a second thread allocating, the first of 60 builds failed in
 * each of three runs; with {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so} all 60 built in each of two. libjsig keeps
 * the JVM's handlers first and chains LLVM's behind them. Nothing in Java can repair the handlers afterwards, so the
 * library can only say so.
 */
final class SignalChaining {

    /** Made on first use: the JDK's logging takes ~30 ms to set itself up in a new JVM, and most runs log nothing. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(SignalChaining.class.getName());
    }
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final Path MAPS = Path.of("/proc/self/maps");

    private SignalChaining() {
    }

    /** True for platforms known to compile with an in-process LLVM that takes the signal handlers. */
    static boolean compilesInProcess(Device device) {
        return device.platform().contains("Portable Computing Language");
    }

    /**
     * Whether this process has the JDK's libjsig loaded; {@code null} where it cannot tell (no
     * {@code /proc/self/maps}: not Linux).
     */
    static Boolean isChained() {
        if (!Files.isReadable(MAPS)) {
            return null;
        }
        try {
            // One read and a search (not a stream of lines): this runs in every new JVM's first open.
            return new String(Files.readAllBytes(MAPS), StandardCharsets.ISO_8859_1).contains("/libjsig.so\n");
        } catch (IOException e) {
            return null;
        }
    }

    /** Logs the warning once per JVM when {@code device} compiles in process and libjsig is not loaded. */
    static void warnIfUnchained(Device device) {
        if (!compilesInProcess(device) || !Boolean.FALSE.equals(isChained()) || WARNED.getAndSet(true)) {
            return;
        }
        Log.LOG.log(System.Logger.Level.WARNING, () -> device.platform() + " compiles kernels with an in-process LLVM that"
                + " replaces the JVM's signal handlers while it builds: another Java thread can then fail the build or"
                + " crash the JVM with SIGSEGV. Start the JVM with LD_PRELOAD="
                + Path.of(System.getProperty("java.home"), "lib", "libjsig.so") + " to chain the handlers.");
    }
}
