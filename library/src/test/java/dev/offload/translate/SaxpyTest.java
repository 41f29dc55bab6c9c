package dev.offload.translate;

import dev.offload.ForBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaxpyTest {
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

    static ForBody saxpy(float a, float[] x, float[] y) {
        return i -> y[i] = a * x[i] + y[i];
    }

    static ForBody saxpy(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 100 - 50;
            y[i] = r.nextFloat() * 100 - 50;
        }
        return saxpy(2.5f, x, y);
    }

    @Test
    void translate_saxpy_paramsInCaptureOrderWithReadWrite() {
        TranslatedKernel k = KernelTranslator.translate(saxpy(1, 10), KernelShape.FOR_1D);
        assertEquals(3, k.params().size(), k.params().toString());
        assertTrue(k.source().contains("__kernel void " + k.name() + "("), k.source());
        assertFalse(k.usesDoubles());
        KernelParam y = k.params().stream().filter(p -> p.name().equals("p_y")).findFirst().orElseThrow();
        assertTrue(y.written() && y.read());
        KernelParam x = k.params().stream().filter(p -> p.name().equals("p_x")).findFirst().orElseThrow();
        assertTrue(x.read() && !x.written());
    }

    @Test
    void saxpy_onDevice_sameAsJava() {
        Oracle.forEach1D(cl, () -> saxpy(7, 1000), 1000);
    }
}
