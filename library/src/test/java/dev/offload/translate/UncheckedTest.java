package dev.offload.translate;

import dev.offload.Offload;
import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Offload#parallelForUnchecked}: same results in bounds, no checks on the device. */
class UncheckedTest {
    @Test
    void parallelForUnchecked_inBounds_sameAsChecked() {
        TestDevices.requireOpenCl();
        int n = 1000;
        float a = 2.5f;
        float[] x = new float[n];
        float[] y1 = new float[n];
        float[] y2 = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.25f - 7;
            y1[i] = y2[i] = 1f / (i + 1);
        }
        try (Offload cl = Offload.open("opencl")) {
            cl.parallelFor(n, i -> y1[i] = a * x[i] + y1[i]);
            cl.parallelForUnchecked(n, i -> y2[i] = a * x[i] + y2[i]);
        }
        assertArrayEquals(y1, y2);
    }

    @Test
    void parallelForUnchecked_divisionByZero_givesZeroOnDevice_checkedThrows() {
        TestDevices.requireOpenCl();
        int[] num = {7, 8, 9};
        int[] den = {1, 0, 3};
        int[] q = new int[3];
        try (Offload cl = Offload.open("opencl")) {
            assertThrows(ArithmeticException.class, () -> cl.parallelFor(3, i -> q[i] = num[i] / den[i]));
            cl.parallelForUnchecked(3, i -> q[i] = num[i] / den[i]);
        }
        assertArrayEquals(new int[] {7, 0, 3}, q);
    }

    @Test
    void parallelForUnchecked_onJava_stillThrows() {
        int[] q = new int[2];
        try (Offload seq = Offload.open("java-seq")) {
            assertThrows(ArrayIndexOutOfBoundsException.class, () -> seq.parallelForUnchecked(3, i -> q[i] = i));
        }
    }
}
