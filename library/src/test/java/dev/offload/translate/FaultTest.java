package dev.offload.translate;

import dev.offload.ForBody;
import dev.offload.LongTerm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults: an out-of-bounds index or a division by zero is recorded as {kind, index, length, site} with the site's
 * {@code File.java:LINE}, and the faulting access never happens (guard cells around the array stay untouched).
 */
class FaultTest {
    static ClHarness cl;

    @BeforeAll
    static void open() {
        cl = ClHarness.open();
        cl.global1D = 4;
    }

    @AfterAll
    static void close() {
        if (cl != null) {
            cl.close();
        }
    }

    static ForBody shifted(int[] in, int[] out, int shift) {
        return i -> out[i] = in[i + shift];
    }

    @Test
    void indexOutOfBounds_recordsKindIndexLengthAndSite() {
        int[] in = new int[10];
        int[] out = new int[10];
        ForBody b = shifted(in, out, 5);
        TranslatedKernel k = KernelTranslator.translate(b, KernelShape.FOR_1D);
        int[] f = cl.run1D(k, b, 10);
        assertEquals(1, f[0]);
        assertTrue(f[1] >= 10 && f[1] < 15, "index " + f[1]);
        assertEquals(10, f[2]);
        assertTrue(k.faultSites().get(f[3]).matches("FaultTest\\.java:\\d+"), k.faultSites().toString());
        int line = Integer.parseInt(k.faultSites().get(f[3]).split(":")[1]);
        assertEquals(lineOf("out[i] = in[i + shift]"), line);
    }

    static ForBody negativeIndex(int[] out) {
        return i -> out[i - 3] = 1;
    }

    @Test
    void negativeIndex_recordedAndNotWritten() {
        int[] out = new int[8];
        ForBody b = negativeIndex(out);
        TranslatedKernel k = KernelTranslator.translate(b, KernelShape.FOR_1D);
        int[] f = cl.run1D(k, b, 8);
        assertEquals(1, f[0]);
        assertTrue(f[1] < 0 && f[1] >= -3, "index " + f[1]);
        assertEquals(8, f[2]);
    }

    static ForBody divide(int[] a, int[] b, int[] out) {
        return i -> out[i] = a[i] / b[i];
    }

    static ForBody remainderLong(long[] a, long[] b, long[] out) {
        return i -> out[i] = a[i] % b[i];
    }

    static ForBody floorMod(int[] a, int[] b, int[] out) {
        return i -> out[i] = Math.floorMod(a[i], b[i]);
    }

    @Test
    void divisionByZero_intLongAndFloorMod_recordKind2() {
        int[] b = {1, 2, 3, 0, 5, 6};
        for (ForBody body : new ForBody[] {divide(new int[6], b, new int[6]),
                remainderLong(new long[6], new long[] {1, 2, 3, 0, 5, 6}, new long[6]),
                floorMod(new int[6], b, new int[6])}) {
            TranslatedKernel k = KernelTranslator.translate(body, KernelShape.FOR_1D);
            int[] f = cl.run1D(k, body, 6);
            assertEquals(2, f[0], k.name());
            assertTrue(k.faultSites().get(f[3]).startsWith("FaultTest.java:"));
        }
    }

    static ForBody writeGuarded(float[] out, int[] idx) {
        return i -> out[idx[i]] = 42f;
    }

    @Test
    void outOfBoundsStore_neverTouchesMemoryPastTheArray() {
        // Indices past the end: a store there would land in the guard cells of a neighbouring allocation on PoCL;
        // instead nothing is written at all by a faulting item, and in-bounds items still write.
        float[] out = new float[16];
        int[] idx = new int[16];
        for (int i = 0; i < 16; i++) {
            idx[i] = i % 4 == 3 ? 16 + i : i;
        }
        ForBody b = writeGuarded(out, idx);
        TranslatedKernel k = KernelTranslator.translate(b, KernelShape.FOR_1D);
        int[] f = cl.run1D(k, b, 16);
        assertEquals(1, f[0]);
        assertEquals(16, f[2]);
        assertEquals(3, (f[1] - 16) % 4);
        for (int i = 0; i < 16; i++) {
            if (i % 4 == 3) {
                assertEquals(0f, out[i]);
            }
        }
    }

    static LongTerm badTerm(int[] xs) {
        return i -> xs[i * 2];
    }

    @Test
    void reductionFault_recordedAndPartialsStillWritten() {
        LongTerm t = badTerm(new int[10]);
        TranslatedKernel k = KernelTranslator.translate(t, KernelShape.SUM_LONG);
        ClHarness.Reduced r = cl.reduce(k, t, null, 10, 0, 3, 5);
        assertEquals(1, r.faults()[0]);
        assertEquals(10, r.faults()[2]);
    }

    @Test
    void uncheckedTranslation_emitsNoChecks() {
        int[] b = {1, 0};
        ForBody body = divide(new int[] {7, 7}, b, new int[2]);
        TranslatedKernel k = KernelTranslator.translate(body, KernelShape.FOR_1D, TranslationOptions.UNCHECKED);
        assertFalse(k.source().contains("offload_fault(faults, 1"), "no bounds checks");
        assertFalse(k.source().contains("offload_fault(faults, 2"), "no zero checks");
        int[] f = cl.run1D(k, body, 2);
        assertArrayEquals(new int[4], f, "division by zero gives 0 unchecked, never a trap");
    }

    static ForBody copy(int[] in, int[] out) {
        return i -> out[i] = in[i];
    }

    static ForBody addInto(long[] in, long[] out) {
        return i -> out[i] += in[i];
    }

    @Test
    void loopIndexAccesses_inRange_runWithoutChecks_andBeyond_faultAsBefore() {
        // n <= every length: the copy without the index checks runs and gives Java's answer.
        int[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        int[] out = new int[10];
        ForBody b = copy(in, out);
        TranslatedKernel k = KernelTranslator.translate(b, KernelShape.FOR_1D);
        assertTrue(k.source().contains("_inrange"), "a copy without the checks of in[i] and out[i]");
        assertArrayEquals(new int[4], cl.run1D(k, b, 10));
        assertArrayEquals(in, out);
        // n past one array: the checked body runs and records the fault with the index, length and line.
        int[] shortIn = new int[6];
        ForBody past = copy(shortIn, new int[10]);
        int[] f = cl.run1D(KernelTranslator.translate(past, KernelShape.FOR_1D), past, 10);
        assertEquals(1, f[0]);
        assertTrue(f[1] >= 6 && f[1] < 10, "index " + f[1]);
        assertEquals(6, f[2]);
        assertEquals(lineOf("return i -> out[i] = in[i]"), Integer.parseInt(k.faultSites().get(f[3]).split(":")[1]));
    }

    @Test
    void compoundAssignment_duplicatedIndex_inRangeAndBeyond() {
        // javac duplicates the array and index for +=: the index is still the loop's own.
        long[] in = {5, 6, 7, 8};
        long[] out = {1, 1, 1, 1};
        ForBody b = addInto(in, out);
        TranslatedKernel k = KernelTranslator.translate(b, KernelShape.FOR_1D);
        assertArrayEquals(new int[4], cl.run1D(k, b, 4));
        assertArrayEquals(new long[] {6, 7, 8, 9}, out);
        ForBody past = addInto(new long[8], new long[4]);
        int[] f = cl.run1D(KernelTranslator.translate(past, KernelShape.FOR_1D), past, 8);
        assertEquals(1, f[0]);
        assertEquals(4, f[2]);
    }

    static ForBody reassigned(int[] out) {
        return i -> {
            i = i + 1;
            out[i] = 1;
        };
    }

    @Test
    void reassignedIndex_keepsItsCheck() {
        // n == out.length, but the body indexes i + 1 through the same local: the last item faults.
        int[] out = new int[8];
        ForBody b = reassigned(out);
        int[] f = cl.run1D(KernelTranslator.translate(b, KernelShape.FOR_1D), b, 8);
        assertEquals(1, f[0]);
        assertEquals(8, f[1]);
        assertEquals(8, f[2]);
    }

    static LongTerm term(int[] xs) {
        return i -> (long) xs[i] * xs[i];
    }

    @Test
    void reduction_inRangeSums_andBeyondFaults() {
        int[] xs = {1, 2, 3, 4, 5, 6, 7};
        LongTerm t = term(xs);
        TranslatedKernel k = KernelTranslator.translate(t, KernelShape.SUM_LONG);
        ClHarness.Reduced ok = cl.reduce(k, t, null, 7, 0, 3, 5);
        assertArrayEquals(new int[4], ok.faults());
        assertEquals(140, ok.longValue());
        ClHarness.Reduced r = cl.reduce(k, t, null, 9, 0, 3, 5);
        assertEquals(1, r.faults()[0]);
        assertTrue(r.faults()[1] == 7 || r.faults()[1] == 8, "index " + r.faults()[1]);
        assertEquals(7, r.faults()[2]);
    }

    private static int lineOf(String text) {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("src/test/java/dev/offload/translate/FaultTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text) && !lines.get(i).contains("lineOf")) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no line with " + text);
    }
}
