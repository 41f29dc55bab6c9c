package dev.offload.cli;

import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandwidthCommandTest {

    @Test
    void bandwidth_openClDevice_printsCopyTransfersAndSumOfSquares() {
        TestDevices.requireOpenCl();
        Object[] r = CliParsingTest.run("bandwidth", "--device", "opencl", "--bytes", "1Mi", "-r", "2");
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        String out = (String) r[1];
        for (String what : new String[] {"device-to-device copy", "upload int[]", "download int[]",
                "sum_squares_i32_i64 resident", "sum_squares_i32_i64 host", "sum_squares_i32_i64 java"}) {
            assertTrue(out.contains(what), () -> what + " missing from:\n" + out);
        }
    }

    @Test
    void bandwidth_javaDevice_usageError() {
        Object[] r = CliParsingTest.run("bandwidth", "--device", "java", "--bytes", "1Mi");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("needs an OpenCL device"), () -> "stderr: " + r[2]);
    }

    @Test
    void bandwidth_tooFewBytes_usageError() {
        Object[] r = CliParsingTest.run("bandwidth", "--bytes", "3");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--bytes"), () -> "stderr: " + r[2]);
    }
}
