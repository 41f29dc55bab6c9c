package dev.offload.translate;

import dev.offload.ForBody;
import dev.offload.ForBody2D;

import java.lang.invoke.SerializedLambda;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Java lambda as the oracle: a kernel made twice from the same seeded inputs runs once in Java and once on the
 * device, and every captured array must come out the same (bit for bit; any NaN equals any NaN, since Java itself
 * does not promise NaN payloads).
 */
final class Oracle {
    private Oracle() {
    }

    static void forEach1D(ClHarness cl, Supplier<ForBody> make, int n) {
        ForBody java = make.get();
        for (int i = 0; i < n; i++) {
            java.apply(i);
        }
        ForBody device = make.get();
        TranslatedKernel k = KernelTranslator.translate(device, KernelShape.FOR_1D);
        Clang.compileForNvidia(k.source());
        for (boolean contiguous : new boolean[] {false, true}) {
            ForBody again = contiguous ? make.get() : device;
            cl.contiguous = contiguous;
            int[] faults = cl.run1D(k, again, n);
            assertArrayEquals(new int[4], faults, "faults of " + k.name());
            assertSameCaptures(java, again, k);
        }
    }

    static void forEach2D(ClHarness cl, Supplier<ForBody2D> make, int rows, int cols) {
        ForBody2D java = make.get();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                java.apply(r, c);
            }
        }
        ForBody2D device = make.get();
        TranslatedKernel k = KernelTranslator.translate(device, KernelShape.FOR_2D);
        Clang.compileForNvidia(k.source());
        // A global size rounded up past cols, and one smaller than rows (grid-stride in both dimensions).
        int[] faults = cl.run2D(k, device, rows, cols, ((cols + 7) / 8) * 8, Math.max(1, rows / 3));
        assertArrayEquals(new int[4], faults, "faults of " + k.name());
        assertSameCaptures(java, device, k);
    }

    static void assertSameCaptures(Object java, Object device, TranslatedKernel k) {
        SerializedLambda a = ClHarness.serialized(java);
        SerializedLambda b = ClHarness.serialized(device);
        for (int c = 0; c < a.getCapturedArgCount(); c++) {
            assertSame(a.getCapturedArg(c), b.getCapturedArg(c), k.name() + " capture " + c);
        }
    }

    static void assertSame(Object expected, Object actual, String what) {
        if (expected == null || !expected.getClass().isArray()) {
            return;
        }
        if (expected instanceof float[] e) {
            float[] a = (float[]) actual;
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                    fail(what + "[" + i + "]: Java " + e[i] + " (" + Integer.toHexString(Float.floatToRawIntBits(e[i]))
                            + "), device " + a[i] + " (" + Integer.toHexString(Float.floatToRawIntBits(a[i])) + ")");
                }
            }
        } else if (expected instanceof double[] e) {
            double[] a = (double[]) actual;
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
                    fail(what + "[" + i + "]: Java " + e[i] + " (" + Long.toHexString(Double.doubleToRawLongBits(e[i]))
                            + "), device " + a[i] + " (" + Long.toHexString(Double.doubleToRawLongBits(a[i])) + ")");
                }
            }
        } else if (expected instanceof int[] e) {
            assertArrayEquals(e, (int[]) actual, what);
        } else if (expected instanceof long[] e) {
            assertArrayEquals(e, (long[]) actual, what);
        } else if (expected instanceof byte[] e) {
            assertArrayEquals(e, (byte[]) actual, what);
        } else if (expected instanceof short[] e) {
            assertArrayEquals(e, (short[]) actual, what);
        } else if (expected instanceof char[] e) {
            assertArrayEquals(e, (char[]) actual, what);
        } else if (expected instanceof boolean[] e) {
            assertArrayEquals(e, (boolean[]) actual, what);
        } else {
            assertEquals(expected, actual, what);
        }
    }
}
