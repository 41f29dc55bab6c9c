package dev.offload;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The state every benchmark shares: one {@link Offload} on the selected device, a random {@code int[]} of
 * 2<sup>log2n</sup> elements, and the same data already uploaded ({@link DeviceInts}). Each result is checked once
 * against the sequential Java oracle before anything is timed, so a wrong kernel cannot produce a fast number.
 */
@State(Scope.Benchmark)
public class BenchData {
    /**
     * Device selector for {@link Offload#open(String)}: {@code java-seq}, {@code java}, {@code opencl} (first OpenCL
     * device), {@code gpu}, {@code cpu} or a device id such as {@code opencl:0:0}; {@code routed:SELECTOR} opens that
     * device as {@code auto} opens a GPU, with built-in calls on host data routed by the measured cost model.
     */
    @Param({"java-seq", "java", "opencl"})
    public String device;

    /** log2 of the number of ints. */
    @Param({"10", "14", "18", "20", "22", "24", "26"})
    public int log2n;

    Offload off;
    int[] xs;
    DeviceInts onDevice;

    /** Opens the device, makes the data, uploads it and checks every operation against the oracle. */
    @Setup(Level.Trial)
    public void setUp() {
        off = device.startsWith("routed:")
                ? Offload.openRouted(device.substring("routed:".length()), OffloadOptions.fromSystemProperties())
                : Offload.open(device);
        xs = new SplittableRandom(log2n).ints(1 << log2n).toArray();
        onDevice = off.upload(xs);
        try (Offload oracle = Offload.open("java-seq")) {
            check("squares", Arrays.equals(oracle.squares(xs), off.squares(xs)));
            check("sum", oracle.sum(xs) == off.sum(xs));
            check("sumOfSquares", oracle.sumOfSquares(xs) == off.sumOfSquares(xs));
            try (DeviceLongs sq = off.squares(onDevice)) {
                check("squares on the device", Arrays.equals(oracle.squares(xs), sq.toArray()));
            }
            check("sum on the device", oracle.sum(xs) == off.sum(onDevice));
            check("sumOfSquares on the device", oracle.sumOfSquares(xs) == off.sumOfSquares(onDevice));
        }
        System.out.println("\n# running on " + off.device().describe());
    }

    private void check(String what, boolean ok) {
        if (!ok) {
            throw new IllegalStateException(what + " on " + off.device().describe()
                    + " differs from the oracle for n=2^" + log2n);
        }
    }

    /** Releases the device array and the device. */
    @TearDown(Level.Trial)
    public void tearDown() {
        onDevice.close();
        off.close();
    }
}
