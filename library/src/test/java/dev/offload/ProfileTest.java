package dev.offload;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern LINE = Pattern.compile(
            ".* on .*: wall (\\S+) ms: upload (\\S+) \\+ kernel (\\S+) \\(\\d+ launches\\) \\+ download (\\S+) ([+-]) host (\\S+)");

    /** The printed wall, and the sum of the printed parts (host with its sign), as exact decimals. */
    private static BigDecimal[] wallAndParts(Profile p) {
        Matcher m = LINE.matcher(p.toString());
        assertTrue(m.matches(), p.toString());
        BigDecimal host = new BigDecimal(m.group(6));
        BigDecimal parts = new BigDecimal(m.group(2)).add(new BigDecimal(m.group(3))).add(new BigDecimal(m.group(4)))
                .add(m.group(5).equals("-") ? host.negate() : host);
        return new BigDecimal[] {new BigDecimal(m.group(1)), parts};
    }

    @Test
    void toString_ofTheIssuesExample_namesTheHostPartAndAddsUp() {
        Profile p = new Profile(A, "sum_i32_i64", 0, 400, 5_000, 11_000, 0, 8, 1);
        assertEquals("sum_i32_i64 on a: wall 0.011 ms: upload 0.000 + kernel 0.000 (1 launches) + download 0.005"
                + " + host 0.006", p.toString());
        assertEquals(5_600, p.hostNanos());
    }

    @Test
    void toString_printedParts_addUpToThePrintedWall() {
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            long up = r.nextInt(3_000_000);
            long kernel = r.nextInt(3_000_000);
            long down = r.nextInt(3_000_000);
            // mostly wall >= phases; sometimes less (device clocks), which must print as "- host"
            long wall = up + kernel + down + r.nextInt(2_000_000) - (i % 10 == 0 ? 1_500_000 : 0);
            Profile p = new Profile(A, "x", up, kernel, down, Math.max(0, wall), 0, 0, 1);
            BigDecimal[] wp = wallAndParts(p);
            assertEquals(0, wp[0].compareTo(wp[1]), p.toString());
            assertEquals(p.wallNanos() / 1e6, wp[0].doubleValue(), 0.0005 + 1e-9, p.toString());
        }
    }

    @Test
    void queueTime_isAPhase_addedByPlusPrintedBeforeHostAndNotHost() {
        Profile p = new Profile(A, "sum_i32_i64", 0, 400, 5_000, 11_000, 0, 8, 1, 3_000);
        assertEquals(2_600, p.hostNanos());
        assertEquals("sum_i32_i64 on a: wall 0.011 ms: upload 0.000 + kernel 0.000 (1 launches) + download 0.005"
                + " + queue 0.003 + host 0.003", p.toString());
        assertEquals(6_000, p.plus(p).queueNanos());
        assertEquals(0, new Profile(A, "x", 1, 1, 1, 1, 1, 1, 1).queueNanos());
        assertEquals(new Profile(A, "x", 1, 2, 3, 9, 5, 6, 7, 0), new Profile(A, "x", 1, 2, 3, 9, 5, 6, 7));
    }

    @Test
    void toString_ofARealCall_addsUp() {
        try (Offload off = Offload.open("java-seq")) {
            off.sumOfSquares(new int[] {1, 2, 3});
            BigDecimal[] wp = wallAndParts(off.lastProfile());
            assertEquals(0, wp[0].compareTo(wp[1]), off.lastProfile().toString());
        }
    }
}
