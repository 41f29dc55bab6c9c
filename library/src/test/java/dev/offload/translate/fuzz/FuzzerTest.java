package dev.offload.translate.fuzz;

import dev.offload.Offload;
import dev.offload.TestDevices;
import dev.offload.translate.fuzz.Expr.Ty;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FuzzerTest {
    /** The count CI runs; README states it. */
    static final int CI_KERNELS = 2000;
    static final long CI_SEED = 20261202L;

    @Test
    void fixedSeed_onOpenCl_matchesJava() {
        TestDevices.requireOpenCl();
        try (Offload cl = Offload.open("opencl")) {
            StringWriter progress = new StringWriter();
            Fuzzer.Report r = Fuzzer.run(cl, CI_KERNELS, CI_SEED, new PrintWriter(progress, true));
            assertTrue(r.findings().isEmpty(), () -> r.findings().size() + " findings:\n" + String.join("\n\n", r.findings()));
            assertEquals(CI_KERNELS, r.kernels());
            assertEquals((long) CI_KERNELS * Fuzzer.ROWS, r.values());
        }
    }

    @Test
    void javaSeq_comparedWithItself_findsNothing() {
        try (Offload seq = Offload.open("java-seq")) {
            Fuzzer.Report r = Fuzzer.run(seq, 150, 7L, null);
            assertEquals(List.of(), r.findings());
        }
    }

    @Test
    void generate_sameSeed_sameCases_differentSeed_differentCases() {
        assertEquals(Fuzzer.generate(50, 1L).toString(), Fuzzer.generate(50, 1L).toString());
        assertFalse(Fuzzer.generate(50, 1L).toString().equals(Fuzzer.generate(50, 2L).toString()));
    }

    @Test
    void same_bitsNanAndUlps() {
        assertTrue(Fuzzer.same(Float.NaN, Float.intBitsToFloat(0xffc00001), 0));
        assertFalse(Fuzzer.same(0.0f, -0.0f, 0));
        assertFalse(Fuzzer.same(0.0, -0.0, 0));
        assertFalse(Fuzzer.same(1.0, Math.nextUp(1.0), 0));
        assertTrue(Fuzzer.same(1.0, Math.nextUp(Math.nextUp(1.0)), 2));
        assertFalse(Fuzzer.same(1.0, Math.nextUp(Math.nextUp(1.0)), 1));
        assertFalse(Fuzzer.same(Double.NaN, 1.0, 5));
        assertFalse(Fuzzer.same(Double.POSITIVE_INFINITY, Double.MAX_VALUE, 5));
        assertFalse(Fuzzer.same(3, 4, 0));
    }

    @Test
    void shrinks_offerOperandsAndLeaves() {
        Expr a = Expr.leaf(Ty.I, "ia");
        Expr b = Expr.leaf(Ty.I, "ib");
        Expr plus = new Expr(Ty.I, "(%s + %s)", List.of(a, b), 0, false);
        Expr neg = new Expr(Ty.I, "(-%s)", List.of(plus), 0, false);
        List<String> s = neg.shrinks(ExprGenerator.shrinkLeaves(List.of())).stream().map(Expr::render).toList();
        assertTrue(s.contains("(ia + ib)"), s::toString);
        assertTrue(s.contains("(-ia)"), s::toString);
        assertTrue(s.contains("0"), s::toString);
        FuzzCase loop = new FuzzCase(Ty.I, a, neg, 3);
        assertTrue(loop.shrinks().stream().anyMatch(c -> !c.isLoop()), "a loop shrinks to its initial value");
    }

    @Test
    void source_compilesForEveryGeneratedCase() {
        String src = Fuzzer.source("X", Fuzzer.generate(300, 99L));
        assertTrue(src.contains("return i -> {"));
    }
}
