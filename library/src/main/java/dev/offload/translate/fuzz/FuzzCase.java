package dev.offload.translate.fuzz;

import dev.offload.translate.fuzz.Expr.Ty;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated kernel statement writing one output element: an expression, or a small loop
 * {@code T acc = init; for (int k = 0; k < trips; k++) acc = body;} whose body reads {@code acc} and {@code k}.
 */
record FuzzCase(Ty type, Expr init, Expr body, int trips) {
    static final List<Expr> LOOP_LEAVES = List.of(Expr.leaf(Ty.I, "k"));

    static List<Expr> accLeaf(Ty t) {
        return List.of(Expr.leaf(t, "acc"), Expr.leaf(Ty.I, "k"));
    }

    boolean isLoop() {
        return body != null;
    }

    /** The ULP allowance of the result: that of a transcendental call at the root, else 0 (bit-exact). */
    int ulps() {
        return isLoop() ? 0 : init.ulps;
    }

    int size() {
        return init.size() + (isLoop() ? body.size() + 1 : 0);
    }

    /** The Java statements storing this case's value into {@code target}. */
    String statement(String target) {
        if (!isLoop()) {
            return target + " = " + init.render() + ";";
        }
        return "{ " + type.java + " acc = " + init.render() + "; for (int k = 0; k < " + trips + "; k++) { acc = "
                + body.render() + "; } " + target + " = acc; }";
    }

    /** Every case one step smaller. */
    List<FuzzCase> shrinks() {
        List<FuzzCase> out = new ArrayList<>();
        List<Expr> leaves = ExprGenerator.shrinkLeaves(List.of());
        if (isLoop()) {
            out.add(new FuzzCase(type, init, null, 0));                   // the loop gone: just its initial value
            if (trips > 1) {
                out.add(new FuzzCase(type, init, body, 1));
            }
            List<Expr> bodyLeaves = ExprGenerator.shrinkLeaves(accLeaf(type));
            for (Expr b : body.shrinks(bodyLeaves)) {
                out.add(new FuzzCase(type, init, b, trips));
            }
        }
        for (Expr i : init.shrinks(leaves)) {
            out.add(new FuzzCase(type, i, body, trips));
        }
        return out;
    }

    @Override
    public String toString() {
        return statement(type.java + " out");
    }
}
