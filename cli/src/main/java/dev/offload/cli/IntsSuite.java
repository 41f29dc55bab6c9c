package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceInts;
import dev.offload.DeviceLongs;
import dev.offload.Kernels;
import dev.offload.Offload;
import dev.offload.Profile;

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
            if (size > Integer.MAX_VALUE - 8) {
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
