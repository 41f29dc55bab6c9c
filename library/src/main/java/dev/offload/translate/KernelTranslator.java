package dev.offload.translate;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates Java kernel lambdas ({@link dev.offload.ForBody}, {@link dev.offload.LongTerm}, ...) to OpenCL C.
 *
 * <pre>{@code
 * TranslatedKernel k = KernelTranslator.translate((ForBody) i -> y[i] = a * x[i] + y[i], KernelShape.FOR_1D);
 * // k.source(): the program; k.params(): x, a, y in capture order; set arguments as TranslatedKernel describes
 * }</pre>
 *
 * <p>Thread-safe. Results are cached per implementing method, shape, options (and combiner), weakly per class,
 * so a translation happens once however many times a loop runs; captured values are not part of the translation.
 * A lambda seen before is found by its own class first, without reading its serialized form again (a few
 * microseconds of a warm call). Refusals ({@link TranslationFailure}) are not cached: they are thrown again on each
 * call, before any data moves.
 */
public final class KernelTranslator {
    private static final ClassValue<Map<String, TranslatedKernel>> CACHE = new ClassValue<>() {
        @Override
        protected Map<String, TranslatedKernel> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    /**
     * Per lambda class (one per lambda expression or method reference in the source), its translations by shape,
     * options and combiner class: every instance of a lambda class has the same body and capture types.
     */
    private static final ClassValue<Map<SeenKey, TranslatedKernel>> SEEN = new ClassValue<>() {
        @Override
        protected Map<SeenKey, TranslatedKernel> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private record SeenKey(KernelShape shape, TranslationOptions options, Class<?> combiner) {
    }
    private static final String PRELUDE = resource("prelude.cl");

    private KernelTranslator() {
    }

    /**
     * The values {@code lambda} captured, in capture order: the arguments that go with its translation's
     * {@link KernelParam#captureIndex()}. Read on every call (captures differ from call to call; translations do not).
     *
     * @throws IllegalArgumentException if {@code lambda} is not a serializable lambda
     */
    public static Object[] capturedValues(Object lambda) {
        Objects.requireNonNull(lambda, "lambda");
        if (!(lambda instanceof java.io.Serializable)) {
            throw new IllegalArgumentException("not a serializable lambda: " + lambda.getClass().getName());
        }
        var s = SerializedForm.of(lambda);
        Object[] values = new Object[s.getCapturedArgCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = s.getCapturedArg(i);
        }
        return values;
    }

    /** {@link #translate(Object, KernelShape, TranslationOptions)} with checks. */
    public static TranslatedKernel translate(Object lambda, KernelShape shape) {
        return translate(lambda, shape, TranslationOptions.DEFAULT);
    }

    /**
     * Translates a loop body ({@code FOR_1D}, {@code FOR_2D}) or a sum's term ({@code SUM_LONG}, {@code SUM_DOUBLE}).
     *
     * @throws TranslationFailure if the lambda uses a construct that cannot run on a device
     * @throws IllegalArgumentException   if {@code lambda} is not a serializable lambda of the shape's interface,
     *                                    or {@code shape} is a {@code REDUCE_*} (use {@link #translateReduction})
     */
    public static TranslatedKernel translate(Object lambda, KernelShape shape, TranslationOptions options) {
        Objects.requireNonNull(shape, "shape");
        if (shape == KernelShape.REDUCE_LONG || shape == KernelShape.REDUCE_DOUBLE) {
            throw new IllegalArgumentException(shape + " needs a combiner: use translateReduction");
        }
        return translateReduction(lambda, null, shape, options);
    }

    /** {@link #translateReduction(Object, Object, KernelShape, TranslationOptions)} with checks. */
    public static TranslatedKernel translateReduction(Object term, Object combiner, KernelShape shape) {
        return translateReduction(term, combiner, shape, TranslationOptions.DEFAULT);
    }

    /**
     * Translates a reduction's term and combiner together ({@code REDUCE_LONG}, {@code REDUCE_DOUBLE}; for
     * {@code SUM_*} the combiner is ignored and may be null). The combiner may be a lambda or a static method
     * reference such as {@code Math::max} or {@code Long::sum}, and may capture nothing.
     */
    public static TranslatedKernel translateReduction(Object term, Object combiner, KernelShape shape,
                                                      TranslationOptions options) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(options, "options");
        boolean reduce = shape == KernelShape.REDUCE_LONG || shape == KernelShape.REDUCE_DOUBLE;
        if (reduce) {
            Objects.requireNonNull(combiner, "combiner");
        }
        Objects.requireNonNull(term, "lambda");
        SeenKey seenKey = new SeenKey(shape, options, reduce ? combiner.getClass() : null);
        Map<SeenKey, TranslatedKernel> seen = SEEN.get(term.getClass());
        TranslatedKernel again = seen.get(seenKey);
        if (again != null) {
            return again;
        }
        LambdaRef body = LambdaRef.of(term);
        LambdaRef comb = reduce ? LambdaRef.of(combiner) : null;
        expectSignature(body, switch (shape) {
            case FOR_1D -> "(I)V";
            case FOR_2D -> "(II)V";
            case SUM_LONG, REDUCE_LONG -> "(I)J";
            case SUM_DOUBLE, REDUCE_DOUBLE -> "(I)D";
        }, shape);
        if (comb != null) {
            expectSignature(comb, shape == KernelShape.REDUCE_LONG ? "(JJ)J" : "(DD)D", shape);
        }
        String key = body.key() + "|" + shape + "|" + options.checks()
                + (comb == null ? "" : "|" + comb.implOwner() + "." + comb.key());
        Map<String, TranslatedKernel> cache = CACHE.get(body.implClass());
        TranslatedKernel done = cache.get(key);
        if (done == null) {
            TranslatedKernel k = new KernelTranslator.Builder(body, comb, shape, options).build();
            TranslatedKernel raced = cache.putIfAbsent(key, k);
            done = raced != null ? raced : k;
        }
        seen.put(seenKey, done);
        return done;
    }

    /**
     * Translates capture-free functions (a map of one element, a combiner of two partials) into one program, for
     * the skeletons of {@code kernels/elementwise.cl} and {@code kernels/reduce.cl}. Each may be a lambda, a static
     * method of an application class, or a supported JDK method reference ({@code Math::max}, {@code Long::sum}).
     * Not cached: a kernel object translates once, when it is made.
     *
     * @param functions  the lambdas
     * @param signatures per function, its JVM signature, e.g. {@code (I)J}
     * @param options    whether the device code checks bounds and divisors
     * @return the functions' call templates and their program
     * @throws TranslationFailure if a function captures anything or uses what cannot run on a device
     * @throws IllegalArgumentException   if a function is not a serializable lambda of its signature
     */
    public static TranslatedFunctions translateFunctions(List<?> functions, List<String> signatures,
                                                         TranslationOptions options) {
        Objects.requireNonNull(functions, "functions");
        Objects.requireNonNull(signatures, "signatures");
        Objects.requireNonNull(options, "options");
        if (functions.size() != signatures.size() || functions.isEmpty()) {
            throw new IllegalArgumentException(functions.size() + " functions and " + signatures.size()
                    + " signatures: give one signature per function, at least one");
        }
        List<LambdaRef> refs = new ArrayList<>();
        for (int k = 0; k < functions.size(); k++) {
            LambdaRef r = LambdaRef.of(functions.get(k));
            String want = signatures.get(k);
            if (!r.lambda().getFunctionalInterfaceMethodSignature().equals(want)) {
                throw new IllegalArgumentException("a kernel function needs a lambda of signature " + want + ", not "
                        + r.lambda().getFunctionalInterfaceClass().replace('/', '.') + " "
                        + r.lambda().getFunctionalInterfaceMethodSignature());
            }
            refs.add(r);
        }
        Translation tx = new Translation(options, refs.get(0).loader());
        List<String> calls = new ArrayList<>();
        for (LambdaRef r : refs) {
            calls.add(functionCall(r, tx));
        }
        StringBuilder src = new StringBuilder();
        src.append("/* element functions translated from Java by dev.offload.translate */\n");
        if (tx.usesDoubles) {
            src.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        }
        src.append(PRELUDE).append(tx.code);
        LambdaRef first = refs.get(0);
        String name = "k_" + Names.sanitize(Names.simple(first.implOwner()) + "_" + first.implName());
        return new TranslatedFunctions(name.length() > 63 ? name.substring(0, 63) : name, calls, src.toString(),
                tx.sites(), tx.usesDoubles);
    }

    /** The call template of one capture-free function: an intrinsic's C call, or its translated C function's. */
    private static String functionCall(LambdaRef f, Translation tx) {
        if (f.lambda().getCapturedArgCount() != 0) {
            throw new TranslationFailure(f.implOwner().replace('/', '.') + "." + f.implName()
                    + ": a MapKernel or ReduceKernel function may capture nothing (it is shared by every call and"
                    + " device); write constants into it, or use parallelFor / sumLong, whose lambdas may capture");
        }
        int arity = Type.getArgumentTypes(f.implDesc()).length;
        String[] operands = arity == 1 ? new String[] {"%1$s"} : new String[] {"%1$s", "%2$s"};
        Intrinsics.Intrinsic in = f.isStatic() ? Intrinsics.find(f.implOwner(), f.implName(), f.implDesc()) : null;
        if (in != null && in.zeroCheckedArg() < 0) {
            if (in.needsDouble()) {
                tx.usesDoubles = true;
            }
            return Intrinsics.call(in, f.implDesc(), operands);
        }
        ClassNode owner = f.checkCaptures(tx);
        if (owner == null) {
            throw new TranslationFailure(f.implOwner().replace('/', '.') + ": the function "
                    + MethodTranslator.javaName(f.implOwner(), f.implName(), f.implDesc())
                    + " cannot run on a device; use a lambda, a static method, or Math::max/min, Long::sum");
        }
        MethodNode m = Translation.method(owner, f.implName(), f.implDesc());
        Translation.Summary s = tx.function(owner, m, new boolean[arity], LambdaRef.position(owner, m));
        return s.cName() + "(" + String.join(", ", operands) + ", faults, ofs)";
    }

    private static void expectSignature(LambdaRef ref, String signature, KernelShape shape) {
        if (!ref.lambda().getFunctionalInterfaceMethodSignature().equals(signature)) {
            throw new IllegalArgumentException("a " + shape + " kernel needs a lambda of signature " + signature
                    + ", not " + ref.lambda().getFunctionalInterfaceClass().replace('/', '.') + " "
                    + ref.lambda().getFunctionalInterfaceMethodSignature());
        }
    }

    private static String resource(String name) {
        try (InputStream in = KernelTranslator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource dev/offload/translate/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One translation: the body's function, the combiner's, and the kernel skeleton around them. */
    private static final class Builder {
        private final LambdaRef body;
        private final LambdaRef combiner;
        private final KernelShape shape;
        private final Translation tx;

        Builder(LambdaRef body, LambdaRef combiner, KernelShape shape, TranslationOptions options) {
            this.body = body;
            this.combiner = combiner;
            this.shape = shape;
            this.tx = new Translation(options, body.loader());
        }

        TranslatedKernel build() {
            ClassNode owner = body.checkCaptures(tx);
            if (owner == null) {
                throw new TranslationFailure(body.implOwner().replace('/', '.') + ": the kernel body is "
                        + MethodTranslator.javaName(body.implOwner(), body.implName(), body.implDesc())
                        + "; a kernel body must be a lambda or a static method of an application class");
            }
            MethodNode method = Translation.method(owner, body.implName(), body.implDesc());
            Type[] args = Type.getArgumentTypes(body.implDesc());
            int captures = body.lambda().getCapturedArgCount();
            boolean[] global = new boolean[args.length];
            java.util.Arrays.fill(global, true);
            Translation.Summary s = tx.function(owner, method, global, LambdaRef.position(owner, method));

            List<KernelParam> params = new ArrayList<>();
            Set<String> names = new HashSet<>();
            int local = 0;
            for (int k = 0; k < captures; k++) {
                Type t = args[k];
                String name = "p_" + Names.sanitize(javaName(method, local, k));
                while (!names.add(name)) {
                    name = name + "_" + k;
                }
                local += t.getSize();
                if (MethodTranslator.elementC(t) != null) {
                    boolean device = MethodTranslator.isDeviceArray(t);
                    ParamType type = device ? deviceType(t) : ParamType.of(t.getElementType().getDescriptor().charAt(0));
                    params.add(new KernelParam(name, device ? ParamKind.DEVICE_ARRAY : ParamKind.ARRAY, type,
                            s.read()[k], s.written()[k], k));
                } else {
                    params.add(new KernelParam(name, ParamKind.SCALAR, ParamType.of(t.getDescriptor().charAt(0)),
                            true, false, k));
                }
            }

            String combine = null;
            if (combiner != null) {
                combine = combiner(combiner);
            }
            // 1-D loops and reductions index [0, n): accesses a[i] by the index itself need no check when n <= a.length.
            Translation.InRange inRange = null;
            List<String> inRangeArrays = new ArrayList<>();
            if (shape != KernelShape.FOR_2D) {
                inRange = tx.inRange(owner, method, global, local);
                if (inRange != null) {
                    for (int k = 0; k < captures; k++) {
                        if (inRange.arrays()[k]) {
                            inRangeArrays.add(params.get(k).name());
                        }
                    }
                }
            }
            String name = "k_" + Names.sanitize(Names.simple(body.implOwner()) + "_" + body.implName());
            String kernel = new KernelSkeleton(shape, name, params, s.cName(), args, captures,
                    Type.getReturnType(body.implDesc()), combine, inRange == null ? null : inRange.cName(),
                    inRangeArrays).source();
            boolean doubles = tx.usesDoubles || shape == KernelShape.SUM_DOUBLE || shape == KernelShape.REDUCE_DOUBLE;
            for (KernelParam p : params) {
                doubles |= p.type() == ParamType.DOUBLE;
            }
            StringBuilder src = new StringBuilder();
            src.append("/* ").append(name).append(": ").append(shape).append(" kernel translated from ")
                    .append(MethodTranslator.javaName(body.implOwner(), body.implName(), body.implDesc()))
                    .append(" (").append(owner.sourceFile).append(") by dev.offload.translate; argument order:"
                            + " see dev.offload.translate.TranslatedKernel. */\n");
            if (doubles) {
                src.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
            }
            src.append(PRELUDE).append(tx.code).append(kernel);
            return new TranslatedKernel(name, shape, params, src.toString(), tx.sites(), doubles);
        }

        /** The C expression template of the combiner, with {@code %1$s}, {@code %2$s} for its operands. */
        private String combiner(LambdaRef c) {
            if (c.lambda().getCapturedArgCount() != 0) {
                throw new TranslationFailure(c.implOwner().replace('/', '.') + "." + c.implName()
                        + ": a reduction's combiner may capture nothing");
            }
            String acc = shape == KernelShape.REDUCE_LONG ? "long" : "double";
            Intrinsics.Intrinsic in = c.isStatic() ? Intrinsics.find(c.implOwner(), c.implName(), c.implDesc()) : null;
            if (in != null && in.zeroCheckedArg() < 0) {
                if (in.needsDouble()) {
                    tx.usesDoubles = true;
                }
                return "(" + acc + ") " + Intrinsics.call(in, c.implDesc(), "%1$s", "%2$s");
            }
            ClassNode owner = c.checkCaptures(tx);
            if (owner == null) {
                throw new TranslationFailure(c.implOwner().replace('/', '.') + ": the combiner "
                        + MethodTranslator.javaName(c.implOwner(), c.implName(), c.implDesc())
                        + " cannot run on a device; use a lambda, a static method, or Math::max/min, Long::sum");
            }
            MethodNode m = Translation.method(owner, c.implName(), c.implDesc());
            Translation.Summary s = tx.function(owner, m, new boolean[Type.getArgumentTypes(c.implDesc()).length],
                    LambdaRef.position(owner, m));
            return "(" + acc + ") " + s.cName() + "(%1$s, %2$s, faults, ofs)";
        }

        private static ParamType deviceType(Type t) {
            return switch (MethodTranslator.elementC(t)) {
                case "int" -> ParamType.INT;
                case "long" -> ParamType.LONG;
                case "double" -> ParamType.DOUBLE;
                default -> ParamType.FLOAT;
            };
        }

        private static String javaName(MethodNode m, int local, int k) {
            // A parameter's entry is the one for its slot that starts first (a later one is another local reusing it).
            LocalVariableNode best = null;
            if (m.localVariables != null) {
                for (LocalVariableNode v : m.localVariables) {
                    if (v.index == local && (best == null
                            || m.instructions.indexOf(v.start) < m.instructions.indexOf(best.start))) {
                        best = v;
                    }
                }
            }
            return best != null ? best.name : "c" + k;
        }
    }
}
