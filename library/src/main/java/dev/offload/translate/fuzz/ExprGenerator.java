package dev.offload.translate.fuzz;

import dev.offload.translate.fuzz.Expr.Ty;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random well-typed Java expressions over the variables {@code ia, ib} (int), {@code la, lb} (long), {@code fa, fb}
 * (float), {@code da, db} (double): every operator, cast and {@code Math}/{@code Integer}/{@code Long}/
 * {@code Float}/{@code Double} method the translator supports. Integer divisors go through {@code nz}/{@code nzl}
 * (0 becomes 1, {@code MIN_VALUE / -1} stays possible), so no generated expression throws in Java. Transcendental
 * calls are only generated at the root, on exact arguments, so their documented ULP bound is the whole error.
 */
final class ExprGenerator {
    static final String[] TRANSCENDENTAL_1 = {"sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "log10",
            "sinh", "cosh", "tanh", "expm1", "log1p", "cbrt"};
    static final int[] TRANSCENDENTAL_1_ULPS = {4, 4, 5, 4, 4, 5, 3, 3, 3, 4, 4, 5, 3, 2, 2};
    static final String[] TRANSCENDENTAL_2 = {"atan2", "hypot", "pow"};
    static final int[] TRANSCENDENTAL_2_ULPS = {6, 4, 16};

    private final Random r;
    private final List<Expr> extraLeaves;

    ExprGenerator(Random r, List<Expr> extraLeaves) {
        this.r = r;
        this.extraLeaves = extraLeaves;
    }

    /** The variables every case may read. */
    static List<Expr> variables() {
        return List.of(Expr.leaf(Ty.I, "ia"), Expr.leaf(Ty.I, "ib"), Expr.leaf(Ty.J, "la"), Expr.leaf(Ty.J, "lb"),
                Expr.leaf(Ty.F, "fa"), Expr.leaf(Ty.F, "fb"), Expr.leaf(Ty.D, "da"), Expr.leaf(Ty.D, "db"));
    }

    /** The leaves a shrink may put in place of a node: the variables and small constants. */
    static List<Expr> shrinkLeaves(List<Expr> extra) {
        List<Expr> l = new ArrayList<>(variables());
        l.addAll(extra);
        l.add(Expr.leaf(Ty.I, "0"));
        l.add(Expr.leaf(Ty.I, "1"));
        l.add(Expr.leaf(Ty.J, "0L"));
        l.add(Expr.leaf(Ty.F, "0.0f"));
        l.add(Expr.leaf(Ty.F, "1.0f"));
        l.add(Expr.leaf(Ty.D, "0.0"));
        l.add(Expr.leaf(Ty.D, "1.0"));
        return l;
    }

    /** A root expression of type {@code t}: sometimes a transcendental call when {@code t} is double. */
    Expr root(Ty t, int depth) {
        if (t == Ty.D && r.nextInt(6) == 0) {
            String cls = r.nextInt(4) == 0 ? "StrictMath" : "Math";
            if (r.nextInt(4) == 0) {
                int k = r.nextInt(TRANSCENDENTAL_2.length);
                return new Expr(Ty.D, cls + "." + TRANSCENDENTAL_2[k] + "(%s, %s)",
                        List.of(gen(Ty.D, depth - 1), gen(Ty.D, depth - 1)), TRANSCENDENTAL_2_ULPS[k] + 1, false);
            }
            int k = r.nextInt(TRANSCENDENTAL_1.length);
            return new Expr(Ty.D, cls + "." + TRANSCENDENTAL_1[k] + "(%s)", List.of(gen(Ty.D, depth - 1)),
                    TRANSCENDENTAL_1_ULPS[k] + 1, false);
        }
        return gen(t, depth);
    }

    /** A random expression of type {@code t} at most {@code depth} operators deep. */
    Expr gen(Ty t, int depth) {
        if (depth <= 0 || r.nextInt(5) == 0) {
            return leaf(t);
        }
        int d = depth - 1;
        return switch (t) {
            case I -> genInt(d);
            case J -> genLong(d);
            case F -> genFloat(d);
            case D -> genDouble(d);
            case Z -> genBool(d);
        };
    }

    private Expr node(Ty t, String template, int depth, Ty... kidTypes) {
        List<Expr> ks = new ArrayList<>();
        for (Ty k : kidTypes) {
            ks.add(gen(k, depth));
        }
        return new Expr(t, template, ks, 0, false);
    }

    private Expr leafNode(Ty t, String template, Ty... kidTypes) {
        List<Expr> ks = new ArrayList<>();
        for (Ty k : kidTypes) {
            ks.add(variableOrEdge(k));
        }
        return new Expr(t, template, ks, 0, true);
    }

    private static final String[] INT_BIN = {"+", "-", "*", "&", "|", "^", "<<", ">>", ">>>"};
    private static final String[] INT_CALL_1 = {"Math.abs(%s)", "Integer.bitCount(%s)", "Integer.numberOfLeadingZeros(%s)",
            "Integer.numberOfTrailingZeros(%s)", "Integer.reverse(%s)", "Integer.reverseBytes(%s)",
            "Integer.highestOneBit(%s)", "Integer.lowestOneBit(%s)", "Integer.signum(%s)", "StrictMath.abs(%s)"};
    private static final String[] INT_CALL_2 = {"Math.min(%s, %s)", "Math.max(%s, %s)", "Integer.rotateLeft(%s, %s)",
            "Integer.rotateRight(%s, %s)", "Integer.compare(%s, %s)", "Integer.compareUnsigned(%s, %s)",
            "Integer.sum(%s, %s)", "Integer.min(%s, %s)", "Integer.max(%s, %s)", "Math.floorDiv(%s, nz(%s))",
            "Math.floorMod(%s, nz(%s))", "Integer.divideUnsigned(%s, nz(%s))", "Integer.remainderUnsigned(%s, nz(%s))",
            "(%s / nz(%s))", "(%s %% nz(%s))"};

    private Expr genInt(int d) {
        switch (r.nextInt(12)) {
            case 0, 1, 2 -> {
                String o = INT_BIN[r.nextInt(INT_BIN.length)];
                Ty right = o.contains("<") || o.contains(">") ? (r.nextBoolean() ? Ty.I : Ty.J) : Ty.I;
                return node(Ty.I, "(%s " + o + " %s)", d, Ty.I, right);
            }
            case 3 -> {
                return node(Ty.I, r.nextBoolean() ? "(-%s)" : "(~%s)", d, Ty.I);
            }
            case 4 -> {
                Ty from = pick(Ty.J, Ty.F, Ty.D);
                return node(Ty.I, "((int) %s)", d, from);
            }
            case 5 -> {
                String c = pick("byte", "short", "char");
                return node(Ty.I, "((" + c + ") %s)", d, Ty.I);
            }
            case 6 -> {
                return node(Ty.I, INT_CALL_1[r.nextInt(INT_CALL_1.length)], d, Ty.I);
            }
            case 7, 8 -> {
                return node(Ty.I, INT_CALL_2[r.nextInt(INT_CALL_2.length)], d, Ty.I, Ty.I);
            }
            case 9 -> {
                return switch (r.nextInt(10)) {
                    case 0 -> node(Ty.I, "Long.bitCount(%s)", d, Ty.J);
                    case 1 -> node(Ty.I, "Long.numberOfLeadingZeros(%s)", d, Ty.J);
                    case 2 -> node(Ty.I, "Long.numberOfTrailingZeros(%s)", d, Ty.J);
                    case 3 -> node(Ty.I, "Long.signum(%s)", d, Ty.J);
                    case 4 -> node(Ty.I, pick("Long.compare(%s, %s)", "Long.compareUnsigned(%s, %s)"), d, Ty.J, Ty.J);
                    case 5 -> node(Ty.I, "Math.round(%s)", d, Ty.F);
                    case 6 -> leafNode(Ty.I, "Float.floatToRawIntBits(%s)", Ty.F);
                    case 7 -> node(Ty.I, "Float.floatToIntBits(%s)", d, Ty.F);
                    case 8 -> node(Ty.I, "Float.compare(%s, %s)", d, Ty.F, Ty.F);
                    default -> node(Ty.I, "Double.compare(%s, %s)", d, Ty.D, Ty.D);
                };
            }
            case 10 -> {
                return node(Ty.I, "(%s ? 1 : 0)", d, Ty.Z);
            }
            default -> {
                return node(Ty.I, "(%s ? %s : %s)", d, Ty.Z, Ty.I, Ty.I);
            }
        }
    }

    private static final String[] LONG_BIN = {"+", "-", "*", "&", "|", "^", "<<", ">>", ">>>"};
    private static final String[] LONG_CALL_2 = {"Math.min(%s, %s)", "Math.max(%s, %s)", "Long.sum(%s, %s)",
            "Long.min(%s, %s)", "Long.max(%s, %s)", "Math.multiplyHigh(%s, %s)", "Math.unsignedMultiplyHigh(%s, %s)",
            "Math.floorDiv(%s, nzl(%s))", "Math.floorMod(%s, nzl(%s))", "Long.divideUnsigned(%s, nzl(%s))",
            "Long.remainderUnsigned(%s, nzl(%s))", "(%s / nzl(%s))", "(%s %% nzl(%s))"};
    private static final String[] LONG_CALL_1 = {"Math.abs(%s)", "Long.reverse(%s)", "Long.reverseBytes(%s)",
            "Long.highestOneBit(%s)", "Long.lowestOneBit(%s)"};

    private Expr genLong(int d) {
        switch (r.nextInt(11)) {
            case 0, 1, 2 -> {
                String o = LONG_BIN[r.nextInt(LONG_BIN.length)];
                Ty right = o.contains("<") || o.contains(">") ? (r.nextBoolean() ? Ty.I : Ty.J) : Ty.J;
                return node(Ty.J, "(%s " + o + " %s)", d, Ty.J, right);
            }
            case 3 -> {
                return node(Ty.J, r.nextBoolean() ? "(-%s)" : "(~%s)", d, Ty.J);
            }
            case 4 -> {
                return node(Ty.J, "((long) %s)", d, pick(Ty.I, Ty.F, Ty.D));
            }
            case 5 -> {
                return node(Ty.J, LONG_CALL_1[r.nextInt(LONG_CALL_1.length)], d, Ty.J);
            }
            case 6, 7 -> {
                return node(Ty.J, LONG_CALL_2[r.nextInt(LONG_CALL_2.length)], d, Ty.J, Ty.J);
            }
            case 8 -> {
                return switch (r.nextInt(5)) {
                    case 0 -> node(Ty.J, pick("Long.rotateLeft(%s, %s)", "Long.rotateRight(%s, %s)"), d, Ty.J, Ty.I);
                    case 1 -> node(Ty.J, "Math.round(%s)", d, Ty.D);
                    case 2 -> leafNode(Ty.J, "Double.doubleToRawLongBits(%s)", Ty.D);
                    case 3 -> node(Ty.J, "Double.doubleToLongBits(%s)", d, Ty.D);
                    default -> node(Ty.J, "Integer.toUnsignedLong(%s)", d, Ty.I);
                };
            }
            default -> {
                return node(Ty.J, "(%s ? %s : %s)", d, Ty.Z, Ty.J, Ty.J);
            }
        }
    }

    private static final String[] FP_BIN = {"+", "-", "*", "/", "%%"};

    private Expr genFloat(int d) {
        switch (r.nextInt(10)) {
            case 0, 1, 2 -> {
                return node(Ty.F, "(%s " + FP_BIN[r.nextInt(FP_BIN.length)] + " %s)", d, Ty.F, Ty.F);
            }
            case 3 -> {
                return node(Ty.F, "(-%s)", d, Ty.F);
            }
            case 4 -> {
                return node(Ty.F, "((float) %s)", d, pick(Ty.I, Ty.J, Ty.D));
            }
            case 5 -> {
                return node(Ty.F, pick("Math.abs(%s)", "Math.signum(%s)", "((float) Math.sqrt(%s))",
                        "StrictMath.abs(%s)"), d, Ty.F);
            }
            case 6 -> {
                return node(Ty.F, pick("Math.min(%s, %s)", "Math.max(%s, %s)", "Float.sum(%s, %s)",
                        "Float.min(%s, %s)", "Float.max(%s, %s)"), d, Ty.F, Ty.F);
            }
            case 7 -> {
                return switch (r.nextInt(3)) {
                    case 0 -> new Expr(Ty.F, pick("Math.copySign(%s, %s)", "StrictMath.copySign(%s, %s)"),
                            List.of(gen(Ty.F, d), variableOrEdge(Ty.F)), 0, false);
                    case 1 -> node(Ty.F, "Math.fma(%s, %s, %s)", d, Ty.F, Ty.F, Ty.F);
                    default -> node(Ty.F, "Float.intBitsToFloat(%s)", d, Ty.I);
                };
            }
            default -> {
                return node(Ty.F, "(%s ? %s : %s)", d, Ty.Z, Ty.F, Ty.F);
            }
        }
    }

    private Expr genDouble(int d) {
        switch (r.nextInt(10)) {
            case 0, 1, 2 -> {
                return node(Ty.D, "(%s " + FP_BIN[r.nextInt(FP_BIN.length)] + " %s)", d, Ty.D, Ty.D);
            }
            case 3 -> {
                return node(Ty.D, "(-%s)", d, Ty.D);
            }
            case 4 -> {
                return node(Ty.D, "((double) %s)", d, pick(Ty.I, Ty.J, Ty.F));
            }
            case 5 -> {
                return node(Ty.D, pick("Math.abs(%s)", "Math.sqrt(%s)", "Math.floor(%s)", "Math.ceil(%s)",
                        "Math.rint(%s)", "Math.signum(%s)", "Math.toRadians(%s)", "Math.toDegrees(%s)",
                        "StrictMath.sqrt(%s)", "StrictMath.floor(%s)"), d, Ty.D);
            }
            case 6 -> {
                return node(Ty.D, pick("Math.min(%s, %s)", "Math.max(%s, %s)", "Double.sum(%s, %s)",
                        "Double.min(%s, %s)", "Double.max(%s, %s)"), d, Ty.D, Ty.D);
            }
            case 7 -> {
                return switch (r.nextInt(3)) {
                    case 0 -> new Expr(Ty.D, pick("Math.copySign(%s, %s)", "StrictMath.copySign(%s, %s)"),
                            List.of(gen(Ty.D, d), variableOrEdge(Ty.D)), 0, false);
                    case 1 -> node(Ty.D, "Math.fma(%s, %s, %s)", d, Ty.D, Ty.D, Ty.D);
                    default -> node(Ty.D, "Double.longBitsToDouble(%s)", d, Ty.J);
                };
            }
            default -> {
                return node(Ty.D, "(%s ? %s : %s)", d, Ty.Z, Ty.D, Ty.D);
            }
        }
    }

    private Expr genBool(int d) {
        switch (r.nextInt(6)) {
            case 0, 1, 2 -> {
                Ty t = pick(Ty.I, Ty.J, Ty.F, Ty.D);
                return node(Ty.Z, "(%s " + pick("<", "<=", ">", ">=", "==", "!=") + " %s)", d, t, t);
            }
            case 3 -> {
                Ty t = pick(Ty.F, Ty.D);
                String c = t == Ty.F ? "Float" : "Double";
                return node(Ty.Z, c + "." + pick("isNaN", "isInfinite", "isFinite") + "(%s)", d, t);
            }
            case 4 -> {
                return node(Ty.Z, pick("(%s && %s)", "(%s || %s)"), d, Ty.Z, Ty.Z);
            }
            default -> {
                return node(Ty.Z, "(!%s)", d, Ty.Z);
            }
        }
    }

    private Expr leaf(Ty t) {
        if (t == Ty.Z) {
            return node(Ty.Z, "(%s < %s)", 0, Ty.I, Ty.I);
        }
        return r.nextInt(5) == 0 ? constant(t) : variableOrEdge(t);
    }

    /** A variable, mostly; sometimes an edge constant. */
    private Expr variableOrEdge(Ty t) {
        List<Expr> vs = new ArrayList<>();
        for (Expr v : variables()) {
            if (v.type == t) {
                vs.add(v);
            }
        }
        for (Expr v : extraLeaves) {
            if (v.type == t) {
                vs.add(v);
            }
        }
        return r.nextInt(8) == 0 ? constant(t) : vs.get(r.nextInt(vs.size()));
    }

    private Expr constant(Ty t) {
        return switch (t) {
            case I -> Expr.leaf(t, Inputs.intLiteral(Inputs.anInt(r)));
            case J -> Expr.leaf(t, Inputs.longLiteral(Inputs.aLong(r)));
            case F -> Expr.leaf(t, Inputs.floatLiteral(Inputs.aFloat(r)));
            case D -> Expr.leaf(t, Inputs.doubleLiteral(Inputs.aDouble(r)));
            case Z -> Expr.leaf(t, r.nextBoolean() ? "true" : "false");
        };
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }
}
