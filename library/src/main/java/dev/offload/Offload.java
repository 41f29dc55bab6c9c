package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.BackendProvider;
import dev.offload.backend.Backends;
import dev.offload.backend.Buffer;
import dev.offload.backend.Elementwise;
import dev.offload.backend.Phases;
import dev.offload.backend.Reduction;
import dev.offload.backend.TextPasses;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point: runs data-parallel kernels on an OpenCL device, or on the CPU in plain Java when no device fits.
 *
 * <pre>{@code
 * try (Offload off = Offload.open()) {                 // "auto": the best GPU, else Java on all cores
 *     System.out.println(off.device().describe());
 *     long[] sq = off.squares(new int[] {0, 1, 2, 3});  // [0, 1, 4, 9]
 *     long ss = off.sumOfSquares(xs);                   // fused: one pass, no squares array
 *     try (DeviceInts x = off.upload(xs)) {             // keep data on the device across kernels
 *         long s = off.sum(x);
 *         int hi = off.max(x);
 *     }
 *     int[] lens = off.wordLengths("Lorem ipsum dolor sit amet,");   // [5, 5, 5, 3, 5]
 * }
 * }</pre>
 *
 * <h2>Choosing a device</h2>
 * {@link #open()} reads the selector from the system property {@code offload.device}, else the environment variable
 * {@code OFFLOAD_DEVICE}, else uses {@code "auto"}. Selectors: {@code auto}; {@code gpu}, {@code cpu} or
 * {@code accelerator} (the first OpenCL device of that type); {@code opencl} (the first OpenCL device); {@code java}
 * (all cores); {@code java-seq} (one thread); a device id from {@link Device#id()}; or any part of a device's name,
 * ignoring case. {@code auto} takes the best OpenCL GPU; on machines without one it takes the parallel Java backend,
 * which beats OpenCL-on-CPU runtimes for these kernels. On a GPU, a built-in operation on host data (the named
 * operations on arrays, the {@link Kernels} through {@link #map}/{@link #reduce}, word lengths of a {@code byte[]} or
 * {@code String}) runs where it is expected to finish first: the GPU's fixed cost per call and its PCIe transfers
 * against parallel Java on the heap, both measured once per machine on the first such call (tens of milliseconds,
 * logged at INFO) and kept beside the program cache. Small calls and single passes over heap arrays therefore often
 * run on Java; device arrays and kernels you write always run on the GPU. {@link Profile#device()} names where a
 * call ran, and double sums, which add in another order on each backend, may then differ in the last bits between
 * sizes. When OpenCL is missing or fails under {@code auto} (no
 * runtime, a kernel that does not build, a device error) offload logs the reason through {@link System.Logger}
 * (once per JVM and reason at INFO or WARNING, later at DEBUG, so a service opening {@code auto} per request logs it
 * once), retries the call on the parallel Java backend and stays there: {@link #device()} and
 * {@link #fallbackReason()} say so. This holds for your own kernels too, whose Java function then gives the answer: a {@link MapKernel} whose
 * OpenCL expression does not compile moves an {@code auto} instance to Java (with a warning carrying the build log).
 * Device arrays made before the move stay on their device, and operations on them are not retried. An explicit
 * selector is never replaced: a failure there is thrown ({@link KernelBuildException} with the build log,
 * {@link DeviceException} with the OpenCL status).
 *
 * <h2>Rules shared by every operation</h2>
 * <ul>
 *   <li>A {@code null} argument throws {@link NullPointerException} naming it; nothing is ever half-written.</li>
 *   <li>Integer inputs accumulate in 64 bits: squares and sums of {@code int}s are exact (sums wrap modulo
 *       2<sup>64</sup> only past {@code Long.MAX_VALUE}, identically on every backend). {@code long} inputs
 *       ({@code long[]}, {@link DeviceLongs}) wrap exactly as Java's {@code long} arithmetic does.</li>
 *   <li>An empty array gives an empty array, or 0 for sums; {@code min} and {@code max} of nothing throw
 *       {@link NoSuchElementException}.</li>
 *   <li>{@code min} and {@code max} of doubles give exactly what folding {@link Math#min(double, double)} and
 *       {@link Math#max(double, double)} gives, on every backend: NaN if any element is NaN, and {@code -0.0} is
 *       below {@code 0.0}. Sums of doubles may differ between backends in the last bits (they add in different
 *       orders); the other built-in operations give bit-identical results on every backend.</li>
 *   <li>Operations on host arrays upload, compute and download in one call; operations on a {@link DeviceArray}
 *       compute where the data is and return device arrays or scalars, so chains avoid transfers.</li>
 *   <li>Thread-safe: many threads may share one {@code Offload}. {@link #lastProfile()} is per thread.</li>
 * </ul>
 *
 * <h2>Word lengths</h2>
 * A word is a maximal run of code points that are not whitespace, and its length counts code points: the answer is
 * Python 3's {@code [len(w) for w in text.split()]}. Whitespace is exactly Python's {@code str.isspace()} set of 29
 * code points: U+0009-000D, U+001C-001F, U+0020, U+0085, U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F,
 * U+205F and U+3000. (Not Java's {@link Character#isWhitespace}, which leaves out U+0085, U+00A0, U+2007 and U+202F.)
 * Zero-width space, BOM, soft hyphen, combining marks and emoji belong to words; a code point outside the BMP counts
 * one. {@code byte[]} input must be well-formed UTF-8, else {@link MalformedUtf8Exception} names the first bad byte's
 * offset. A {@code String} is encoded once; a lone surrogate in it counts as one code point, as in Python.
 *
 * <h2>Lifecycle</h2>
 * Close the {@code Offload} to release its device resources, including the memory of every {@link DeviceArray} it
 * made: such arrays then report {@link DeviceArray#isClosed()} and refuse work with {@link IllegalStateException}
 * (closing them again is harmless). Every operation on a closed {@code Offload} throws
 * {@link IllegalStateException}. Closing it while other threads still run operations on it is a caller error: those
 * operations may fail with {@link IllegalStateException}.
 */
public final class Offload implements AutoCloseable {
    /** Made on first use: the JDK's logging takes ~30 ms to set itself up in a new JVM, and most runs log nothing. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Offload.class.getName());
    }
    /** Fallback messages already logged at their own level in this JVM; repeats go to DEBUG. */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    /** System property holding the default device selector. */
    public static final String DEVICE_PROPERTY = "offload.device";
    /** Environment variable holding the default device selector (the system property wins). */
    public static final String DEVICE_ENV = "OFFLOAD_DEVICE";

    private final String selector;
    private final boolean auto;
    private final OffloadOptions options;
    private final List<Backend> opened = new ArrayList<>();
    private final ThreadLocal<Profile> lastProfile = new ThreadLocal<>();
    private final LambdaKernels lambdas = new LambdaKernels(this);
    /** Under {@code auto} on an OpenCL device: moves built-in calls on host data to Java when that is faster. */
    private final AutoRouter router;
    private volatile Backend backend;
    private volatile String fallbackReason;
    private volatile boolean closed;
    /** A plain copy of {@link #closed} for {@link DeviceArray}'s per-element check (see its {@code elements}). */
    private boolean closedForElements;

    private Offload(String selector, boolean auto, OffloadOptions options, Backend backend, String fallbackReason) {
        this(selector, auto, false, options, backend, fallbackReason);
    }

    private Offload(String selector, boolean auto, boolean routed, OffloadOptions options, Backend backend,
                    String fallbackReason) {
        this.selector = selector;
        this.auto = auto;
        this.options = options;
        this.backend = backend;
        this.fallbackReason = fallbackReason;
        opened.add(backend);
        this.router = routed && backend.device().isOpenCl()
                ? new AutoRouter(backend, this::javaBackend, this::sample,
                        CostCache.in(backend.cacheFolder(), backend.device(), Backends.javaParallel(),
                                costSettings(options)))
                : null;
    }

    // ---------------------------------------------------------------- devices and opening

    /**
     * Every device found: the OpenCL devices of every platform, then the Java backends. Never throws; when OpenCL is
     * missing or broken the list holds only the Java backends and {@link #openClUnavailableReason()} says why.
     *
     * @return the devices, OpenCL ones first
     */
    public static List<Device> devices() {
        return Backends.devices();
    }

    /**
     * Why no OpenCL device was found (no ICD loader, no platform, ...), or null when there are OpenCL devices.
     *
     * @return the reason, or null
     */
    public static String openClUnavailableReason() {
        return Backends.openClUnavailableReason();
    }

    /**
     * Opens the device named by {@code -Doffload.device}, else {@code $OFFLOAD_DEVICE}, else {@code "auto"}, with
     * {@link OffloadOptions#fromSystemProperties()}.
     *
     * @return the opened instance; close it when done
     */
    public static Offload open() {
        return open(OffloadOptions.fromSystemProperties());
    }

    /**
     * Opens the device named by {@code -Doffload.device}, else {@code $OFFLOAD_DEVICE}, else {@code "auto"}.
     *
     * @param options settings for the device (see {@link OffloadOptions})
     * @return the opened instance; close it when done
     */
    public static Offload open(OffloadOptions options) {
        String s = System.getProperty(DEVICE_PROPERTY);
        if (s == null || s.isBlank()) {
            s = System.getenv(DEVICE_ENV);
        }
        return open(s == null || s.isBlank() ? "auto" : s.trim(), options);
    }

    /**
     * Opens a device by selector (see the class comment) with {@link OffloadOptions#fromSystemProperties()}: the
     * short form of {@link #open(String, OffloadOptions)}.
     *
     * @param selector a device selector (see the class comment)
     * @return the opened instance; close it when done
     * @throws NoSuchDeviceException naming every device that exists, when nothing matches
     * @throws OffloadException      when the matching device cannot be opened (never under {@code auto})
     */
    public static Offload open(String selector) {
        return open(selector, OffloadOptions.fromSystemProperties());
    }

    /**
     * Opens a device by selector (see the class comment) and drives it as {@code options} say.
     *
     * <pre>{@code
     * try (Offload off = Offload.open("gpu", OffloadOptions.defaults().withoutProgramCache())) { ... }
     * }</pre>
     *
     * @throws NoSuchDeviceException naming every device that exists, when nothing matches
     * @throws OffloadException      when the matching device cannot be opened (never under {@code auto})
     * @param selector a device selector, as {@link #open(String)} takes
     * @param options settings for the device (see {@link OffloadOptions})
     * @return the opened instance; close it when done
     */
    public static Offload open(String selector, OffloadOptions options) {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(options, "options");
        String sel = selector.trim();
        if (sel.equalsIgnoreCase("auto")) {
            return openAuto(options);
        }
        Device device = Backends.select(sel);
        return new Offload(sel, false, options, Backends.open(device, options), null);
    }

    /**
     * Opens an explicit selector with {@code auto}'s fallback to Java. Only for tests: {@code auto} itself takes only
     * GPUs, so without this the fallback could not be exercised on the OpenCL CPU devices of CI machines.
     */
    static Offload openWithFallback(String selector) {
        OffloadOptions options = OffloadOptions.fromSystemProperties();
        return new Offload(selector, true, options, Backends.open(Backends.select(selector), options), null);
    }

    /**
     * Opens an explicit selector as {@code auto} opens a GPU: with the fallback to Java and with built-in calls on host
     * data routed by the measured cost model. Only for tests and benchmarks, which have no GPU to open.
     */
    static Offload openRouted(String selector, OffloadOptions options) {
        return new Offload(selector, true, true, options, Backends.open(Backends.select(selector), options), null);
    }

    private static Offload openAuto(OffloadOptions options) {
        Device gpu = Backends.bestGpu();
        String reason = null;
        if (gpu != null) {
            try {
                return new Offload("auto", true, true, options, Backends.open(gpu, options), null);
            } catch (OffloadException e) {
                reason = "cannot open " + gpu.describe() + ": " + e.getMessage();
            }
        } else {
            String why = Backends.openClUnavailableReason();
            reason = why != null ? why : "no OpenCL GPU found; on CPUs plain Java is faster than OpenCL";
        }
        Offload off = new Offload("auto", true, options, Backends.open(Backends.javaParallel(), options), reason);
        logOnce(System.Logger.Level.INFO, "offload auto: using " + off.device().describe() + " because " + reason, null);
        return off;
    }

    /**
     * The options this instance was opened with.
     *
     * @return the options
     */
    public OffloadOptions options() {
        return options;
    }

    /**
     * Where work runs now. Under {@code auto} this changes to the Java backend if the OpenCL device failed; on a GPU,
     * built-in calls on host data may run on Java while this stays the GPU ({@link Profile#device()} names where a
     * call ran).
     *
     * @return the device
     */
    public Device device() {
        return backend.device();
    }

    /**
     * The selector this instance was opened with.
     *
     * @return the selector
     */
    public String selector() {
        return selector;
    }

    /**
     * Why {@code auto} is not on an OpenCL GPU (none found, OpenCL missing, or a failure that made it fall back),
     * or null when it is, or when a device was selected explicitly.
     *
     * @return the reason, or null
     */
    public String fallbackReason() {
        return fallbackReason;
    }

    /**
     * Phase times of the last operation that the calling thread completed on this instance: one that threw leaves the
     * previous profile in place, and {@link DeviceInts#toArray()} and its siblings count as operations
     * ({@code download_i32}, ...). Sum the profiles of a chain of calls with {@link Profile#plus(Profile)}.
     *
     * @return the profile of this thread's last call
     * @throws IllegalStateException when this thread has not completed an operation yet
     */
    public Profile lastProfile() {
        Profile p = lastProfile.get();
        if (p == null) {
            throw new IllegalStateException("no operation has run on this thread yet");
        }
        return p;
    }

    // ---------------------------------------------------------------- ints on the host

    /**
     * {@code (long) x * x} for each element.
     *
     * @param xs the elements
     * @return the squares
     */
    public long[] squares(int[] xs) {
        return map(Kernels.SQUARES_I32, xs);
    }

    /**
     * Sum in a 64-bit accumulator.
     *
     * @param xs the elements
     * @return the sum; 0 for empty input
     */
    public long sum(int[] xs) {
        return reduce(Kernels.SUM_I32, xs);
    }

    /**
     * Fused sum of squares: one pass over the data, 64-bit accumulator, no squares array.
     *
     * @param xs the elements
     * @return the sum of the squares; 0 for empty input
     */
    public long sumOfSquares(int[] xs) {
        return reduce(Kernels.SUM_SQUARES_I32, xs);
    }

    /**
     * Smallest element.
     *
     * @param xs the elements
     * @return the smallest element
     * @throws NoSuchElementException when {@code xs} is empty
     */
    public int min(int[] xs) {
        requireNonEmpty(xs, "min");
        return (int) reduce(Kernels.MIN_I32, xs);
    }

    /**
     * Largest element.
     *
     * @param xs the elements
     * @return the largest element
     * @throws NoSuchElementException when {@code xs} is empty
     */
    public int max(int[] xs) {
        requireNonEmpty(xs, "max");
        return (int) reduce(Kernels.MAX_I32, xs);
    }

    // ---------------------------------------------------------------- longs on the host

    /**
     * {@code x * x} for each element, wrapping modulo 2<sup>64</sup> like Java's {@code long} multiply (exact while
     * {@code |x| <= 3037000499}).
     *
     * @param xs the elements
     * @return their squares
     */
    public long[] squares(long[] xs) {
        return map(Kernels.SQUARES_I64, xs);
    }

    /**
     * Sum of longs, wrapping modulo 2<sup>64</sup> like Java's {@code long} addition, identically on every backend.
     *
     * @param xs the elements
     * @return their sum; 0 for an empty array
     */
    public long sum(long[] xs) {
        return reduce(Kernels.SUM_I64, xs);
    }

    /**
     * Fused sum of squares of longs: squares and sum wrap modulo 2<sup>64</sup> like Java's {@code s += x * x}
     * (see {@link Kernels#SUM_SQUARES_I64} for when that is exact).
     *
     * @param xs the elements
     * @return the wrapped sum of their squares; 0 for an empty array
     */
    public long sumOfSquares(long[] xs) {
        return reduce(Kernels.SUM_SQUARES_I64, xs);
    }

    /**
     * Smallest element.
     *
     * @param xs the elements
     * @return the smallest
     * @throws NoSuchElementException when {@code xs} is empty
     */
    public long min(long[] xs) {
        requireNonEmpty(xs, "min");
        return reduce(Kernels.MIN_I64, xs);
    }

    /**
     * Largest element.
     *
     * @param xs the elements
     * @return the largest
     * @throws NoSuchElementException when {@code xs} is empty
     */
    public long max(long[] xs) {
        requireNonEmpty(xs, "max");
        return reduce(Kernels.MAX_I64, xs);
    }

    // ---------------------------------------------------------------- doubles on the host

    /**
     * {@code x * x} for each element.
     *
     * @param xs the elements
     * @return the squares
     */
    public double[] squares(double[] xs) {
        return map(Kernels.SQUARES_F64, xs);
    }

    /**
     * Sum of doubles (the order of additions differs between backends, so may the last bits).
     *
     * @param xs the elements
     * @return the sum; 0 for empty input
     */
    public double sum(double[] xs) {
        return reduce(Kernels.SUM_F64, xs);
    }

    /**
     * Fused sum of squares of doubles.
     *
     * @param xs the elements
     * @return the sum of the squares; 0 for empty input
     */
    public double sumOfSquares(double[] xs) {
        return reduce(Kernels.SUM_SQUARES_F64, xs);
    }

    /**
     * Smallest element, as {@link Math#min(double, double)} orders them.
     *
     * @param xs the elements
     * @return the smallest element
     * @throws NoSuchElementException when {@code xs} is empty
     */
    public double min(double[] xs) {
        requireNonEmpty(xs, "min");
        return reduce(Kernels.MIN_F64, xs);
    }

    /**
     * Largest element, as {@link Math#max(double, double)} orders them.
     *
     * @param xs the elements
     * @return the largest element
     * @throws NoSuchElementException when {@code xs} is empty
     */
    public double max(double[] xs) {
        requireNonEmpty(xs, "max");
        return reduce(Kernels.MAX_F64, xs);
    }

    // ---------------------------------------------------------------- user kernels on the host

    /**
     * Runs an {@code int -> long} map kernel over a host array.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the mapped elements
     */
    public long[] map(MapKernel kernel, int[] xs) {
        return (long[]) mapHost(kernel, xs, ElementType.I32);
    }

    /**
     * Runs a {@code double -> double} map kernel over a host array.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the mapped elements
     */
    public double[] map(MapKernel kernel, double[] xs) {
        return (double[]) mapHost(kernel, xs, ElementType.F64);
    }

    /**
     * Runs a {@code long -> long} map kernel ({@link MapKernel#ofLongs}) over a host array.
     *
     * @param kernel the kernel, of {@code i64} input
     * @param xs     the elements
     * @return the mapped elements
     * @throws IllegalArgumentException when the kernel does not take {@code i64} input
     */
    public long[] map(MapKernel kernel, long[] xs) {
        return (long[]) mapHost(kernel, xs, ElementType.I64);
    }

    /**
     * Runs a {@code long} reduction ({@link ReduceKernel#ofLongs}) over a host array.
     *
     * @param kernel the kernel, of {@code i64} input
     * @param xs     the elements
     * @return the reduction; the kernel's neutral value for an empty array
     * @throws IllegalArgumentException when the kernel does not take {@code i64} input
     */
    public long reduce(ReduceKernel kernel, long[] xs) {
        return reduceHost(kernel, xs, ElementType.I64);
    }

    /**
     * Runs an {@code int} reduction over a host array; an empty array gives the kernel's neutral value.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the reduction; the kernel's neutral value for empty input
     */
    public long reduce(ReduceKernel kernel, int[] xs) {
        return reduceHost(kernel, xs, ElementType.I32);
    }

    /**
     * Runs a {@code double} reduction over a host array; an empty array gives the kernel's neutral value.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the reduction; the kernel's neutral value for empty input
     */
    public double reduce(ReduceKernel kernel, double[] xs) {
        return Double.longBitsToDouble(reduceHost(kernel, xs, ElementType.F64));
    }

    // ---------------------------------------------------------------- kernels written in Java

    /**
     * Runs {@code body(i)} for every {@code i} in {@code [0, n)}, in parallel, on this instance's device: the lambda is
     * translated from its bytecode to OpenCL C once, and on the Java backends it runs as it is. Captured primitives
     * are passed by value; captured arrays are uploaded, and those the body writes are copied back into the same Java
     * arrays; captured device arrays stay where they are ({@code d.get(i)}, {@code d.set(i, v)}).
     *
     * <pre>{@code
     * off.parallelFor(n, i -> y[i] = a * x[i] + y[i]);     // saxpy: x uploaded, y uploaded and written back
     * }</pre>
     *
     * Work-items run in no particular order and concurrently: a body may write only elements its own {@code i} owns,
     * or use {@link Atomics#add}. A body that indexes out of bounds or divides an integer by zero throws
     * {@link ArrayIndexOutOfBoundsException} or {@link ArithmeticException} naming the kernel and its source line,
     * and nothing is copied back.
     *
     * @param n    the end of the range {@code [0, n)}
     * @param body the loop body
     * @throws KernelTranslationException when the body uses what a device cannot run (naming file, line and
     *                                    construct); under {@code auto} the call runs on Java instead
     * @throws IllegalArgumentException   when {@code n} is negative
     */
    public void parallelFor(int n, ForBody body) {
        Objects.requireNonNull(body, "body");
        requireRange("n", n);
        callKernel("parallelFor", (b, ph) -> {
            lambdas.parallelFor(b, ph, n, body);
            return null;
        });
    }

    /**
     * As {@link #parallelFor(int, ForBody)}, but the device code checks neither array bounds nor integer divisors:
     * for hot loops known to stay in bounds. On a device, an out-of-bounds index is then undefined behaviour (it may
     * read or write other memory, or crash the JVM) and an integer division or remainder by zero gives 0 instead of
     * throwing. The Java backends run the lambda as it is, so they still throw.
     *
     * <pre>{@code
     * off.parallelForUnchecked(n, i -> y[i] = a * x[i] + y[i]);
     * }</pre>
     *
     * @throws KernelTranslationException as {@link #parallelFor(int, ForBody)}
     * @throws IllegalArgumentException   when {@code n} is negative
     * @param n number of work-items
     * @param body the loop body, run once per index
     */
    public void parallelForUnchecked(int n, ForBody body) {
        Objects.requireNonNull(body, "body");
        requireRange("n", n);
        callKernel("parallelForUnchecked", (b, ph) -> {
            lambdas.parallelFor(b, ph, n, body, dev.offload.translate.TranslationOptions.UNCHECKED);
            return null;
        });
    }

    /**
     * Runs {@code body(row, col)} for every cell of a {@code rows x cols} grid, in parallel; otherwise as
     * {@link #parallelFor(int, ForBody)}.
     *
     * <pre>{@code
     * off.parallelFor(h, w, (r, c) -> img[r * w + c] = Fractal.mandel(r, c, w, h, 256));
     * }</pre>
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param body the loop body
     */
    public void parallelFor(int rows, int cols, ForBody2D body) {
        Objects.requireNonNull(body, "body");
        requireRange("rows", rows);
        requireRange("cols", cols);
        callKernel("parallelFor2D", (b, ph) -> {
            lambdas.parallelFor(b, ph, rows, cols, body);
            return null;
        });
    }

    /**
     * The sum of {@code term(i)} over {@code [0, n)}, wrapping like Java's {@code long} addition: the same bits on
     * every backend. {@code off.sumLong(n, i -> (long) xs[i] * xs[i])} is a sum of squares.
     *
     * @param n    the end of the range {@code [0, n)}
     * @param term the term of each index
     * @return the sum
     */
    public long sumLong(int n, LongTerm term) {
        Objects.requireNonNull(term, "term");
        requireRange("n", n);
        return callKernel("sumLong", (b, ph) -> lambdas.reduceLong(b, ph, n, 0L, term, Long::sum,
                dev.offload.translate.KernelShape.SUM_LONG));
    }

    /**
     * The sum of {@code term(i)} over {@code [0, n)}. The additions happen in another order than a Java loop's (per
     * work-group, then across groups), so the result may differ from a loop in the last bits.
     *
     * @param n    the end of the range {@code [0, n)}
     * @param term the term of each index
     * @return the sum
     */
    public double sumDouble(int n, DoubleTerm term) {
        Objects.requireNonNull(term, "term");
        requireRange("n", n);
        return callKernel("sumDouble", (b, ph) -> lambdas.reduceDouble(b, ph, n, 0.0, term, Double::sum,
                dev.offload.translate.KernelShape.SUM_DOUBLE));
    }

    /**
     * Folds {@code term(i)} over {@code [0, n)} with {@code combiner}, which must be associative and commutative with
     * {@code identity} as its neutral value: {@code off.reduceLong(n, Long.MIN_VALUE, i -> xs[i], Math::max)}.
     * An empty range gives {@code identity}.
     *
     * @param n        the end of the range {@code [0, n)}
     * @param identity the combiner's neutral value, the result of an empty range
     * @param term     the term of each index
     * @param combiner an associative, commutative combine of two partial results
     * @return the reduction
     */
    public long reduceLong(int n, long identity, LongTerm term, LongCombiner combiner) {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(combiner, "combiner");
        requireRange("n", n);
        return callKernel("reduceLong", (b, ph) -> lambdas.reduceLong(b, ph, n, identity, term, combiner,
                dev.offload.translate.KernelShape.REDUCE_LONG));
    }

    /**
     * As {@link #reduceLong}, over doubles: {@code off.reduceDouble(n, Double.NEGATIVE_INFINITY, i -> y[i], Math::max)}.
     *
     * @param n        the end of the range {@code [0, n)}
     * @param identity the combiner's neutral value, the result of an empty range
     * @param term     the term of each index
     * @param combiner an associative, commutative combine of two partial results
     * @return the reduction
     */
    public double reduceDouble(int n, double identity, DoubleTerm term, DoubleCombiner combiner) {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(combiner, "combiner");
        requireRange("n", n);
        return callKernel("reduceDouble", (b, ph) -> lambdas.reduceDouble(b, ph, n, identity, term, combiner,
                dev.offload.translate.KernelShape.REDUCE_DOUBLE));
    }

    // ---------------------------------------------------------------- device arrays

    /**
     * Copies ints to the device. Later changes to {@code xs} do not affect the device array.
     *
     * @param xs the elements
     * @return the device array, owned by this instance
     */
    public DeviceInts upload(int[] xs) {
        Objects.requireNonNull(xs, "xs");
        return call("upload_i32", (b, ph) -> new DeviceInts(this, b, b.upload(xs, ph)));
    }

    /**
     * Copies doubles to the device.
     *
     * @param xs the elements
     * @return the device array, owned by this instance
     */
    public DeviceDoubles upload(double[] xs) {
        Objects.requireNonNull(xs, "xs");
        return call("upload_f64", (b, ph) -> new DeviceDoubles(this, b, b.upload(xs, ph)));
    }

    /**
     * Copies longs to the device.
     *
     * @param xs the elements
     * @return the device array, owned by this instance
     */
    public DeviceLongs upload(long[] xs) {
        Objects.requireNonNull(xs, "xs");
        return call("upload_i64", (b, ph) -> new DeviceLongs(this, b, b.upload(xs, ph)));
    }

    /**
     * Copies floats to the device.
     *
     * @param xs the elements
     * @return the device array, owned by this instance
     */
    public DeviceFloats upload(float[] xs) {
        Objects.requireNonNull(xs, "xs");
        return call("upload_f32", (b, ph) -> new DeviceFloats(this, b, b.upload(xs, ph)));
    }

    /**
     * Copies bytes (UTF-8 text) to the device, for the word-length operations.
     *
     * @param utf8 UTF-8 text
     * @return the device array, owned by this instance
     */
    public DeviceBytes upload(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        return call("upload_u8", (b, ph) -> new DeviceBytes(this, b, b.upload(utf8, ph)));
    }

    /**
     * Squares on the device; the result stays there.
     *
     * @param xs the elements
     * @return the squares
     */
    public DeviceLongs squares(DeviceInts xs) {
        return (DeviceLongs) map(Kernels.SQUARES_I32, xs);
    }

    /**
     * Squares on the device; the result stays there.
     *
     * @param xs the elements
     * @return the squares
     */
    public DeviceDoubles squares(DeviceDoubles xs) {
        return map(Kernels.SQUARES_F64, xs);
    }

    /**
     * Sum of a device array of ints, 64-bit accumulator.
     *
     * @param xs the elements
     * @return the sum; 0 for empty input
     */
    public long sum(DeviceInts xs) {
        return reduce(Kernels.SUM_I32, xs);
    }

    /**
     * Fused sum of squares of a device array of ints.
     *
     * @param xs the elements
     * @return the sum of the squares; 0 for empty input
     */
    public long sumOfSquares(DeviceInts xs) {
        return reduce(Kernels.SUM_SQUARES_I32, xs);
    }

    /**
     * Smallest element of a device array.
     *
     * @param xs the elements
     * @return the smallest element
     * @throws NoSuchElementException when it is empty
     */
    public int min(DeviceInts xs) {
        requireNonEmpty(xs, "min");
        return (int) reduce(Kernels.MIN_I32, xs);
    }

    /**
     * Largest element of a device array.
     *
     * @param xs the elements
     * @return the largest element
     * @throws NoSuchElementException when it is empty
     */
    public int max(DeviceInts xs) {
        requireNonEmpty(xs, "max");
        return (int) reduce(Kernels.MAX_I32, xs);
    }

    /**
     * Squares of a device array of longs, wrapping like Java's {@code long} multiply; the result stays there.
     *
     * @param xs the elements
     * @return their squares, on the same device
     */
    public DeviceLongs squares(DeviceLongs xs) {
        return map(Kernels.SQUARES_I64, xs);
    }

    /**
     * Sum of a device array of longs, wrapping like Java's {@code long} addition.
     *
     * @param xs the elements
     * @return their sum; 0 when empty
     */
    public long sum(DeviceLongs xs) {
        return reduce(Kernels.SUM_I64, xs);
    }

    /**
     * Fused sum of squares of a device array of longs, wrapping like Java's {@code long} arithmetic.
     *
     * @param xs the elements
     * @return the wrapped sum of their squares; 0 when empty
     */
    public long sumOfSquares(DeviceLongs xs) {
        return reduce(Kernels.SUM_SQUARES_I64, xs);
    }

    /**
     * Smallest element of a device array of longs.
     *
     * @param xs the elements
     * @return the smallest
     * @throws NoSuchElementException when it is empty
     */
    public long min(DeviceLongs xs) {
        requireNonEmpty(xs, "min");
        return reduce(Kernels.MIN_I64, xs);
    }

    /**
     * Largest element of a device array of longs.
     *
     * @param xs the elements
     * @return the largest
     * @throws NoSuchElementException when it is empty
     */
    public long max(DeviceLongs xs) {
        requireNonEmpty(xs, "max");
        return reduce(Kernels.MAX_I64, xs);
    }

    /**
     * Sum of a device array of doubles.
     *
     * @param xs the elements
     * @return the sum; 0 for empty input
     */
    public double sum(DeviceDoubles xs) {
        return reduce(Kernels.SUM_F64, xs);
    }

    /**
     * Fused sum of squares of a device array of doubles.
     *
     * @param xs the elements
     * @return the sum of the squares; 0 for empty input
     */
    public double sumOfSquares(DeviceDoubles xs) {
        return reduce(Kernels.SUM_SQUARES_F64, xs);
    }

    /**
     * Smallest element of a device array of doubles.
     *
     * @param xs the elements
     * @return the smallest element
     * @throws NoSuchElementException when it is empty
     */
    public double min(DeviceDoubles xs) {
        requireNonEmpty(xs, "min");
        return reduce(Kernels.MIN_F64, xs);
    }

    /**
     * Largest element of a device array of doubles.
     *
     * @param xs the elements
     * @return the largest element
     * @throws NoSuchElementException when it is empty
     */
    public double max(DeviceDoubles xs) {
        requireNonEmpty(xs, "max");
        return reduce(Kernels.MAX_F64, xs);
    }

    /**
     * Runs an {@code int -> long} map kernel on a device array; the result stays on the device.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the mapped elements
     */
    public DeviceLongs map(MapKernel kernel, DeviceInts xs) {
        return (DeviceLongs) mapDevice(kernel, xs, ElementType.I32);
    }

    /**
     * Runs a {@code double -> double} map kernel on a device array; the result stays on the device.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the mapped elements
     */
    public DeviceDoubles map(MapKernel kernel, DeviceDoubles xs) {
        return (DeviceDoubles) mapDevice(kernel, xs, ElementType.F64);
    }

    /**
     * Runs a {@code long -> long} map kernel on a device array; the result stays on the device.
     *
     * @param kernel the kernel, of {@code i64} input
     * @param xs     the elements
     * @return the mapped elements, on the same device
     * @throws IllegalArgumentException when the kernel does not take {@code i64} input
     */
    public DeviceLongs map(MapKernel kernel, DeviceLongs xs) {
        return (DeviceLongs) mapDevice(kernel, xs, ElementType.I64);
    }

    /**
     * Runs a {@code long} reduction on a device array.
     *
     * @param kernel the kernel, of {@code i64} input
     * @param xs     the elements
     * @return the reduction; the kernel's neutral value when empty
     * @throws IllegalArgumentException when the kernel does not take {@code i64} input
     */
    public long reduce(ReduceKernel kernel, DeviceLongs xs) {
        return reduceDevice(kernel, xs, ElementType.I64);
    }

    /**
     * Runs an {@code int} reduction on a device array.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the reduction; the kernel's neutral value for empty input
     */
    public long reduce(ReduceKernel kernel, DeviceInts xs) {
        return reduceDevice(kernel, xs, ElementType.I32);
    }

    /**
     * Runs a {@code double} reduction on a device array.
     *
     * @param kernel the kernel to run
     * @param xs     the elements
     * @return the reduction; the kernel's neutral value for empty input
     */
    public double reduce(ReduceKernel kernel, DeviceDoubles xs) {
        return Double.longBitsToDouble(reduceDevice(kernel, xs, ElementType.F64));
    }

    // ---------------------------------------------------------------- text

    /**
     * Lengths in code points of the words of {@code text}, in order (see the class comment): Python's
     * {@code [len(w) for w in text.split()]}.
     *
     * @param text the text
     * @return the lengths of the words, in order
     */
    public int[] wordLengths(String text) {
        return wordLengths(encode(text));
    }

    /**
     * Lengths in code points of the words of UTF-8 text.
     *
     * @param utf8 UTF-8 text
     * @return the lengths of the words, in order
     * @throws MalformedUtf8Exception naming the offset of the first bad byte; nothing partial is returned
     */
    public int[] wordLengths(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        return callHost(CostFamily.TEXT, CostFamily.wordLengthsBytes(utf8.length), "word_lengths_u8", (b, ph) -> {
            try (Buffer in = b.borrow(utf8, ph)) {
                return (int[]) b.take(TextPasses.wordLengths(b, in, ph), ph);
            }
        });
    }

    /**
     * {@code hist[k]} = number of words of length {@code k}; length = longest word + 1 ({@code [0]} for no words).
     *
     * @param text the text
     * @return the histogram
     */
    public long[] wordLengthHistogram(String text) {
        return wordLengthHistogram(encode(text));
    }

    /**
     * Histogram of word lengths of UTF-8 text.
     *
     * @param utf8 UTF-8 text
     * @return the histogram
     * @throws MalformedUtf8Exception naming the first bad byte
     */
    public long[] wordLengthHistogram(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        return callHost(CostFamily.TEXT, utf8.length, "word_length_histogram_u8", (b, ph) -> {
            try (Buffer in = b.borrow(utf8, ph)) {
                return TextPasses.wordLengthHistogram(b, in, ph);
            }
        });
    }

    /**
     * Number of words of {@code text}: Python's {@code len(text.split())}.
     *
     * @param text the text
     * @return the number of words
     */
    public long wordCount(String text) {
        return wordCount(encode(text));
    }

    /**
     * Number of words of UTF-8 text.
     *
     * @param utf8 UTF-8 text
     * @return the number of words
     * @throws MalformedUtf8Exception naming the first bad byte
     */
    public long wordCount(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        return callHost(CostFamily.TEXT, utf8.length, "word_count_u8", (b, ph) -> {
            try (Buffer in = b.borrow(utf8, ph)) {
                return TextPasses.wordCount(b, in, ph);
            }
        });
    }

    /**
     * Word lengths of device-resident UTF-8 text; the lengths stay on the device.
     *
     * @param utf8 UTF-8 text
     * @return the lengths of the words, in order
     * @throws MalformedUtf8Exception naming the first bad byte; no result is made
     */
    public DeviceInts wordLengths(DeviceBytes utf8) {
        Objects.requireNonNull(utf8, "utf8");
        Buffer in = utf8.buffer(this);
        return callOn(utf8.backend(), "word_lengths_u8",
                (b, ph) -> new DeviceInts(this, b, TextPasses.wordLengths(b, in, ph)));
    }

    /**
     * Histogram of word lengths of device-resident UTF-8 text, computed without downloading the lengths.
     *
     * @param utf8 UTF-8 text
     * @return the histogram
     * @throws MalformedUtf8Exception naming the first bad byte
     */
    public long[] wordLengthHistogram(DeviceBytes utf8) {
        Objects.requireNonNull(utf8, "utf8");
        Buffer in = utf8.buffer(this);
        return callOn(utf8.backend(), "word_length_histogram_u8",
                (b, ph) -> TextPasses.wordLengthHistogram(b, in, ph));
    }

    /**
     * Number of words of device-resident UTF-8 text.
     *
     * @param utf8 UTF-8 text
     * @return the number of words
     * @throws MalformedUtf8Exception naming the first bad byte
     */
    public long wordCount(DeviceBytes utf8) {
        Objects.requireNonNull(utf8, "utf8");
        Buffer in = utf8.buffer(this);
        return callOn(utf8.backend(), "word_count_u8", (b, ph) -> TextPasses.wordCount(b, in, ph));
    }

    // ---------------------------------------------------------------- lifecycle

    /** Releases every device resource, this instance's device arrays included. Idempotent. */
    @Override
    public void close() {
        synchronized (opened) {
            if (closed) {
                return;
            }
            closedForElements = true;
            closed = true;
            RuntimeException first = null;
            for (Backend b : opened) {
                try {
                    b.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return whether it is closed
     */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Offload[" + selector + " -> " + backend.device().describe() + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- internals

    /** Whether this thread has seen {@link #close()}, without a volatile read: for {@link DeviceArray#elements()}. */
    boolean closedForElements() {
        return closedForElements;
    }

    Object download(DeviceArray array) {
        Buffer buf = array.buffer(this);
        return callOn(array.backend(), "download_" + array.elementType().tag(), (b, ph) -> b.download(buf, ph));
    }

    private Object mapHost(MapKernel kernel, Object xs, ElementType type) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(xs, "xs");
        requireInput(kernel.name(), kernel.inputType(), type);
        long n = ElementType.lengthOf(xs);
        return callHost(kernel, n * (type.bytes() + kernel.outputType().bytes()), (b, ph) -> {
            try (Buffer in = b.borrow(xs, ph)) {
                Object out = b.take(translatedMap(b, kernel, in, ph), ph);
                if (!kernel.fromJava()) {
                    HalvesCheck.onFirstRun(b, kernel, xs, out);
                }
                return out;
            }
        });
    }

    /** {@link Reduction#reduce}, with a fault record for a kernel translated from Java, as {@link #translatedMap}. */
    private static Number translatedReduce(Backend b, ReduceKernel kernel, Buffer in, Phases ph) {
        if (!kernel.fromJava()) {
            return Reduction.reduce(b, kernel, in, ph);
        }
        try (Buffer faults = b.allocate(ElementType.I32, 4, ph)) {
            Number value = Reduction.reduce(b, kernel, in, faults, ph);
            LambdaKernels.throwIfFaulted(kernel.name(), kernel.faultSites(), (int[]) b.download(faults, ph));
            return value;
        }
    }

    /**
     * {@link Elementwise#map}, with a fault record for a kernel translated from Java: a fault closes the result and
     * throws as Java would ({@link LambdaKernels#throwIfFaulted}).
     */
    private static Buffer translatedMap(Backend b, MapKernel kernel, Buffer in, Phases ph) {
        if (!kernel.fromJava()) {
            return Elementwise.map(b, kernel, in, ph);
        }
        try (Buffer faults = b.allocate(ElementType.I32, 4, ph)) {
            Buffer out = Elementwise.map(b, kernel, in, faults, ph);
            try {
                LambdaKernels.throwIfFaulted(kernel.name(), kernel.faultSites(), (int[]) b.download(faults, ph));
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
            return out;
        }
    }

    private long reduceHost(ReduceKernel kernel, Object xs, ElementType type) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(xs, "xs");
        requireInput(kernel.name(), kernel.inputType(), type);
        return callHost(kernel, (long) ElementType.lengthOf(xs) * type.bytes(), reduceHostBody(kernel, xs));
    }

    private static BackendCall<Long> reduceHostBody(ReduceKernel kernel, Object xs) {
        return (b, ph) -> {
            try (Buffer in = b.borrow(xs, ph)) {
                return rawBits(translatedReduce(b, kernel, in, ph));
            }
        };
    }

    private DeviceArray mapDevice(MapKernel kernel, DeviceArray xs, ElementType type) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(xs, "xs");
        requireInput(kernel.name(), kernel.inputType(), type);
        Buffer in = xs.buffer(this);
        return callOn(xs.backend(), kernel.name(), (b, ph) -> wrap(b, translatedMap(b, kernel, in, ph)));
    }

    private long reduceDevice(ReduceKernel kernel, DeviceArray xs, ElementType type) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(xs, "xs");
        requireInput(kernel.name(), kernel.inputType(), type);
        Buffer in = xs.buffer(this);
        return callOn(xs.backend(), kernel.name(), (b, ph) -> rawBits(translatedReduce(b, kernel, in, ph)));
    }

    /** A reduction's typed value as this class's raw bits (a double's bits, else the long). */
    private static long rawBits(Number value) {
        return value instanceof Double d ? Double.doubleToRawLongBits(d) : value.longValue();
    }

    private DeviceArray wrap(Backend b, Buffer buf) {
        return switch (buf.type()) {
            case I32 -> new DeviceInts(this, b, buf);
            case I64 -> new DeviceLongs(this, b, buf);
            case F64 -> new DeviceDoubles(this, b, buf);
            case U8 -> new DeviceBytes(this, b, buf);
            case F32 -> new DeviceFloats(this, b, buf);
            case I16, U16 -> throw new IllegalArgumentException("no device array type for " + buf.type());
        };
    }

    private static void requireRange(String name, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, not " + n);
        }
    }

    /**
     * A call of a kernel written in Java. Under {@code auto}, a lambda that cannot be translated runs on the
     * parallel Java backend (this call only: the instance keeps its device) and {@link #fallbackReason()} says why.
     */
    private <R> R callKernel(String operation, BackendCall<R> body) {
        try {
            return call(operation, body);
        } catch (KernelTranslationException e) {
            if (!auto) {
                throw e;
            }
            Backend java = javaBackend();
            String reason = "a kernel could not be translated, so it ran on " + java.device().describe() + ": "
                    + e.getMessage();
            logOnce(System.Logger.Level.WARNING, "offload auto: " + reason, null);
            fallbackReason = reason;
            return callOn(java, operation, body);
        }
    }

    /** This instance's parallel Java backend, opened on first need and closed with the instance. */
    private Backend javaBackend() {
        synchronized (opened) {
            ensureOpen();
            for (Backend b : opened) {
                if (b.device().equals(Backends.javaParallel())) {
                    return b;
                }
            }
            Backend java = Backends.open(Backends.javaParallel());
            opened.add(java);
            return java;
        }
    }

    private static void requireInput(String kernel, ElementType expected, ElementType given) {
        MapKernel.requireInput(kernel, expected, given);
    }

    private static void requireNonEmpty(Object xs, String op) {
        Objects.requireNonNull(xs, "xs");
        long n = xs instanceof DeviceArray d ? d.length() : ElementType.lengthOf(xs);
        if (n == 0) {
            throw new NoSuchElementException(op + " of an empty array");
        }
    }

    private static byte[] encode(String text) {
        Objects.requireNonNull(text, "text");
        // getBytes replaces a lone surrogate by '?': one code point, not whitespace, so the lengths stay Python's.
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface BackendCall<R> {
        R run(Backend backend, Phases phases);
    }

    /** A call of a map or reduction on host data: built-in kernels may be routed ({@link #callHost}), others not. */
    private <R> R callHost(Object kernel, long bytes, BackendCall<R> body) {
        String name = kernel instanceof MapKernel m ? m.name() : ((ReduceKernel) kernel).name();
        // Without a router (every instance but auto on a GPU) nothing is looked up: this is every host call's path.
        return router != null && Kernels.isBuiltIn(kernel) ? callHost(CostFamily.NUMBERS, bytes, name, body)
                : call(name, body);
    }

    /**
     * A built-in call whose data starts and ends on the host: under {@code auto} on an OpenCL device it runs where the
     * cost model says it finishes first (measuring the family on its first call), else as {@link #call} runs it.
     */
    private <R> R callHost(CostFamily family, long bytes, String operation, BackendCall<R> body) {
        AutoRouter r = router;
        if (r != null && currentBackend() == r.device()) {
            Backend chosen = r.choose(family, bytes); // a failed measurement keeps the device: it never throws here
            if (chosen != r.device()) {
                return callOn(chosen, operation, body);
            }
        }
        return call(operation, body);
    }

    /** The options that change what a call costs on a device (not where its programs are kept). */
    static String costSettings(OffloadOptions o) {
        return "transfer " + o.transfer() + ", layout " + o.layout() + ", maxLocalSize " + o.maxLocalSize()
                + ", maxAllocationBytes " + o.maxAllocationBytes();
    }

    /** One call of {@code family}'s representative operation for the cost model, timed; no profile is kept. */
    private long sample(Backend b, CostFamily family, Object input) {
        BackendCall<?> body = switch (family) {
            case NUMBERS -> reduceHostBody(Kernels.SUM_SQUARES_I32, input);
            case TEXT -> (bb, ph) -> {
                try (Buffer in = bb.borrow(input, ph)) {
                    return TextPasses.wordCount(bb, in, ph);
                }
            };
        };
        Phases phases = new Phases();
        long t0 = System.nanoTime();
        b.inOneTurn(phases, () -> body.run(b, phases));
        return System.nanoTime() - t0;
    }

    /** Runs on the current backend; under auto, an OpenCL failure moves this instance to Java and retries once. */
    private <R> R call(String operation, BackendCall<R> body) {
        Backend b = currentBackend();
        try {
            return callOn(b, operation, body);
        } catch (KernelBuildException | DeviceException e) {
            if (!auto || b.device().kind().isJava()) {
                throw e;
            }
            try {
                return callOn(fallBack(b, e), operation, body);
            } catch (RuntimeException retry) {
                retry.addSuppressed(e);
                throw retry;
            }
        }
    }

    private <R> R callOn(Backend b, String operation, BackendCall<R> body) {
        ensureOpen();
        Phases phases = new Phases();
        long t0 = System.nanoTime();
        // One turn on the device's queue for the whole call: its transfers and launches wait once, at the end (or at
        // a blocking download), instead of once each.
        R result = b.inOneTurn(phases, () -> body.run(b, phases));
        long wall = System.nanoTime() - t0;
        lastProfile.set(new Profile(b.device(), operation, phases.uploadNanos(), phases.kernelNanos(),
                phases.downloadNanos(), wall, phases.uploadBytes(), phases.downloadBytes(), phases.kernelLaunches(),
                phases.queueNanos()));
        return result;
    }

    private Backend currentBackend() {
        ensureOpen();
        return backend;
    }

    private Backend fallBack(Backend failed, OffloadException cause) {
        synchronized (opened) {
            ensureOpen();
            if (backend == failed) {
                Backend java = javaBackend();
                fallbackReason = failed.device().describe() + " failed: " + cause.getMessage();
                backend = java;
                logOnce(System.Logger.Level.WARNING, "offload auto: falling back to " + java.device().describe()
                        + " because " + fallbackReason, cause);
            }
            return backend;
        }
    }

    /**
     * Logs {@code message} at {@code level} the first time this JVM logs it, and at DEBUG after that: a service on a
     * machine without a GPU opens {@code auto} on every request, and the reason does not change between them.
     */
    static void logOnce(System.Logger.Level level, String message, Throwable cause) {
        System.Logger.Level l = LOGGED.add(message) ? level : System.Logger.Level.DEBUG;
        if (cause == null) {
            Log.LOG.log(l, message);
        } else {
            Log.LOG.log(l, message, cause);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Offload is closed");
        }
    }
}
