package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.MapKernel;
import dev.offload.Offload;
import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PoCL's in-process LLVM and the JVM's signal handlers: the test forks run with libjsig preloaded
 * (ci/jvm/bin/java), and kernels then build while other Java threads fault on purpose (safepoint polls, implicit
 * null checks), and integer division by zero in Java still throws after a build. Without libjsig the first of these
 * builds failed in every run here, and {@code 12 / 0} gave 12.
 */
class SignalChainingTest {

    @Test
    void testFork_onLinux_hasLibjsigLoaded() {
        Boolean chained = SignalChaining.isChained();
        if (chained != null) {
            assertTrue(chained, "this JVM runs without the JDK's libjsig.so: PoCL builds can fail or crash it."
                    + " Run the tests through Maven (surefire forks ci/jvm/bin/java) or set LD_PRELOAD="
                    + System.getProperty("java.home") + "/lib/libjsig.so");
        }
    }

    @Test
    void build_whileAnotherThreadFaultsOnPurpose_succeedsEveryTime() throws InterruptedException {
        Device device = TestDevices.requireOpenClDevices().getFirst();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong nulls = new AtomicLong();
        Thread churn = new Thread(() -> faultOnPurpose(stop, nulls), "churn");
        churn.setDaemon(true);
        churn.start();
        // Each stack walk is a handshake: the churn thread's next safepoint poll faults (SIGSEGV) on purpose.
        Thread walker = new Thread(() -> {
            while (!stop.get()) {
                churn.getStackTrace();
            }
        }, "walker");
        walker.setDaemon(true);
        walker.start();
        try (Offload off = Offload.open(device.id())) {
            int[] x = {1, 2, 3, -4};
            long run = ThreadLocalRandom.current().nextLong(1L << 40);
            for (int k = 0; k < 12; k++) {
                long m = run + k;
                // a new expression each time and in each run, so each is a program that PoCL has not cached and
                // LLVM compiles
                MapKernel kernel = MapKernel.ofInts("chain_" + k + "_i32_i64", "(long)x * " + m + "L", v -> v * m);
                assertArrayEquals(new long[] {m, 2 * m, 3 * m, -4 * m}, off.map(kernel, x), "build " + k);
            }
        } finally {
            stop.set(true);
            churn.join();
            walker.join();
        }
        assertTrue(nulls.get() > 0, "the churn thread never ran");
    }

    @Test
    void javaIntegerDivisionByZero_afterAPoclBuild_throwsArithmeticException() {
        Device device = TestDevices.requireOpenClDevices().getFirst();
        try (Offload off = Offload.open(device.id())) {
            long m = ThreadLocalRandom.current().nextLong(1L << 40);
            MapKernel kernel = MapKernel.ofInts("chain_fpe_i32_i64", "(long)x * " + m + "L", v -> v * m);
            assertArrayEquals(new long[] {m}, off.map(kernel, new int[] {1}));
        }
        // Without libjsig, PoCL's SIGFPE handler stays in place after the build and skips the trapping
        // instruction: 12 / 0 gave 12 here.
        int zero = Integer.parseInt("0");
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> divide(12, zero));
        assertTrue(e.getMessage().contains("/ by zero"), e.getMessage());
    }

    private static int divide(int a, int b) {
        return a / b;
    }

    /** Allocates (GCs, so safepoints) and dereferences nulls (implicit null checks once compiled) until stopped. */
    private static void faultOnPurpose(AtomicBoolean stop, AtomicLong nulls) {
        Object[] holder = new Object[64];
        long n = 0;
        while (!stop.get()) {
            for (int i = 0; i < holder.length; i++) {
                holder[i] = (i % 7 == 0) ? null : new int[16];
            }
            for (Object o : holder) {
                try {
                    n += ((int[]) o).length;
                } catch (NullPointerException e) {
                    nulls.incrementAndGet();
                }
            }
        }
        if (n == 42) {
            System.out.print("");   // keeps n alive
        }
    }
}
