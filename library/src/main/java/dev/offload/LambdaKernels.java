package dev.offload;

import dev.offload.backend.ArgType;
import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;
import dev.offload.backend.JavaBody;
import dev.offload.backend.KernelSpec;
import dev.offload.backend.LaunchRange;
import dev.offload.backend.Phases;
import dev.offload.backend.PreparedKernel;
import dev.offload.translate.KernelParam;
import dev.offload.translate.KernelShape;
import dev.offload.translate.KernelTranslator;
import dev.offload.translate.TranslatedKernel;
import dev.offload.translate.TranslationFailure;
import dev.offload.translate.TranslationOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Kernels written in Java, as plans of launches on the generic path: the lambda is translated once to OpenCL C
 * ({@link KernelTranslator}), its captured values become arguments (primitives by value; arrays uploaded, and only
 * those the body writes copied back into the caller's arrays; device arrays passed in place), one launch runs it,
 * and the fault record decides between copying back and throwing. On the Java backends the lambda itself is the
 * kernel: no translation, no copies.
 *
 * <p>Reductions launch the translated term once over the range; every work-group folds its share into one partial
 * (64-bit for {@code long}), and the partials are folded here with the Java combiner, in group order. Integer
 * reductions therefore give the same bits on every backend; {@code double} sums add in another order than a loop.
 */
final class LambdaKernels {
    /** Kinds in {@code faults[0]}, as the translator writes them. */
    private static final int FAULT_INDEX = 1;
    private static final int FAULT_DIVIDE_BY_ZERO = 2;
    private static final int FAULT_NEGATIVE_SIZE = 3;
    /** Clean fault records kept per backend; more concurrent callers than this allocate their own. */
    private static final int MAX_CLEAN_FAULT_RECORDS = 16;

    /**
     * Only asked how many groups a range gets: the Java backends' {@code groups} looks at nothing else. In a holder,
     * made by the first reduction that needs it: every {@code Offload} makes a {@code LambdaKernels}, and a lambda
     * costs a new JVM ~1.5 ms the first time it is evaluated.
     */
    private static final class JavaGroups {
        static final PreparedKernel KERNEL = () -> new KernelSpec("java_groups", List.of(), "", "", false,
                (a, f, t) -> { });
    }

    private final Offload owner;
    /** Per backend, the prepared kernel of each translation (translations are cached, so identity is enough). */
    private final Map<Backend, Map<TranslatedKernel, PreparedKernel>> prepared = new ConcurrentHashMap<>();
    /** Per backend, fault records read back as zero, reused by later calls (see {@link #faultRecord}). */
    private final Map<Backend, Queue<Buffer>> cleanFaults = new ConcurrentHashMap<>();

    LambdaKernels(Offload owner) {
        this.owner = owner;
    }

    // ---------------------------------------------------------------- loops

    void parallelFor(Backend b, Phases ph, int n, ForBody body) {
        parallelFor(b, ph, n, body, TranslationOptions.DEFAULT);
    }

    /** As above; {@code options} says whether the device code checks bounds and divisors. */
    void parallelFor(Backend b, Phases ph, int n, ForBody body, TranslationOptions options) {
        if (isJava(b)) {
            runJava(b, ph, LaunchRange.of(n), (args, from, to) -> {
                for (int i = from; i < to; i++) {
                    body.apply(i);
                }
            });
            return;
        }
        TranslatedKernel tk = translated(() -> KernelTranslator.translate(body, KernelShape.FOR_1D, options));
        runDevice(b, ph, tk, body, LaunchRange.of(n), List.of(ArgType.INT), List.of(n));
    }

    void parallelFor(Backend b, Phases ph, int rows, int cols, ForBody2D body) {
        if (isJava(b)) {
            runJava(b, ph, LaunchRange.of(rows, cols), (args, from, to) -> {
                for (int r = from; r < to; r++) {
                    for (int c = 0; c < cols; c++) {
                        body.apply(r, c);
                    }
                }
            });
            return;
        }
        TranslatedKernel tk = translated(() -> KernelTranslator.translate(body, KernelShape.FOR_2D));
        runDevice(b, ph, tk, body, LaunchRange.of(rows, cols), List.of(ArgType.INT, ArgType.INT),
                List.of(rows, cols));
    }

    // ---------------------------------------------------------------- reductions

    long reduceLong(Backend b, Phases ph, int n, long identity, LongTerm term, LongCombiner combiner,
                    KernelShape shape) {
        if (isJava(b)) {
            long[] partials = new long[b.groups(JavaGroups.KERNEL, n)];
            runJava(b, ph, groupRows(partials.length), (args, from, to) -> {
                for (int g = from; g < to; g++) {
                    long acc = identity;
                    for (int i = slice(n, partials.length, g), end = slice(n, partials.length, g + 1); i < end; i++) {
                        acc = combiner.apply(acc, term.apply(i));
                    }
                    partials[g] = acc;
                }
            });
            return foldLongs(partials, identity, combiner);
        }
        if (n == 0) {
            return identity;
        }
        TranslatedKernel tk = translated(() -> shape == KernelShape.SUM_LONG ? KernelTranslator.translate(term, shape)
                : KernelTranslator.translateReduction(term, combiner, shape));
        long[] partials = (long[]) reduceOnDevice(b, ph, tk, term, n, shape == KernelShape.SUM_LONG ? null : identity,
                ElementType.I64);
        return foldLongs(partials, identity, combiner);
    }

    double reduceDouble(Backend b, Phases ph, int n, double identity, DoubleTerm term, DoubleCombiner combiner,
                        KernelShape shape) {
        if (isJava(b)) {
            double[] partials = new double[b.groups(JavaGroups.KERNEL, n)];
            runJava(b, ph, groupRows(partials.length), (args, from, to) -> {
                for (int g = from; g < to; g++) {
                    double acc = identity;
                    for (int i = slice(n, partials.length, g), end = slice(n, partials.length, g + 1); i < end; i++) {
                        acc = combiner.apply(acc, term.apply(i));
                    }
                    partials[g] = acc;
                }
            });
            return foldDoubles(partials, identity, combiner);
        }
        if (n == 0) {
            return identity;
        }
        TranslatedKernel tk = translated(() -> shape == KernelShape.SUM_DOUBLE ? KernelTranslator.translate(term, shape)
                : KernelTranslator.translateReduction(term, combiner, shape));
        double[] partials = (double[]) reduceOnDevice(b, ph, tk, term, n,
                shape == KernelShape.SUM_DOUBLE ? null : identity, ElementType.F64);
        return foldDoubles(partials, identity, combiner);
    }

    private Object reduceOnDevice(Backend b, Phases ph, TranslatedKernel tk, Object lambda, int n, Object identity,
                                  ElementType acc) {
        PreparedKernel k = prepare(b, tk, lambda, trailingReduce(identity, acc));
        int groups = b.groups(k, n);
        // Every group writes its partial (a faulted call's partials are never read), so no clearing pass.
        try (Buffer partials = b.allocateUninitialized(acc, groups, ph)) {
            List<Object> trailing = new ArrayList<>();
            trailing.add(n);
            if (identity != null) {
                trailing.add(identity);
            }
            trailing.add(partials);
            trailing.add(acc.bytes());
            return launch(b, ph, tk, k, lambda, LaunchRange.of(n), trailing, () -> b.download(partials, ph));
        }
    }

    private static List<ArgType> trailingReduce(Object identity, ElementType acc) {
        List<ArgType> t = new ArrayList<>(List.of(ArgType.INT));
        if (identity != null) {
            t.add(acc == ElementType.I64 ? ArgType.LONG : ArgType.DOUBLE);
        }
        t.add(ArgType.BUFFER);
        t.add(ArgType.LOCAL_PER_ITEM);
        return t;
    }

    /** The translator's refusal becomes the API's exception, message unchanged, at this one boundary. */
    private static TranslatedKernel translated(Supplier<TranslatedKernel> translation) {
        try {
            return translation.get();
        } catch (TranslationFailure e) {
            throw new KernelTranslationException(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- the launch plan

    private void runDevice(Backend b, Phases ph, TranslatedKernel tk, Object lambda, LaunchRange range,
                           List<ArgType> trailingTypes, List<Object> trailing) {
        PreparedKernel k = prepare(b, tk, lambda, trailingTypes);
        launch(b, ph, tk, k, lambda, range, trailing, () -> null);
    }

    /**
     * Binds the captured values, launches, reads the fault record, and copies written arrays back (and reads
     * {@code result}) only when the kernel did not fault, so a failed call leaves the caller's arrays as they were.
     * All of it is one turn on the device ({@link Backend#inOneTurn}): a warm call at small n costs its waits, and
     * this waits once for the uploads, launch and fault record together instead of once per step.
     */
    private <T> T launch(Backend b, Phases ph, TranslatedKernel tk, PreparedKernel k, Object lambda,
                         LaunchRange range, List<Object> trailing, Supplier<T> result) {
        Object[] captured = KernelTranslator.capturedValues(lambda);
        return b.inOneTurn(ph, () -> {
            List<Buffer> owned = new ArrayList<>();
            List<Runnable> writeBacks = new ArrayList<>();
            Buffer faults = null;
            boolean clean = false;
            try {
                List<Object> args = new ArrayList<>();
                for (KernelParam p : tk.params()) {
                    Object v = captured[p.captureIndex()];
                    switch (p.kind()) {
                        case SCALAR -> args.add(scalar(p, v));
                        case ARRAY -> {
                            Buffer buf = p.written() ? b.upload(v, ph) : b.borrow(v, ph);
                            owned.add(buf);
                            if (p.written()) {
                                writeBacks.add(() -> b.downloadInto(buf, v, ph));
                            }
                            args.add(buf);
                            args.add(ElementType.lengthOf(v));
                        }
                        case DEVICE_ARRAY -> {
                            DeviceArray d = (DeviceArray) v;
                            if (d.backend() != b) {
                                throw new IllegalArgumentException("kernel " + tk.name() + " captures " + d
                                        + ", which lives on " + d.device().id() + ", not on " + b.device().id());
                            }
                            args.add(d.buffer(owner));
                            args.add((int) d.length());
                        }
                    }
                }
                args.addAll(trailing);
                faults = faultRecord(b, ph);
                args.add(faults);
                b.launch(k, range, args.toArray(), ph);
                int[] record = (int[]) b.download(faults, ph);
                clean = record[0] == 0;
                throwIfFaulted(tk.name(), tk.faultSites(), record);
                writeBacks.forEach(Runnable::run);
                return result.get();
            } finally {
                owned.forEach(Buffer::close);
                if (faults != null) {
                    recycleFaultRecord(b, faults, clean);
                }
            }
        });
    }

    /**
     * A zeroed fault record: a clean one left by an earlier call on {@code b}, else a new one. A kernel writes its
     * record only when it faults, so a record read back as zero is still zero and needs no clearing pass.
     */
    private Buffer faultRecord(Backend b, Phases ph) {
        Buffer f = cleanFaults.computeIfAbsent(b, x -> new ConcurrentLinkedQueue<>()).poll();
        return f != null ? f : b.allocate(ElementType.I32, 4, ph);
    }

    /** Keeps a record read back as zero for the next call (a few per backend: one per concurrent caller). */
    private void recycleFaultRecord(Backend b, Buffer faults, boolean clean) {
        Queue<Buffer> free = cleanFaults.get(b);
        if (clean && free != null && free.size() < MAX_CLEAN_FAULT_RECORDS) {
            free.offer(faults);
        } else {
            faults.close();
        }
    }

    private PreparedKernel prepare(Backend b, TranslatedKernel tk, Object lambda, List<ArgType> trailing) {
        return prepared.computeIfAbsent(b, x -> new ConcurrentHashMap<>()).computeIfAbsent(tk,
                key -> {
                    List<ArgType> signature = new ArrayList<>();
                    for (KernelParam p : tk.params()) {
                        if (p.kind() == dev.offload.translate.ParamKind.SCALAR) {
                            signature.add(scalarType(p));
                        } else {
                            signature.add(ArgType.BUFFER);
                            signature.add(ArgType.INT);
                        }
                    }
                    signature.addAll(trailing);
                    signature.add(ArgType.BUFFER);      // faults
                    return b.prepare(new KernelSpec(tk.name(), signature, tk.source(), "", tk.usesDoubles(), null));
                });
    }

    /**
     * Throws what Java would have thrown when the fault record {@code {kind, index, length, site}} holds a fault:
     * {@link ArrayIndexOutOfBoundsException}, {@link ArithmeticException}, {@link NegativeArraySizeException}, each
     * naming the kernel and the source line.
     */
    static void throwIfFaulted(String name, List<String> sites, int[] record) {
        if (record[0] != 0) {
            throw fault(name, sites, record);
        }
    }

    private static RuntimeException fault(String name, List<String> sites, int[] record) {
        int site = record[3];
        String where = site >= 0 && site < sites.size() ? sites.get(site) : "unknown line";
        String kernel = " in kernel " + name + " (" + where + ")";
        return switch (record[0]) {
            case FAULT_INDEX -> new ArrayIndexOutOfBoundsException("Index " + record[1] + " out of bounds for length "
                    + record[2] + kernel);
            case FAULT_DIVIDE_BY_ZERO -> new ArithmeticException("/ by zero" + kernel);
            case FAULT_NEGATIVE_SIZE -> new NegativeArraySizeException(record[1] + kernel);
            default -> new DeviceException("kernel " + name + " reported fault " + record[0] + " at " + where,
                    "", null);
        };
    }

    // ---------------------------------------------------------------- the Java backends

    private static boolean isJava(Backend b) {
        return b.device().kind().isJava();
    }

    /** The Java backends run a body over chunks of a range; the spec's device source is never used there. */
    private static void runJava(Backend b, Phases ph, LaunchRange range, JavaBody body) {
        KernelSpec spec = new KernelSpec("java_lambda", List.of(), "", "", false, body);
        b.launch(b.prepare(spec), range, new Object[0], ph);
    }

    /**
     * A Java reduction launches one row per group: rows are chunked one by one, so every group runs as its own
     * task (a 1-D range of a few items would be one chunk, and the reduction one thread).
     */
    private static LaunchRange groupRows(int groups) {
        return LaunchRange.of(groups, 1);
    }

    private static int slice(int n, int parts, int g) {
        return (int) ((long) n * g / parts);
    }

    private static long foldLongs(long[] partials, long identity, LongCombiner combiner) {
        long acc = identity;
        for (long p : partials) {
            acc = combiner.apply(acc, p);
        }
        return acc;
    }

    private static double foldDoubles(double[] partials, double identity, DoubleCombiner combiner) {
        double acc = identity;
        for (double p : partials) {
            acc = combiner.apply(acc, p);
        }
        return acc;
    }

    private static ArgType scalarType(KernelParam p) {
        return switch (p.type()) {
            case BOOLEAN, INT -> ArgType.INT;
            case BYTE -> ArgType.BYTE;
            case SHORT -> ArgType.SHORT;
            case CHAR -> ArgType.CHAR;
            case LONG -> ArgType.LONG;
            case FLOAT -> ArgType.FLOAT;
            case DOUBLE -> ArgType.DOUBLE;
        };
    }

    private static Object scalar(KernelParam p, Object v) {
        return v instanceof Boolean z ? (Integer) (z ? 1 : 0) : v;
    }
}
