package dev.offload.translate.fuzz;

import dev.offload.Offload;
import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fuzzer's findings, each minimal reproducer kept as a test on the OpenCL device. */
class FuzzRegressionTest {
    @Test
    void floorOfNaNConstant_alone_isNaN() {
        TestDevices.requireOpenCl();
        double[] out = new double[8];
        try (Offload cl = Offload.open("opencl")) {
            cl.parallelFor(1, i -> {
                out[0] = Math.floor(Double.NaN);
                out[5] = 1;
            });
        }
        assertEquals("[NaN, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]", java.util.Arrays.toString(out));
    }

    @Test
    void floorCeilRintOfNaNConstant_isNaN() {
        TestDevices.requireOpenCl();
        double nan = Double.NaN;
        double[] out = new double[5];
        try (Offload cl = Offload.open("opencl")) {
            cl.parallelFor(1, i -> {
                out[0] = Math.floor(Double.NaN);
                out[1] = Math.ceil(Double.NaN);
                out[2] = Math.rint(Double.NaN);
                out[3] = Math.floor(nan);
                out[4] = Math.floor(Double.NEGATIVE_INFINITY);
            });
        }
        assertEquals("[NaN, NaN, NaN, NaN, -Infinity]", java.util.Arrays.toString(out));
    }
}
