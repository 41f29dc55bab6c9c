package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceInts;
import dev.offload.DeviceLongs;
import dev.offload.Kernels;
import dev.offload.Offload;
import dev.offload.Profile;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Squares, sum and fused sum of squares of N random ints on every device: host-resident (each call uploads, runs
 * and downloads; the device's profile splits the three) and device-resident (uploaded once before timing; squares
 * stay on the device, reductions return a scalar).
 */
final class IntsSuite implements Suite {
    static final String NAME = "ints";
    static final String HOST = "host";
    static final String RESIDENT = "resident";

    /** The longest Java array HotSpot allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /**
     * Why {@code n} ints cannot be compared here, or {@code null} when they can: more than a Java array holds, more
     * than the heap holds (the input, the oracle's squares and one result: 20 bytes per int at least), or more than
     * an OpenCL device's memory (resident squares keep the ints and their squares there: 12 bytes per int).
     *
     * @param n       the int count
     * @param maxHeap the most heap this JVM may use
     * @param devices the devices the comparison will use
     * @return one line, or {@code null}
     */
    static String whyTooBig(long n, long maxHeap, List<Device> devices) {
        if (n > MAX_ARRAY) {
            return Units.count(n) + " ints do not fit in a Java array (at most " + Units.count(MAX_ARRAY) + ")";
        }
        if (20 * n > maxHeap) {
            return "needs at least " + Units.bytes(20 * n) + " of Java heap (the ints, the oracle's squares and a "
                    + "result: 20 bytes per int), this JVM may use " + Units.bytes(maxHeap)
                    + "; give it more with OFFLOAD_JAVA_OPTS=-Xmx" + ((20 * n >> 30) + 2) + "g or ask for fewer";
        }
        for (Device d : devices) {
            if (d.isOpenCl() && 12 * n > d.globalMemory()) {
                return "needs " + Units.bytes(12 * n) + " on device " + d.id() + " (ints and their squares "
                        + "resident), which has " + Units.bytes(d.globalMemory()) + "; ask for fewer or leave it out "
                        + "with --device";
            }
        }
        return null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int cases(Settings s) {
        return s.sizes().size() * s.devices().size() * 6;
    }

    @Override
    public void run(Settings s, Runner runner) {
        for (long size : s.sizes()) {
            if (size > MAX_ARRAY) {
                throw new IllegalArgumentException("int count " + size + " exceeds the largest Java array");
            }
            int[] xs = new SplittableRandom(s.seed()).ints((int) size).toArray();
            long[] squares = Oracle.squares(xs);
            long sum = Oracle.sum(xs);
            long sumSquares = Oracle.sumOfSquares(xs);
            for (Device d : s.devices()) {
                boolean base = d.kind() == dev.offload.DeviceKind.JAVA_SEQUENTIAL;
                String id = d.id();
                Offload off = runner.openOrFail(id, size, "ints", base, Kernels.SQUARES_I32.name(),
                        Kernels.SUM_I32.name(), Kernels.SUM_SQUARES_I32.name());
                if (off == null) {
                    continue;
                }
                try (off) {
                    Supplier<Profile> profile = off::lastProfile;
                    runner.measure(new Case(Kernels.SQUARES_I32.name(), HOST, id, size, "ints", base),
                            () -> off.squares(xs), squares, profile);
                    runner.measure(new Case(Kernels.SUM_I32.name(), HOST, id, size, "ints", base),
                            () -> off.sum(xs), sum, profile);
                    runner.measure(new Case(Kernels.SUM_SQUARES_I32.name(), HOST, id, size, "ints", base),
                            () -> off.sumOfSquares(xs), sumSquares, profile);
                    try (DeviceInts x = off.upload(xs)) {
                        runner.measure(new Case(Kernels.SQUARES_I32.name(), RESIDENT, id, size, "ints", false),
                                () -> off.squares(x), (DeviceLongs r) -> r.toArray(), squares, profile);
                        runner.measure(new Case(Kernels.SUM_I32.name(), RESIDENT, id, size, "ints", false),
                                () -> off.sum(x), sum, profile);
                        runner.measure(new Case(Kernels.SUM_SQUARES_I32.name(), RESIDENT, id, size, "ints", false),
                                () -> off.sumOfSquares(x), sumSquares, profile);
                    }
                }
            }
        }
    }
}
