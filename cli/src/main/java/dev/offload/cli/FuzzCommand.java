package dev.offload.cli;

import dev.offload.Offload;
import dev.offload.translate.fuzz.Fuzzer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code offload fuzz}: the translator's differential fuzzer. Random Java expressions and loops become kernels, run
 * on a device and in Java, and are compared bit for bit; every mismatch is printed as a minimal reproducer.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Fuzzes the Java-kernel translator: random int/long/float/double expressions and loops (every "
                + "operator, cast and Math call it supports, on edge values) run on the device and in Java, compared "
                + "bit for bit (transcendental calls within their documented ULP bound). A mismatch is shrunk to a "
                + "minimal reproducer and printed with its inputs. Needs a JDK (compiles Java in process).",
                "Exit status 3 when something mismatched."})
final class FuzzCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kernels", defaultValue = "2000", paramLabel = "N",
            description = "How many expressions and loops to generate (default: ${DEFAULT-VALUE}).")
    int kernels;

    @Option(names = "--seed", defaultValue = "20261202", paramLabel = "S",
            description = "The generator's seed; the same seed gives the same kernels (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "opencl", paramLabel = "SELECTOR",
            description = "The device the translated kernels run on (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        if (kernels < 1) {
            throw new ParameterException(spec.commandLine(), "--kernels must be at least 1: " + kernels);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Offload off = Offload.open(device)) {
            out.println("fuzzing " + off.device().describe() + ": " + kernels + " kernels, seed " + seed);
            long start = System.nanoTime();
            Fuzzer.Report r = Fuzzer.run(off, kernels, seed, out);
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("%d kernels, %d values compared, %d device launches, %.1f s: %d finding(s)%n", r.kernels(),
                    r.values(), r.launches(), seconds, r.findings().size());
            for (String f : r.findings()) {
                out.println();
                out.println(f);
            }
            return r.findings().isEmpty() ? 0 : Main.EXIT_WRONG_RESULT;
        }
    }
}
