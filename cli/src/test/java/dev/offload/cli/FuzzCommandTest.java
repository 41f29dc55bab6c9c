package dev.offload.cli;

import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FuzzCommandTest {
    @Test
    void fuzz_smallRunOnOpenCl_printsCountsAndExitsZero() {
        TestDevices.requireOpenCl();
        Object[] r = CliParsingTest.run("fuzz", "--kernels", "120", "--seed", "5");
        assertEquals(0, r[0], () -> "stdout: " + r[1] + "\nstderr: " + r[2]);
        assertTrue(((String) r[1]).contains("120 kernels, 5760 values compared"), (String) r[1]);
        assertTrue(((String) r[1]).contains(": 0 finding(s)"), (String) r[1]);
    }

    @Test
    void fuzz_zeroKernels_isAUsageError() {
        Object[] r = CliParsingTest.run("fuzz", "--kernels", "0");
        assertEquals(2, r[0], () -> "stderr: " + r[2]);
        assertTrue(((String) r[2]).contains("--kernels must be at least 1: 0"), (String) r[2]);
    }
}
