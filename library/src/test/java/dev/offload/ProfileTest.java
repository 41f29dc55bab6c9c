package dev.offload;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {
    private static final Device A = new Device("a", "A", DeviceKind.CPU, "opencl", "p", "v", "d", 1, 1, 1);
    private static final Device B = new Device("b", "B", DeviceKind.CPU, "opencl", "p", "v", "d", 1, 1, 1);

    @Test
    void plus_sameDevice_addsEveryPhaseAndJoinsTheOperations() {
        Profile up = new Profile(A, "upload_i32", 10, 0, 0, 12, 400, 0, 0);
        Profile sum = new Profile(A, "sum_i32_i64", 0, 5, 1, 7, 0, 8, 2);
        assertEquals(new Profile(A, "upload_i32+sum_i32_i64", 10, 5, 1, 19, 400, 8, 2), up.plus(sum));
        assertEquals("sum_i32_i64", sum.plus(sum).operation());
    }

    @Test
    void plus_anotherDevice_throwsNamingBoth() {
        Profile a = new Profile(A, "x", 1, 1, 1, 1, 1, 1, 1);
        Profile b = new Profile(B, "x", 1, 1, 1, 1, 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.plus(b));
        assertTrue(e.getMessage().contains("of b to one of a"), e.getMessage());
        assertThrows(NullPointerException.class, () -> a.plus(null));
    }

    @Test
    void lastProfile_ofAChain_sumsToTheChain() {
        try (Offload off = Offload.open("java-seq"); DeviceInts x = off.upload(new int[] {1, 2, 3})) {
            Profile chain = off.lastProfile();
            assertEquals(14, off.sumOfSquares(x));
            chain = chain.plus(off.lastProfile());
            assertEquals("upload_i32+sum_squares_i32_i64", chain.operation());
            assertEquals(12, chain.uploadBytes());
            assertEquals(1, chain.kernelLaunches());
        }
    }
}
