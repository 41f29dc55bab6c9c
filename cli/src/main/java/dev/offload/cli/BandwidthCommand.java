package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceInts;
import dev.offload.Offload;
import dev.offload.Profile;
import dev.offload.opencl.CopyBandwidth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code offload bandwidth} (hidden; for {@code ci/gpu-check.sh}): in one JVM, on one OpenCL device, the
 * device-to-device copy ceiling, the library's upload and download of an {@code int[]}, and the fused sum of squares
 * on the same data, host- and device-resident, beside the parallel Java backend. Prints a short table.
 */
@Command(name = "bandwidth", hidden = true, mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Measures, in one run on one OpenCL device: device-to-device copy (clEnqueueCopyBuffer, the "
                + "memory-bandwidth ceiling), upload and download of an int[] through offload, and "
                + "sum_squares_i32_i64 on the same ints, against Java on all cores."})
final class BandwidthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--device"}, paramLabel = "SELECTOR", defaultValue = "opencl",
            description = "An OpenCL device selector (default: ${DEFAULT-VALUE}, the first OpenCL device; gpu, cpu, "
                    + "an id).")
    String device;

    @Option(names = {"-b", "--bytes"}, paramLabel = "BYTES", defaultValue = "1Gi",
            description = "Buffer size (default: ${DEFAULT-VALUE}); the ints are bytes / 4.")
    String bytes;

    @Option(names = {"-r", "--repeat"}, paramLabel = "R", defaultValue = "5",
            description = "Timed repetitions; medians are reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() {
        long n;
        try {
            n = Units.parseCount(bytes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, not " + repeat);
        }
        long ints = n / 4;
        if (ints < 1 || ints > Integer.MAX_VALUE - 8) {
            throw new ParameterException(spec.commandLine(), "--bytes must hold 1 to 2^31-9 ints, not " + bytes);
        }
        PrintWriter out = spec.commandLine().getOut();
        TextTable t = new TextTable("WHAT", ">BYTES", ">MEDIAN ms", ">GB/s", "NOTE");
        Device dev;
        int[] xs = new SplittableRandom(1).ints((int) ints, -1000, 1000).toArray();
        long expected = Oracle.sumOfSquares(xs);
        long bytesUsed = ints * 4;
        double copyGBps;
        try (Offload off = Offload.open(device)) {
            dev = off.device();
            if (!dev.isOpenCl()) {
                throw new ParameterException(spec.commandLine(), "bandwidth needs an OpenCL device; \"" + device
                        + "\" is " + dev.describe());
            }
            long copy = median(CopyBandwidth.copyNanos(dev, bytesUsed, repeat));
            copyGBps = 2.0 * bytesUsed / copy;
            t.add("device-to-device copy", Units.bytes(bytesUsed), Units.millis(copy), gbps(2 * bytesUsed, copy),
                    "clEnqueueCopyBuffer; read + write = 2 x bytes counted");

            long[] up = new long[repeat];
            long[] upWall = new long[repeat];
            long[] down = new long[repeat];
            long[] kernel = new long[repeat];
            long[] host = new long[repeat];
            for (int i = -1; i < repeat; i++) {      // i = -1: untimed, builds the program and warms the pools
                long t0 = System.nanoTime();
                try (DeviceInts x = off.upload(xs)) {
                    long wall = System.nanoTime() - t0;
                    Profile pu = off.lastProfile();
                    long ss = off.sumOfSquares(x);
                    Profile pk = off.lastProfile();
                    check(expected, ss, "resident");
                    int[] back = x.toArray();
                    Profile pd = off.lastProfile();
                    if (i == -1 && !Arrays.equals(xs, back)) {
                        throw new IllegalStateException("download of the uploaded ints differs from them");
                    }
                    long h0 = System.nanoTime();
                    check(expected, off.sumOfSquares(xs), "host");
                    long hostWall = System.nanoTime() - h0;
                    if (i >= 0) {
                        up[i] = pu.uploadNanos();
                        upWall[i] = wall;
                        kernel[i] = pk.kernelNanos();
                        down[i] = pd.downloadNanos();
                        host[i] = hostWall;
                    }
                }
            }
            t.add("upload int[] (Offload.upload)", Units.bytes(bytesUsed), Units.millis(median(up)),
                    gbps(bytesUsed, median(up)), "profile; wall " + Units.millis(median(upWall)) + " ms");
            t.add("download int[] (toArray)", Units.bytes(bytesUsed), Units.millis(median(down)),
                    gbps(bytesUsed, median(down)), "profile");
            long k = median(kernel);
            t.add("sum_squares_i32_i64 resident", Units.bytes(bytesUsed), Units.millis(k), gbps(bytesUsed, k),
                    String.format(Locale.ROOT, "kernel time; %.0f%% of the copy ceiling",
                            100.0 * bytesUsed / k / copyGBps));
            t.add("sum_squares_i32_i64 host", Units.bytes(bytesUsed), Units.millis(median(host)),
                    gbps(bytesUsed, median(host)), "wall: upload + kernel + result");
        }
        try (Offload java = Offload.open("java")) {
            long[] wall = new long[repeat];
            for (int i = -1; i < repeat; i++) {
                long t0 = System.nanoTime();
                check(expected, java.sumOfSquares(xs), "java");
                if (i >= 0) {
                    wall[i] = System.nanoTime() - t0;
                }
            }
            t.add("sum_squares_i32_i64 " + java.device().id(), Units.bytes(bytesUsed), Units.millis(median(wall)),
                    gbps(bytesUsed, median(wall)), java.device().name() + ", wall");
        }
        out.println("offload bandwidth on " + dev.describe() + ", median of " + repeat + ":");
        out.print(t.render("  "));
        out.flush();
        return 0;
    }

    private static void check(long expected, long actual, String where) {
        if (expected != actual) {
            throw new IllegalStateException("sum of squares (" + where + ") is " + actual + ", expected " + expected);
        }
    }

    private static long median(long[] xs) {
        return Runner.median(xs);
    }

    private static String gbps(long bytes, long nanos) {
        return nanos <= 0 ? "" : String.format(Locale.ROOT, "%.1f", (double) bytes / nanos);
    }
}
