package dev.offload.translate;

import java.util.HashMap;
import java.util.Map;

/**
 * The JDK static methods a kernel may call, each with the C function that computes it (from {@code prelude.cl} or an
 * OpenCL built-in). Keys are {@code owner.name descriptor} in JVM form, for example
 * {@code java/lang/Math.max(II)I}. Methods that throw in Java on some input (division by zero) carry the index of
 * the argument that must not be zero, so the caller can record the fault.
 */
final class Intrinsics {
    /** One intrinsic: the C function name, whether it needs fp64, the argument checked for zero (or -1). */
    record Intrinsic(String function, boolean needsDouble, int zeroCheckedArg) {
    }

    private static final Map<String, Intrinsic> TABLE = new HashMap<>();

    static {
        for (String math : new String[] {"java/lang/Math", "java/lang/StrictMath"}) {
            put(math, "abs", "(I)I", "j_iabs");
            put(math, "abs", "(J)J", "j_labs");
            put(math, "abs", "(F)F", "j_fabs");
            put(math, "abs", "(D)D", "j_dabs");
            put(math, "min", "(II)I", "j_imin");
            put(math, "max", "(II)I", "j_imax");
            put(math, "min", "(JJ)J", "j_lmin");
            put(math, "max", "(JJ)J", "j_lmax");
            put(math, "min", "(FF)F", "j_fmin");
            put(math, "max", "(FF)F", "j_fmax");
            put(math, "min", "(DD)D", "j_dmin");
            put(math, "max", "(DD)D", "j_dmax");
            for (String f : new String[] {"sqrt", "cbrt", "sin", "cos", "tan", "asin", "acos",
                    "atan", "exp", "log", "log10", "sinh", "cosh", "tanh", "expm1", "log1p"}) {
                put(math, f, "(D)D", f);
            }
            put(math, "floor", "(D)D", "j_floor");
            put(math, "ceil", "(D)D", "j_ceil");
            put(math, "rint", "(D)D", "j_rint");
            put(math, "atan2", "(DD)D", "atan2");
            put(math, "hypot", "(DD)D", "hypot");
            put(math, "pow", "(DD)D", "j_pow");
            put(math, "round", "(F)I", "j_fround");
            put(math, "round", "(D)J", "j_dround");
            put(math, "signum", "(F)F", "j_fsignum");
            put(math, "signum", "(D)D", "j_dsignum");
            put(math, "toRadians", "(D)D", "j_torad");
            put(math, "toDegrees", "(D)D", "j_todeg");
            put(math, "fma", "(FFF)F", "fma");
            put(math, "fma", "(DDD)D", "fma");
            TABLE.put(math + ".floorDiv(II)I", new Intrinsic("j_ifloordiv", false, 1));
            TABLE.put(math + ".floorMod(II)I", new Intrinsic("j_ifloormod", false, 1));
            TABLE.put(math + ".floorDiv(JJ)J", new Intrinsic("j_lfloordiv", false, 1));
            TABLE.put(math + ".floorMod(JJ)J", new Intrinsic("j_lfloormod", false, 1));
            put(math, "multiplyHigh", "(JJ)J", "j_lmulhi");
            put(math, "unsignedMultiplyHigh", "(JJ)J", "j_lmulhiu");
        }
        put("java/lang/Math", "copySign", "(FF)F", "j_fcopysign");
        put("java/lang/Math", "copySign", "(DD)D", "j_dcopysign");
        put("java/lang/StrictMath", "copySign", "(FF)F", "j_fcopysign_strict");
        put("java/lang/StrictMath", "copySign", "(DD)D", "j_dcopysign_strict");

        put("java/lang/Float", "floatToRawIntBits", "(F)I", "as_int");
        put("java/lang/Float", "floatToIntBits", "(F)I", "j_f2bits");
        put("java/lang/Float", "intBitsToFloat", "(I)F", "as_float");
        put("java/lang/Float", "isNaN", "(F)Z", "isnan");
        put("java/lang/Float", "isInfinite", "(F)Z", "isinf");
        put("java/lang/Float", "isFinite", "(F)Z", "isfinite");
        put("java/lang/Float", "compare", "(FF)I", "j_fcompare");
        put("java/lang/Float", "min", "(FF)F", "j_fmin");
        put("java/lang/Float", "max", "(FF)F", "j_fmax");
        put("java/lang/Double", "doubleToRawLongBits", "(D)J", "as_long");
        put("java/lang/Double", "doubleToLongBits", "(D)J", "j_d2bits");
        put("java/lang/Double", "longBitsToDouble", "(J)D", "as_double");
        // OpenCL's relational built-ins return 1 for a scalar true, as Java's boolean on the stack.
        put("java/lang/Double", "isNaN", "(D)Z", "isnan");
        put("java/lang/Double", "isInfinite", "(D)Z", "isinf");
        put("java/lang/Double", "isFinite", "(D)Z", "isfinite");
        put("java/lang/Double", "compare", "(DD)I", "j_dcompare");
        put("java/lang/Double", "min", "(DD)D", "j_dmin");
        put("java/lang/Double", "max", "(DD)D", "j_dmax");

        put("java/lang/Integer", "bitCount", "(I)I", "popcount");
        put("java/lang/Integer", "numberOfLeadingZeros", "(I)I", "clz");
        put("java/lang/Integer", "numberOfTrailingZeros", "(I)I", "j_ictz");
        put("java/lang/Integer", "rotateLeft", "(II)I", "j_irotl");
        put("java/lang/Integer", "rotateRight", "(II)I", "j_irotr");
        put("java/lang/Integer", "reverse", "(I)I", "j_irev");
        put("java/lang/Integer", "reverseBytes", "(I)I", "j_irevbytes");
        put("java/lang/Integer", "highestOneBit", "(I)I", "j_ihighest");
        put("java/lang/Integer", "lowestOneBit", "(I)I", "j_ilowest");
        put("java/lang/Integer", "signum", "(I)I", "j_isignum");
        put("java/lang/Integer", "compare", "(II)I", "j_icompare");
        put("java/lang/Integer", "compareUnsigned", "(II)I", "j_icompareu");
        put("java/lang/Integer", "min", "(II)I", "j_imin");
        put("java/lang/Integer", "max", "(II)I", "j_imax");
        put("java/lang/Integer", "sum", "(II)I", "j_iadd");
        put("java/lang/Integer", "toUnsignedLong", "(I)J", "(long) as_uint");
        TABLE.put("java/lang/Integer.divideUnsigned(II)I", new Intrinsic("j_idivu", false, 1));
        TABLE.put("java/lang/Integer.remainderUnsigned(II)I", new Intrinsic("j_iremu", false, 1));
        put("java/lang/Long", "bitCount", "(J)I", "(int) popcount");
        put("java/lang/Long", "numberOfLeadingZeros", "(J)I", "(int) clz");
        put("java/lang/Long", "numberOfTrailingZeros", "(J)I", "j_lctz");
        put("java/lang/Long", "rotateLeft", "(JI)J", "j_lrotl");
        put("java/lang/Long", "rotateRight", "(JI)J", "j_lrotr");
        put("java/lang/Long", "reverse", "(J)J", "j_lrev");
        put("java/lang/Long", "reverseBytes", "(J)J", "j_lrevbytes");
        put("java/lang/Long", "highestOneBit", "(J)J", "j_lhighest");
        put("java/lang/Long", "lowestOneBit", "(J)J", "j_llowest");
        put("java/lang/Long", "signum", "(J)I", "j_lsignum");
        put("java/lang/Long", "compare", "(JJ)I", "j_lcompare");
        put("java/lang/Long", "compareUnsigned", "(JJ)I", "j_lcompareu");
        put("java/lang/Long", "min", "(JJ)J", "j_lmin");
        put("java/lang/Long", "max", "(JJ)J", "j_lmax");
        put("java/lang/Long", "sum", "(JJ)J", "j_ladd");
        TABLE.put("java/lang/Long.divideUnsigned(JJ)J", new Intrinsic("j_ldivu", false, 1));
        TABLE.put("java/lang/Long.remainderUnsigned(JJ)J", new Intrinsic("j_lremu", false, 1));
        put("java/lang/Float", "sum", "(FF)F", "");
        put("java/lang/Double", "sum", "(DD)D", "");
    }

    private Intrinsics() {
    }

    private static void put(String owner, String name, String descriptor, String function) {
        TABLE.put(owner + "." + name + descriptor, new Intrinsic(function, descriptor.contains("D"), -1));
    }

    /** The intrinsic for a static call, or null when the method has none. */
    static Intrinsic find(String owner, String name, String descriptor) {
        return TABLE.get(owner + "." + name + descriptor);
    }

    /** True for the classes whose methods only this table may supply (the JDK). */
    static boolean isLibraryClass(String owner) {
        return owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                || owner.startsWith("sun/") || owner.startsWith("com/sun/");
    }

    /** The C expression of a call of {@code intrinsic} on argument expressions. */
    static String call(Intrinsic intrinsic, String descriptor, String... args) {
        if (intrinsic.function().isEmpty()) { // Float.sum, Double.sum: a plain IEEE add
            return "(" + args[0] + " + " + args[1] + ")";
        }
        return intrinsic.function() + "(" + String.join(", ", args) + ")";
    }
}
