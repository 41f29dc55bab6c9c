package dev.offload.translate;

import dev.offload.DoubleCombiner;
import dev.offload.DoubleTerm;
import dev.offload.LongCombiner;
import dev.offload.LongTerm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reductions: the term and the combiner run on the device, one partial per work-group, folded on the host with the
 * Java combiner; local sizes that are not powers of two and groups without elements.
 */
class ReductionTest {
    static ClHarness cl;

    @BeforeAll
    static void open() {
        cl = ClHarness.open();
    }

    @AfterAll
    static void close() {
        if (cl != null) {
            cl.close();
        }
    }

    static LongTerm squares(int[] xs) {
        return i -> (long) xs[i] * xs[i];
    }

    @Test
    void sumLong_squaresWrapAsJava_anyLocalSize() {
        int[] xs = Edge.ints(1001, 31);
        LongTerm t = squares(xs);
        long expected = 0;
        for (int i = 0; i < xs.length; i++) {
            expected += t.apply(i);
        }
        TranslatedKernel k = KernelTranslator.translate(t, KernelShape.SUM_LONG);
        assertTrue(k.source().contains("const int n, __global long *partials, __local long *scratch, __global int *faults)"));
        Clang.compileForNvidia(k.source());
        for (int local : new int[] {1, 7, 64, 100}) {
            for (boolean contiguous : new boolean[] {false, true}) {
                cl.contiguous = contiguous;
                ClHarness.Reduced r = cl.reduce(k, t, null, xs.length, 0, 13, local);
                assertArrayEquals(new int[4], r.faults());
                assertEquals(expected, r.longValue(), "local " + local);
            }
        }
    }

    static DoubleTerm halves(double[] y) {
        return i -> y[i] * 0.5;
    }

    @Test
    void sumDouble_closeToSequentialSum() {
        double[] y = new double[5000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 17 - 8 + 0.25;
        }
        DoubleTerm t = halves(y);
        double expected = 0;
        for (int i = 0; i < y.length; i++) {
            expected += t.apply(i);
        }
        TranslatedKernel k = KernelTranslator.translate(t, KernelShape.SUM_DOUBLE);
        Clang.compileForNvidia(k.source());
        ClHarness.Reduced r = cl.reduce(k, t, null, y.length, 0, 5, 33);
        assertEquals(expected, r.doubleValue(), 0.0); // quarters: every partial sum is exact
    }

    static LongTerm identityTerm(long[] xs) {
        return i -> xs[i];
    }

    @Test
    void reduceLong_mathMax_andLambdaCombiner() {
        long[] xs = Edge.longs(3000, 32);
        for (LongCombiner c : new LongCombiner[] {Math::max, Long::min, (a, b) -> a ^ b, ReductionTest::bitOr}) {
            LongTerm t = identityTerm(xs);
            long expected = Long.MIN_VALUE;
            for (int i = 0; i < xs.length; i++) {
                expected = c.apply(expected, t.apply(i));
            }
            long identity = c.apply(Long.MAX_VALUE, Long.MIN_VALUE) == Long.MAX_VALUE ? Long.MIN_VALUE
                    : c.apply(1, 0) == 0 ? Long.MAX_VALUE : 0;
            expected = identity;
            for (int i = 0; i < xs.length; i++) {
                expected = c.apply(expected, t.apply(i));
            }
            TranslatedKernel k = KernelTranslator.translateReduction(t, c, KernelShape.REDUCE_LONG);
            assertTrue(k.source().contains("const int n, const long identity, __global long *partials"), k.source());
            Clang.compileForNvidia(k.source());
            // 40 groups of 63: most get no element with contiguous slices of 3000 / 2520
            ClHarness.Reduced r = cl.reduce(k, t, c, xs.length, identity, 40, 63);
            assertEquals(expected, r.longValue(), k.name());
        }
    }

    static long bitOr(long a, long b) {
        return a | b;
    }

    static DoubleTerm values(double[] y) {
        return i -> y[i] == 7 ? -0.0 : y[i];
    }

    @Test
    void reduceDouble_mathMax_javaNanAndZeroRules() {
        double[] y = Edge.doubles(2000, 33);
        y[1500] = Double.NaN;
        for (DoubleCombiner c : new DoubleCombiner[] {Math::max, Math::min, (a, b) -> a + b}) {
            DoubleTerm t = values(y);
            double expected = Double.NEGATIVE_INFINITY;
            double identity = c.apply(1, 2) == 2 ? Double.NEGATIVE_INFINITY : c.apply(1, 2) == 1
                    ? Double.POSITIVE_INFINITY : 0;
            expected = identity;
            for (int i = 0; i < y.length; i++) {
                expected = c.apply(expected, t.apply(i));
            }
            TranslatedKernel k = KernelTranslator.translateReduction(t, c, KernelShape.REDUCE_DOUBLE);
            Clang.compileForNvidia(k.source());
            ClHarness.Reduced r = cl.reduce(k, t, c, y.length, Double.doubleToRawLongBits(identity), 9, 31);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(r.doubleValue()),
                    k.name() + ": " + expected + " vs " + r.doubleValue());
        }
    }
}
