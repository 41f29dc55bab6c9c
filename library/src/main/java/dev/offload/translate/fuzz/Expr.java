package dev.offload.translate.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of a generated Java expression: a source template with one {@code %s} per child, its Java type, and, at
 * the root of a transcendental {@code Math} call, the device's ULP bound for it. Immutable; shrinking builds new
 * trees that share unchanged subtrees.
 */
final class Expr {
    /** The Java types the fuzzer generates; {@code Z} (boolean) only appears inside conditions. */
    enum Ty {
        I("int"), J("long"), F("float"), D("double"), Z("boolean");

        final String java;

        Ty(String java) {
            this.java = java;
        }
    }

    final Ty type;
    final String template;
    final List<Expr> kids;
    /** 0: the result must be bit-identical (NaN-ness for NaNs); else the allowed distance in ulps. */
    final int ulps;
    /** Whether the children must stay leaves (raw-bit reads, a sign taken from a value that may be NaN). */
    final boolean leafArgs;

    Expr(Ty type, String template, List<Expr> kids, int ulps, boolean leafArgs) {
        this.type = type;
        this.template = template;
        this.kids = List.copyOf(kids);
        this.ulps = ulps;
        this.leafArgs = leafArgs;
    }

    static Expr leaf(Ty type, String text) {
        return new Expr(type, text.replace("%", "%%"), List.of(), 0, false);
    }

    boolean isLeaf() {
        return kids.isEmpty();
    }

    /** The number of nodes. */
    int size() {
        int s = 1;
        for (Expr k : kids) {
            s += k.size();
        }
        return s;
    }

    /** The Java source of this expression. */
    String render() {
        if (kids.isEmpty()) {
            return String.format(template);
        }
        Object[] args = new Object[kids.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = kids.get(i).render();
        }
        return String.format(template, args);
    }

    private Expr withKid(int i, Expr k) {
        List<Expr> ks = new ArrayList<>(kids);
        ks.set(i, k);
        return new Expr(type, template, ks, ulps, leafArgs);
    }

    /**
     * Every tree one step smaller than this one: a node replaced by one of its children of the same type, or by a
     * leaf of its type from {@code leaves}.
     */
    List<Expr> shrinks(List<Expr> leaves) {
        List<Expr> out = new ArrayList<>();
        for (Expr k : kids) {
            if (k.type == type && !leafArgs) {
                out.add(k);
            }
        }
        if (!isLeaf()) {
            for (Expr l : leaves) {
                if (l.type == type) {
                    out.add(l);
                }
            }
        }
        for (int i = 0; i < kids.size(); i++) {
            Expr k = kids.get(i);
            List<Expr> smaller = leafArgs ? (k.isLeaf() ? List.of() : leavesOf(k.type, leaves)) : k.shrinks(leaves);
            for (Expr s : smaller) {
                out.add(withKid(i, s));
            }
        }
        return out;
    }

    private static List<Expr> leavesOf(Ty t, List<Expr> leaves) {
        return leaves.stream().filter(l -> l.type == t).toList();
    }

    @Override
    public String toString() {
        return render();
    }
}
