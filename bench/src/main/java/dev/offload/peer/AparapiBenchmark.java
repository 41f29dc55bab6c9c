package dev.offload.peer;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import dev.offload.Offload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * offload against Aparapi 3.0.2 on the same OpenCL device, from Java heap arrays, in one JMH run: squares
 * {@code int[] -> long[]} and the sum of squares. Each side starts from the same heap array and ends with the answer in
 * a heap array or a {@code long}; whatever either library does in between (mapping, copying, pinning) is timed.
 * Aparapi's sum of squares is written the way an Aparapi user would: one partial per work-item over a contiguous
 * slice, summed on the host. Every result is checked against a plain loop before timing.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar AparapiBenchmark -p log2n=20,22,24}. The device is the first
 * OpenCL device of {@code type} ({@code CPU} for PoCL, {@code GPU}); offload opens the same one by id.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
@State(Scope.Benchmark)
public class AparapiBenchmark {
    /** Elements each Aparapi work-item sums (a contiguous slice, as offload's CPU layout does). */
    private static final int SLICE = 4096;

    /** log2 of the number of ints. */
    @Param({"20", "22", "24"})
    public int log2n;

    /** OpenCL device type both libraries run on: {@code CPU} or {@code GPU}. */
    @Param({"CPU"})
    public String type;

    private int[] xs;
    private long expectedSum;
    private Offload off;
    private OpenCLDevice device;
    private SquaresKernel squares;
    private SumSquaresKernel sumSquares;
    private long[] reusedOut;

    /** Squares {@code in[i]} into {@code out[i]} as {@code long}. */
    static final class SquaresKernel extends Kernel {
        int[] in;
        long[] out;

        @Override
        public void run() {
            int i = getGlobalId();
            long v = in[i];
            out[i] = v * v;
        }
    }

    /** One partial sum of squares per work-item over {@code in[g * slice .. min((g + 1) * slice, n))}. */
    static final class SumSquaresKernel extends Kernel {
        int[] in;
        long[] partials;
        int slice;
        int n;

        @Override
        public void run() {
            int g = getGlobalId();
            int from = g * slice;
            int to = min(from + slice, n);
            long s = 0;
            for (int i = from; i < to; i++) {
                long v = in[i];
                s += v * v;
            }
            partials[g] = s;
        }
    }

    /** Picks the device, makes the data and checks both libraries' answers. */
    @Setup(Level.Trial)
    public void setUp() {
        int n = 1 << log2n;
        xs = new SplittableRandom(log2n).ints(n).toArray();
        long[] expectedSquares = new long[n];
        for (int i = 0; i < n; i++) {
            expectedSquares[i] = (long) xs[i] * xs[i];
            expectedSum += expectedSquares[i];
        }
        Device d = Device.first(Device.TYPE.valueOf(type));
        if (!(d instanceof OpenCLDevice cl)) {
            throw new IllegalStateException("Aparapi finds no OpenCL " + type + " device: " + d);
        }
        device = cl;
        off = Offload.open(type.toLowerCase(java.util.Locale.ROOT));
        squares = new SquaresKernel();
        squares.in = xs;
        sumSquares = new SumSquaresKernel();
        sumSquares.in = xs;
        sumSquares.slice = SLICE;
        sumSquares.n = n;
        reusedOut = new long[n];
        check("offload squares", Arrays.equals(expectedSquares, off.squares(xs)));
        check("offload sumOfSquares", expectedSum == off.sumOfSquares(xs));
        check("Aparapi squares", Arrays.equals(expectedSquares, aparapiSquaresNewOutput()));
        check("Aparapi squares into a reused array", Arrays.equals(expectedSquares, aparapiSquaresReusedOutput()));
        check("Aparapi sum of squares", expectedSum == aparapiSumOfSquares());
        if (!squares.isRunningCL() || !sumSquares.isRunningCL()) {
            throw new IllegalStateException("Aparapi fell back to Java: " + squares.getTargetDevice());
        }
        System.out.println("\n# offload on " + off.device().describe() + "; Aparapi on " + device.getName());
    }

    private static void check(String what, boolean ok) {
        if (!ok) {
            throw new IllegalStateException(what + " differs from the plain loop");
        }
    }

    /** Releases both libraries' native resources. */
    @TearDown(Level.Trial)
    public void tearDown() {
        squares.dispose();
        sumSquares.dispose();
        off.close();
    }

    /** offload: squares into a new {@code long[]}. */
    @Benchmark
    public long[] offloadSquares() {
        return off.squares(xs);
    }

    /** Aparapi: squares into a new {@code long[]} per call, as offload returns one. */
    @Benchmark
    public long[] aparapiSquaresNewOutput() {
        squares.out = new long[xs.length];
        squares.execute(device.createRange(xs.length));
        return squares.out;
    }

    /** Aparapi: squares into the same {@code long[]} every call (a cost offload's API does not offer to save). */
    @Benchmark
    public long[] aparapiSquaresReusedOutput() {
        squares.out = reusedOut;
        squares.execute(device.createRange(xs.length));
        return squares.out;
    }

    /** offload: the fused sum of squares. */
    @Benchmark
    public long offloadSumOfSquares() {
        return off.sumOfSquares(xs);
    }

    /** Aparapi: one partial per work-item, summed here. */
    @Benchmark
    public long aparapiSumOfSquares() {
        int items = (xs.length + SLICE - 1) / SLICE;
        if (sumSquares.partials == null || sumSquares.partials.length != items) {
            sumSquares.partials = new long[items];
        }
        sumSquares.execute(device.createRange(items));
        long s = 0;
        for (long p : sumSquares.partials) {
            s += p;
        }
        return s;
    }
}
