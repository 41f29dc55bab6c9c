package dev.offload.translate;

import dev.offload.DeviceDoubles;
import dev.offload.DeviceFloats;
import dev.offload.DeviceInts;
import dev.offload.DeviceLongs;
import dev.offload.ForBody;
import dev.offload.Offload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Captured device arrays ({@code DeviceFloats} and friends) become {@code DEVICE_ARRAY} params, and their
 * {@code get}/{@code set}/{@code length} calls become loads, stores and the length argument, bounds-checked.
 * The arrays here live on the Java backend; the harness moves their contents to the OpenCL device and back.
 */
class DeviceArrayTest {
    static ClHarness cl;
    static Offload java;

    @BeforeAll
    static void open() {
        cl = ClHarness.open();
        java = Offload.open("java-seq");
    }

    @AfterAll
    static void close() {
        if (cl != null) {
            cl.close();
        }
        if (java != null) {
            java.close();
        }
    }

    static ForBody axpy(DeviceFloats dx, DeviceFloats dy, float a) {
        return i -> dy.set(i, dy.get(i) + a * dx.get(i));
    }

    static ForBody mixed(DeviceInts di, DeviceLongs dl, DeviceDoubles dd) {
        return i -> {
            dl.set(i, dl.get(i) * di.get(i) + dl.length());
            dd.set(i, dd.get(i) / (di.get(i) | 1));
        };
    }

    @Test
    void deviceFloatsGetSet_deviceArrayParamsAndSameAsJava() {
        float[] x = CorpusTest.randomFloats(500, 41);
        float[] y = CorpusTest.randomFloats(500, 42);
        try (DeviceFloats jx = java.upload(x); DeviceFloats jy = java.upload(y);
             DeviceFloats dx = java.upload(x); DeviceFloats dy = java.upload(y)) {
            ForBody reference = axpy(jx, jy, 1.5f);
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < 500; i++) {
                    reference.apply(i);
                }
            }
            ForBody device = axpy(dx, dy, 1.5f);
            TranslatedKernel k = KernelTranslator.translate(device, KernelShape.FOR_1D);
            Clang.compileForNvidia(k.source());
            KernelParam p = k.params().stream().filter(q -> q.name().equals("p_dy")).findFirst().orElseThrow();
            assertEquals(ParamKind.DEVICE_ARRAY, p.kind());
            assertEquals(ParamType.FLOAT, p.type());
            assertTrue(p.read() && p.written());
            for (int step = 0; step < 3; step++) {
                assertArrayEquals(new int[4], cl.run1D(k, device, 500));
            }
            assertArrayEquals(jy.toArray(), dy.toArray());
        }
    }

    @Test
    void getAndSet_afterTheArrayOrItsOffloadCloses_throwOnTheJavaBackends() {
        for (String selector : new String[] {"java-seq", "java"}) {
            Offload off = Offload.open(selector);
            DeviceFloats x = off.upload(new float[] {1, 2, 3});
            DeviceFloats y = off.upload(new float[] {4, 5, 6});
            off.parallelFor(3, axpy(x, y, 2f));
            assertEquals(6f, y.get(0));
            x.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.get(0));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> x.set(0, 1f));
            off.close();
            e = assertThrows(IllegalStateException.class, () -> y.get(0), "its Offload closed: " + selector);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> y.set(1, 1f));
        }
    }

    @Test
    void deviceIntsLongsDoubles_getSetLength_sameAsJava() {
        int[] i0 = Edge.ints(300, 43);
        long[] l0 = Edge.longs(300, 44);
        double[] d0 = Edge.doubles(300, 45);
        try (DeviceInts ji = java.upload(i0); DeviceLongs jl = java.upload(l0); DeviceDoubles jd = java.upload(d0);
             DeviceInts di = java.upload(i0); DeviceLongs dl = java.upload(l0); DeviceDoubles dd = java.upload(d0)) {
            ForBody reference = mixed(ji, jl, jd);
            for (int i = 0; i < 300; i++) {
                reference.apply(i);
            }
            ForBody device = mixed(di, dl, dd);
            TranslatedKernel k = KernelTranslator.translate(device, KernelShape.FOR_1D);
            Clang.compileForNvidia(k.source());
            assertArrayEquals(new int[4], cl.run1D(k, device, 300));
            assertArrayEquals(jl.toArray(), dl.toArray());
            Oracle.assertSame(jd.toArray(), dd.toArray(), "dd");
        }
    }
}
