package dev.offload;

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

import java.util.concurrent.TimeUnit;

/**
 * Kernels written in Java against the same kernels hand-written in OpenCL C, on the same device in the same run:
 * an axpy map ({@code parallelFor} translated, checked and unchecked, against a {@link MapKernel}) and a sum of
 * squares ({@code sumLong} against the built-in {@link Offload#sumOfSquares(int[])}), all from heap arrays; and the
 * warm per-call overhead at n = 8. Run: {@code java -jar target/benchmarks.jar JavaKernelsBenchmark -p device=opencl}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class JavaKernelsBenchmark {
    /** The device selector. */
    @Param("opencl")
    public String device;

    /** log2 of the element count. */
    @Param("20")
    public int log2n;

    Offload off;
    double[] x;
    double[] y;
    int[] xs;
    MapKernel axpy;

    /** Opens the device and fills the inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        off = Offload.open(device);
        int n = 1 << log2n;
        x = new double[n];
        y = new double[n];
        xs = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.001 - 3;
            xs[i] = i * 7919 - 1_000_000;
        }
        axpy = MapKernel.ofDoubles("axpy_f64", "2.5 * x + 1.0", v -> 2.5 * v + 1.0);
    }

    /** Closes the device. */
    @TearDown(Level.Trial)
    public void tearDown() {
        off.close();
    }

    /** {@code y[i] = 2.5 * x[i] + 1.0} translated from Java, with bounds checks. */
    @Benchmark
    public double[] axpyTranslated() {
        double[] xx = x;
        double[] yy = y;
        off.parallelFor(xx.length, i -> yy[i] = 2.5 * xx[i] + 1.0);
        return yy;
    }

    /** The same without bounds checks. */
    @Benchmark
    public double[] axpyTranslatedUnchecked() {
        double[] xx = x;
        double[] yy = y;
        off.parallelForUnchecked(xx.length, i -> yy[i] = 2.5 * xx[i] + 1.0);
        return yy;
    }

    /** The same hand-written in OpenCL C ({@link MapKernel}). */
    @Benchmark
    public double[] axpyHandWritten() {
        return off.map(axpy, x);
    }

    /** {@code sumLong(n, i -> (long) xs[i] * xs[i])}, translated. */
    @Benchmark
    public long sumOfSquaresTranslated() {
        int[] v = xs;
        return off.sumLong(v.length, i -> (long) v[i] * v[i]);
    }

    /** The built-in, hand-written sum of squares. */
    @Benchmark
    public long sumOfSquaresHandWritten() {
        return off.sumOfSquares(xs);
    }

    /** Warm per-call overhead of a translated loop at n = 8. */
    @Benchmark
    public double[] overheadN8Translated() {
        double[] yy = y;
        off.parallelFor(8, i -> yy[i] = yy[i] + 1.0);
        return yy;
    }
}
