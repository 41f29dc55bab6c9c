package dev.offload.translate;

import dev.offload.ForBody;
import dev.offload.LongCombiner;
import dev.offload.LongTerm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every construct a kernel may not use is refused before any data moves, with a message naming
 * {@code File.java:LINE} of the construct (each marked below with a comment {@code // REFUSED: key}).
 */
class RejectionTest {
    int field = 3;
    static int counter;
    static final List<Integer> LIST = new ArrayList<>(List.of(1, 2, 3));
    static final int[] TABLE = {1, 2, 3};

    private static void assertRefused(Object lambda, String key, String construct) {
        TranslationFailure e = assertThrows(TranslationFailure.class,
                () -> KernelTranslator.translate(lambda, KernelShape.FOR_1D));
        String expected = "RejectionTest.java:" + lineOf("// REFUSED: " + key) + ":";
        assertTrue(e.getMessage().startsWith(expected), "expected " + expected + " in: " + e.getMessage());
        assertTrue(e.getMessage().contains(construct), "expected '" + construct + "' in: " + e.getMessage());
    }

    static ForBody allocates(int[] out) {
        return i -> out[i] = new StringBuilder().length(); // REFUSED: new
    }

    @Test
    void objectAllocation_refused() {
        assertRefused(allocates(new int[1]), "new", "allocates an object (new java.lang.StringBuilder)");
    }

    static ForBody interfaceCall(int[] out) {
        return i -> out[i] = LIST.get(i); // REFUSED: list
    }

    @Test
    void staticFieldOfObjectType_refused() {
        assertRefused(interfaceCall(new int[1]), "list", "reads the static field");
    }

    static ForBody virtualCall(int[] out, String s) {
        return i -> out[i] = s.length(); // REFUSED: virtual
    }

    @Test
    void capturedString_refusedAsCapture() {
        assertRefused(virtualCall(new int[1], "x"), "virtual", "capture locals or use a static method");
    }

    ForBody capturesThis(int[] out) {
        return i -> out[i] = field; // REFUSED: this
    }

    @Test
    void capturingThis_refused() {
        assertRefused(capturesThis(new int[1]), "this", "capture locals or use a static method");
    }

    static ForBody writesStatic(int[] out) {
        return i -> counter += out[i]; // REFUSED: putstatic
    }

    @Test
    void staticFieldWrite_refused() {
        assertRefused(writesStatic(new int[1]), "putstatic", "static field");
    }

    static ForBody readsStaticArray(int[] out) {
        return i -> out[i] = TABLE[i]; // REFUSED: table
    }

    @Test
    void staticArrayField_refused() {
        assertRefused(readsStaticArray(new int[1]), "table", "reads the static field");
    }

    static ForBody throwsException(int[] out) {
        return i -> {
            if (out[i] < 0) {
                throw new IllegalStateException(); // REFUSED: throw
            }
        };
    }

    @Test
    void throwing_refused() {
        assertRefused(throwsException(new int[1]), "throw", "allocates an object");
    }

    static ForBody synchronizes(int[] out) {
        return i -> {
            synchronized (out) { // REFUSED: sync
                out[i]++;
            }
        };
    }

    @Test
    void synchronizedBlock_refused() {
        assertRefused(synchronizes(new int[1]), "sync", "synchronizes");
    }

    static int recurse(int n) {
        return n <= 1 ? 1 : n * recurse(n - 1); // REFUSED: recursion
    }

    static ForBody recursion(int[] out) {
        return i -> out[i] = recurse(out[i]);
    }

    @Test
    void recursion_refused() {
        assertRefused(recursion(new int[1]), "recursion", "recursively");
    }

    static ForBody strings(int[] out) {
        return i -> out[i] = "abc".length(); // REFUSED: string
    }

    @Test
    void stringConstant_refused() {
        assertRefused(strings(new int[1]), "string", "uses a string");
    }

    static ForBody nestedLambda(int[] out) {
        return i -> {
            java.util.function.IntUnaryOperator f = x -> x + 1; // REFUSED: indy
            out[i] = f.applyAsInt(i);
        };
    }

    @Test
    void invokedynamic_refused() {
        assertRefused(nestedLambda(new int[1]), "indy", "invokedynamic");
    }

    static ForBody arrayOfArrays(int[][] grid) {
        return i -> grid[i][0] = 1; // REFUSED: 2d
    }

    @Test
    void arrayOfArraysCapture_refused() {
        assertRefused(arrayOfArrays(new int[1][1]), "2d", "capture locals or use a static method");
    }

    static ForBody libraryCall(int[] out) {
        return i -> out[i] = Math.addExact(out[i], 1); // REFUSED: addExact
    }

    @Test
    void unsupportedMathMethod_refused() {
        assertRefused(libraryCall(new int[1]), "addExact", "calls java.lang.Math.addExact(int, int)");
    }

    static ForBody dynamicArray(int[] out) {
        return i -> {
            int[] tmp = new int[out.length]; // REFUSED: newarray
            out[i] = tmp[0];
        };
    }

    @Test
    void nonConstantArraySize_refused() {
        assertRefused(dynamicArray(new int[1]), "newarray", "non-constant size");
    }

    static ForBody choosesArray(int[] a, int[] b) {
        return i -> {
            int[] t = (i & 1) == 0 ? a : b;
            t[i] = 1; // REFUSED: choose
        };
    }

    @Test
    void arrayChosenAtRunTime_refused() {
        assertRefused(choosesArray(new int[1], new int[1]), "choose", "differs by path");
    }

    static ForBody tryCatch(int[] out) {
        return i -> {
            try {
                out[i] = 1;
            } catch (RuntimeException e) { // REFUSED: catch
                out[0] = 2;
            }
        };
    }

    @Test
    void tryCatch_refused() {
        assertRefused(tryCatch(new int[1]), "catch", "catches exceptions");
    }

    @Test
    void capturingCombiner_refused() {
        long k = 3;
        LongTerm t = i -> i;
        LongCombiner c = (a, b) -> a + b + k;
        TranslationFailure e = assertThrows(TranslationFailure.class,
                () -> KernelTranslator.translateReduction(t, c, KernelShape.REDUCE_LONG));
        assertTrue(e.getMessage().contains("may capture nothing"), e.getMessage());
    }

    @Test
    void wrongShape_illegalArgument() {
        ForBody b = i -> { };
        assertThrows(IllegalArgumentException.class, () -> KernelTranslator.translate(b, KernelShape.FOR_2D));
        assertThrows(IllegalArgumentException.class, () -> KernelTranslator.translate(b, KernelShape.REDUCE_LONG));
    }

    @Test
    void translation_isCachedPerImplementationMethod() {
        int[] out = new int[4];
        TranslatedKernel a = KernelTranslator.translate(strings0(out), KernelShape.FOR_1D);
        TranslatedKernel b = KernelTranslator.translate(strings0(new int[9]), KernelShape.FOR_1D);
        assertTrue(a == b, "same implementation method and shape: one translation");
        assertEquals(1, a.params().size());
    }

    static ForBody strings0(int[] out) {
        return i -> out[i] = i;
    }

    private static int lineOf(String marker) {
        try {
            List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/offload/translate/RejectionTest.java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(marker) && !lines.get(i).contains("lineOf")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no line with " + marker);
    }
}
