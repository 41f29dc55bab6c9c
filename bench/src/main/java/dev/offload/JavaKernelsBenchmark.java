package dev.offload;

import dev.offload.translate.KernelShape;
import dev.offload.translate.KernelTranslator;
import dev.offload.translate.TranslatedKernel;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Kernels written in Java against the same kernels hand-written in OpenCL C, on the same device in the same run,
 * all from heap arrays:
 * <ul>
 *   <li>axpy: {@code parallelFor} translated (checked and unchecked) against a {@link MapKernel};</li>
 *   <li>sum of squares: {@code sumLong} against the built-in {@link Offload#sumOfSquares(int[])};</li>
 *   <li>Mandelbrot ({@value #MANDEL_W} x {@value #MANDEL_H}, {@value #MANDEL_ITER} iterations): a translated 2-D
 *   {@code parallelFor} with a static helper against the same loop hand-written in OpenCL C. The library has no
 *   public 2-D path for hand-written kernels, so that one is a benchmark-only {@link MapKernel} over the flattened
 *   pixel index (an {@code int[]} of indices in, {@code long} counts out, size baked in as constants);</li>
 *   <li>the warm per-call overhead at n = 8: translated {@code parallelFor} and {@code sumLong} against the built-in;</li>
 *   <li>first calls ({@link Mode#SingleShotTime}, {@link FirstCall}): a fresh {@code Offload} without the program
 *   cache, and the kernels' class loaded afresh, so the call translates, builds and runs once. Run with
 *   {@code POCL_KERNEL_CACHE=0} so that PoCL compiles too.</li>
 * </ul>
 * Every result is checked against Java before timing.
 * Run: {@code POCL_KERNEL_CACHE=0 java -jar target/benchmarks.jar JavaKernelsBenchmark -p device=opencl}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
@State(Scope.Benchmark)
public class JavaKernelsBenchmark {
    static final int MANDEL_W = 512;
    static final int MANDEL_H = 384;
    static final int MANDEL_ITER = 256;

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
    int[] xs8;
    double[] y8 = new double[8];
    MapKernel axpy;
    int[] img;
    int[] pixels;
    MapKernel mandelHandWritten;
    long expectedSquares;

    /** Opens the device, fills the inputs, and checks each kernel's answer against Java once. */
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
        xs8 = Arrays.copyOf(xs, 8);
        axpy = MapKernel.ofDoubles("axpy_f64", "2.5 * x + 1.0", v -> 2.5 * v + 1.0);
        img = new int[MANDEL_W * MANDEL_H];
        pixels = new int[img.length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i;
        }
        mandelHandWritten = handWrittenMandelbrot("mandel_i32_i64_bench");

        for (long v : xs) {
            expectedSquares += v * v;
        }
        check("sumOfSquaresTranslated", expectedSquares, sumOfSquaresTranslated());
        check("sumOfSquaresHandWritten", expectedSquares, sumOfSquaresHandWritten());
        int[] java = new int[img.length];
        for (int r = 0; r < MANDEL_H; r++) {
            for (int c = 0; c < MANDEL_W; c++) {
                java[r * MANDEL_W + c] = FirstCallKernels.mandel(r, c, MANDEL_W, MANDEL_H, MANDEL_ITER);
            }
        }
        if (!Arrays.equals(java, mandelbrotTranslated())) {
            throw new IllegalStateException("translated Mandelbrot differs from Java");
        }
        long[] hand = mandelbrotHandWritten();
        for (int i = 0; i < java.length; i++) {
            check("mandelbrotHandWritten pixel " + i, java[i], hand[i]);
        }
        double[] yy = axpyTranslated();
        for (int i = 0; i < n; i++) {
            check("axpyTranslated " + i, Double.doubleToLongBits(2.5 * x[i] + 1.0), Double.doubleToLongBits(yy[i]));
        }
    }

    /** Closes the device. */
    @TearDown(Level.Trial)
    public void tearDown() {
        off.close();
    }

    static void check(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }

    /**
     * Mandelbrot hand-written in OpenCL C as a map of the flattened pixel index (the same arithmetic as
     * {@link FirstCallKernels#mandel}, without contraction into fma, so the counts are Java's).
     */
    static MapKernel handWrittenMandelbrot(String name) {
        return MapKernel.ofInts(name, "mandel_px(x)",
                p -> FirstCallKernels.mandel(p / MANDEL_W, p % MANDEL_W, MANDEL_W, MANDEL_H, MANDEL_ITER))
                .withPreamble("""
                        #pragma OPENCL FP_CONTRACT OFF
                        long mandel_px(int p) {
                            const int w = %d, h = %d, maxIter = %d;
                            int r = p / w, c = p %% w;
                            double x0 = (c - w * 0.7) * 3.0 / w;
                            double y0 = (r - h * 0.5) * 2.5 / h;
                            double x = 0, y = 0;
                            int it = 0;
                            while (x * x + y * y <= 4 && it < maxIter) {
                                double t = x * x - y * y + x0;
                                y = 2 * x * y + y0;
                                x = t;
                                it++;
                            }
                            return it;
                        }
                        """.formatted(MANDEL_W, MANDEL_H, MANDEL_ITER));
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

    /** Mandelbrot as a translated 2-D loop calling a static helper. */
    @Benchmark
    public int[] mandelbrotTranslated() {
        off.parallelFor(MANDEL_H, MANDEL_W, FirstCallKernels.mandelbrot(img, MANDEL_W, MANDEL_H, MANDEL_ITER));
        return img;
    }

    /** Mandelbrot hand-written in OpenCL C, a map of the pixel index. */
    @Benchmark
    public long[] mandelbrotHandWritten() {
        return off.map(mandelHandWritten, pixels);
    }

    /**
     * Warm per-call overhead of a translated loop at n = 8, over an 8-element array (it used to capture the 2^20
     * one, and so timed 16 MB of copies, not the overhead).
     */
    @Benchmark
    public double[] overheadN8Translated() {
        double[] yy = y8;
        off.parallelFor(8, i -> yy[i] = yy[i] + 1.0);
        return yy;
    }

    /** Warm per-call overhead of a translated {@code sumLong} at n = 8. */
    @Benchmark
    public long overheadN8SumLongTranslated() {
        int[] v = xs8;
        return off.sumLong(v.length, i -> (long) v[i] * v[i]);
    }

    /** Warm per-call overhead of the built-in sum of squares at n = 8. */
    @Benchmark
    public long overheadN8SumOfSquaresHandWritten() {
        return off.sumOfSquares(xs8);
    }

    // ---------------------------------------------------------------- first calls

    /**
     * A fresh instance per call, without offload's program cache, and {@link FirstCallKernels} loaded by a new
     * class loader, so that its lambdas are classes no translation cache has seen.
     */
    @State(Scope.Thread)
    public static class FirstCall {
        /** The device selector. */
        @Param("opencl")
        public String device;

        Offload off;
        Class<?> kernels;
        int[] img = new int[MANDEL_W * MANDEL_H];
        int[] pixels = new int[MANDEL_W * MANDEL_H];
        int[] xs = new int[1 << 20];
        int round;

        /** Opens the instance and loads the kernels' class (neither is timed). */
        @Setup(Level.Invocation)
        public void setUp() throws ClassNotFoundException {
            if (!"0".equals(System.getenv("POCL_KERNEL_CACHE"))) {
                System.err.println("JavaKernelsBenchmark.FirstCall: POCL_KERNEL_CACHE is not 0, so PoCL may reuse"
                        + " its own cached builds");
            }
            off = Offload.open(device, OffloadOptions.defaults().withoutProgramCache());
            kernels = Class.forName(FirstCallKernels.class.getName(), true, new FreshLoader());
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = i;
            }
            round++;
        }

        /** Closes the instance. */
        @TearDown(Level.Invocation)
        public void tearDown() {
            off.close();
        }

        Object call(String method, Class<?>[] types, Object... args) {
            try {
                return kernels.getMethod(method, types).invoke(null, args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** First translated 2-D Mandelbrot: translation, build, one run. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int[] firstCallMandelbrotTranslated(FirstCall s) {
        ForBody2D body = (ForBody2D) s.call("mandelbrot", new Class<?>[] {int[].class, int.class, int.class,
                int.class}, s.img, MANDEL_W, MANDEL_H, MANDEL_ITER);
        s.off.parallelFor(MANDEL_H, MANDEL_W, body);
        return s.img;
    }

    /** Translation alone of the same (no device). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TranslatedKernel firstCallMandelbrotTranslateOnly(FirstCall s) {
        ForBody2D body = (ForBody2D) s.call("mandelbrot", new Class<?>[] {int[].class, int.class, int.class,
                int.class}, s.img, MANDEL_W, MANDEL_H, MANDEL_ITER);
        return KernelTranslator.translate(body, KernelShape.FOR_2D);
    }

    /** First hand-written Mandelbrot: build, one run (a new kernel name each time: nothing cached by name). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long[] firstCallMandelbrotHandWritten(FirstCall s) {
        return s.off.map(handWrittenMandelbrot("mandel_first_" + s.round), s.pixels);
    }

    /** First translated sum of squares over 2^20 ints: translation, build, one run. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long firstCallSumOfSquaresTranslated(FirstCall s) {
        LongTerm term = (LongTerm) s.call("squares", new Class<?>[] {int[].class}, (Object) s.xs);
        return s.off.sumLong(s.xs.length, term);
    }

    /** First built-in sum of squares over 2^20 ints: build, one run. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long firstCallSumOfSquaresHandWritten(FirstCall s) {
        return s.off.sumOfSquares(s.xs);
    }

    /** Defines {@link FirstCallKernels} again from its class file; everything else comes from the parent. */
    static final class FreshLoader extends ClassLoader {
        FreshLoader() {
            super(FirstCallKernels.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(FirstCallKernels.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = classFile(name);
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                return c;
            }
        }

        private byte[] classFile(String name) {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new IllegalStateException("no class file for " + name);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
