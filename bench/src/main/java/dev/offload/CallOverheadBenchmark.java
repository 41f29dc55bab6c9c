package dev.offload;

import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.infra.IterationParams;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The warm cost of one call against the kernel's own time, from heap arrays ({@code *Host}) and on data already on
 * the device ({@code *Resident}): the built-in {@code sumOfSquares} and {@code squares}, and the translated
 * {@code sumLong} and {@code parallelFor} (which also read their fault record). Beside each score JMH prints, per
 * call, what {@link Offload#lastProfile()} said:
 * <ul>
 *   <li>{@code kernelUs}: the kernel's device time (profiling events);</li>
 *   <li>{@code overUs}: the profile's wall time minus the kernel's, the call's cost above its kernel;</li>
 *   <li>{@code phasesPct}: the measured phases (all but {@link Profile#hostNanos() host}) as a share of the profile's
 *   wall time;</li>
 *   <li>{@code wallUs}: the profile's wall time, to hold against the score (the caller's wall time per call,
 *   which also counts what runs outside the profiled call: argument checks, closing a resident result).</li>
 * </ul>
 * Every result is checked against Java before timing. Run (PoCL needs libjsig, see README):
 * {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java --enable-native-access=ALL-UNNAMED -jar target/benchmarks.jar
 * CallOverheadBenchmark -p log2n=3}, and {@code -p log2n=3,20,24} for the profile's coverage at larger sizes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class CallOverheadBenchmark {
    /** The device selector. */
    @Param("opencl")
    public String device;

    /** log2 of the element count (3: n = 8). */
    @Param("3")
    public int log2n;

    Offload off;
    int[] xs;
    long[] ys;
    DeviceInts resident;
    long expectedSum;

    /** Opens the device, uploads the resident copy and checks every benchmark's answer once. */
    @Setup(Level.Trial)
    public void setUp() {
        off = Offload.open(device);
        int n = 1 << log2n;
        xs = new int[n];
        ys = new long[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i * 7919 - 1_000_000;
        }
        resident = off.upload(xs);
        long[] squares = new long[n];
        for (int i = 0; i < n; i++) {
            squares[i] = (long) xs[i] * xs[i];
            expectedSum += squares[i];
        }
        Profiled none = new Profiled();
        check("sumOfSquaresHost", expectedSum, sumOfSquaresHost(none));
        check("sumOfSquaresResident", expectedSum, sumOfSquaresResident(none));
        check("sumLongHost", expectedSum, sumLongHost(none));
        if (!Arrays.equals(squares, squaresHost(none))) {
            throw new IllegalStateException("squaresHost differs from Java");
        }
        try (DeviceLongs r = off.squares(resident)) {
            if (!Arrays.equals(squares, r.toArray())) {
                throw new IllegalStateException("squaresResident differs from Java");
            }
        }
        Arrays.fill(ys, 1);
        parallelForHost(none);
        for (int i = 0; i < n; i++) {
            check("parallelForHost " + i, 1 + (long) xs[i] * xs[i], ys[i]);
        }
    }

    /** Closes the device. */
    @TearDown(Level.Trial)
    public void tearDown() {
        resident.close();
        off.close();
    }

    private static void check(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** The built-in sum of squares from a heap array: upload, kernel(s), an 8-byte read. */
    @Benchmark
    public long sumOfSquaresHost(Profiled p) {
        long s = off.sumOfSquares(xs);
        p.add(off.lastProfile());
        return s;
    }

    /** The built-in sum of squares of ints already on the device: kernel(s) and an 8-byte read. */
    @Benchmark
    public long sumOfSquaresResident(Profiled p) {
        long s = off.sumOfSquares(resident);
        p.add(off.lastProfile());
        return s;
    }

    /** The built-in squares from a heap array: upload, kernel, download of the {@code long}s. */
    @Benchmark
    public long[] squaresHost(Profiled p) {
        long[] r = off.squares(xs);
        p.add(off.lastProfile());
        return r;
    }

    /** The built-in squares of ints on the device into a new device array, closed again (outside the profile). */
    @Benchmark
    public long squaresResident(Profiled p) {
        try (DeviceLongs r = off.squares(resident)) {
            p.add(off.lastProfile());
            return r.length();
        }
    }

    /** A translated {@code sumLong} over a heap array: upload, kernel, the partials and the fault record read. */
    @Benchmark
    public long sumLongHost(Profiled p) {
        int[] v = xs;
        long s = off.sumLong(v.length, i -> (long) v[i] * v[i]);
        p.add(off.lastProfile());
        return s;
    }

    /** A translated {@code parallelFor} writing a heap array: upload, kernel, fault record, write-back. */
    @Benchmark
    public long[] parallelForHost(Profiled p) {
        int[] v = xs;
        long[] out = ys;
        off.parallelFor(v.length, i -> out[i] = out[i] + (long) v[i] * v[i]);
        p.add(off.lastProfile());
        return out;
    }

    /**
     * Per-call means of the profiles, printed by JMH beside the score. JMH adds an events counter up over the
     * measurement iterations, so each iteration's mean is divided by their number: the sum it prints is the mean of
     * the iterations' means (warm-up iterations are not printed).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Profiled {
        private double share = 1;
        private long calls;
        private long kernel;
        private long wall;
        private long phases;
        /** Kernel device time per call, us. */
        public double kernelUs;
        /** Profile wall time minus kernel time per call, us. */
        public double overUs;
        /** The measured phases (wall minus host) over the profile's wall time, percent. */
        public double phasesPct;
        /** Profile wall time per call, us. */
        public double wallUs;

        /**
         * Starts an iteration's sums.
         *
         * @param iteration which iteration this is, and of how many
         */
        @Setup(Level.Iteration)
        public void reset(IterationParams iteration) {
            share = 1.0 / Math.max(1, iteration.getCount());
            calls = 0;
            kernel = 0;
            wall = 0;
            phases = 0;
        }

        void add(Profile p) {
            calls++;
            kernel += p.kernelNanos();
            wall += p.wallNanos();
            phases += p.wallNanos() - p.hostNanos();
            kernelUs = share * kernel / 1e3 / calls;
            overUs = share * (wall - kernel) / 1e3 / calls;
            phasesPct = share * 100.0 * phases / Math.max(1, wall);
            wallUs = share * wall / 1e3 / calls;
        }
    }
}
