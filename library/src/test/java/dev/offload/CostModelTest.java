package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cost model's arithmetic and its file, without a device: {@link CallCost}, {@link CostPair}, {@link CostCache}. */
class CostModelTest {
    private static final Device GPU = new Device("opencl:0:0", "Some GPU", DeviceKind.GPU, "opencl", "Vendor", "OpenCL 3.0",
            "1.2.3", 100, 1L << 34, 1L << 32);
    private static final Device JAVA = new Device("java", "Java, 16 threads", DeviceKind.JAVA, "java", "OpenJDK", "25",
            "", 16, 1L << 33, Integer.MAX_VALUE);

    /** A GPU behind PCIe: 40 us a call, 0.1 ns per byte; Java: 2 us a call, 0.2 ns per byte. */
    private static final CostPair PCIE = new CostPair(new CallCost(40_000, 0.1), new CallCost(2_000, 0.2));

    @Test
    void through_fitsTheLineOfTwoCalls() {
        CallCost c = CallCost.through(64, 1_000, 64 + 1_000_000, 501_000);
        assertEquals(1_000, c.fixedNanos());
        assertEquals(0.5, c.nanosPerByte(), 1e-12);
        assertEquals(1_000 + 0.5 * 4_096, c.estimate(4_096), 1e-9);
    }

    @Test
    void through_aLargeCallFasterThanTheSmallOne_costsNothingPerByte() {
        assertEquals(0.0, CallCost.through(64, 9_000, 1 << 20, 8_000).nanosPerByte());
    }

    @Test
    void callCost_refusesWhatIsNotACost() {
        assertThrows(IllegalArgumentException.class, () -> new CallCost(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CallCost(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CallCost(0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new CallCost(0, -0.5));
    }

    @Test
    void costPair_smallCallsRunOnJavaAndLargeOnTheDevice_crossingWhereTheLinesMeet() {
        assertEquals(380_000, PCIE.crossoverBytes());
        assertTrue(PCIE.javaIsFaster(0));
        assertTrue(PCIE.javaIsFaster(379_000));
        assertFalse(PCIE.javaIsFaster(381_000));
        assertFalse(PCIE.javaIsFaster(1L << 32));
        assertTrue(PCIE.describe().contains("calls under 380000 bytes run on Java, larger ones on the device"),
                PCIE.describe());
    }

    @Test
    void costPair_aSideCheaperInBothParts_takesEveryCall() {
        CostPair javaWins = new CostPair(new CallCost(40_000, 0.3), new CallCost(2_000, 0.2));
        assertEquals(Long.MAX_VALUE, javaWins.crossoverBytes());
        assertTrue(javaWins.javaIsFaster(1L << 40));
        assertTrue(javaWins.describe().endsWith("every call runs on Java"), javaWins.describe());
        CostPair deviceWins = new CostPair(new CallCost(1_000, 0.01), new CallCost(2_000, 0.2));
        assertFalse(deviceWins.javaIsFaster(0));
        assertTrue(deviceWins.describe().endsWith("every call runs on the device"), deviceWins.describe());
    }

    @Test
    void costCache_keepsEachFamilyAndReadsItBack(@TempDir Path dir) {
        CostCache cache = CostCache.in(dir, GPU, JAVA, "S");
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS));
        cache.store(CostFamily.NUMBERS, PCIE, true);
        CostPair text = new CostPair(new CallCost(90_000, 0.05), new CallCost(3_000, 1.5));
        cache.store(CostFamily.TEXT, text, true);
        CostCache again = CostCache.in(dir, GPU, JAVA, "S");
        assertEquals(Optional.of(PCIE), again.load(CostFamily.NUMBERS), "storing TEXT kept NUMBERS");
        assertEquals(Optional.of(text), again.load(CostFamily.TEXT));
    }

    @Test
    void costCache_anotherDriverOrCoreCount_getsAnotherFile(@TempDir Path dir) {
        Device newDriver = new Device(GPU.id(), GPU.name(), GPU.kind(), GPU.backend(), GPU.platform(), GPU.version(),
                "1.2.4", GPU.computeUnits(), GPU.globalMemory(), GPU.maxAllocation());
        Device fewerCores = new Device("java", "Java, 4 threads", DeviceKind.JAVA, "java", "OpenJDK", "25", "", 4,
                1L << 33, Integer.MAX_VALUE);
        Path base = CostCache.in(dir, GPU, JAVA, "S").file();
        assertNotEquals(base, CostCache.in(dir, newDriver, JAVA, "S").file());
        assertNotEquals(base, CostCache.in(dir, GPU, fewerCores, "S").file());
        assertEquals(base, CostCache.in(dir, GPU, JAVA, "S").file());
        assertNotEquals(base, CostCache.in(dir, GPU, JAVA, "other settings").file());
    }

    @Test
    void costCache_costsMeasuredOnABusyMachine_areWrittenButNotReadBack(@TempDir Path dir) throws Exception {
        CostCache cache = CostCache.in(dir, GPU, JAVA, "S");
        cache.store(CostFamily.NUMBERS, PCIE, false);
        assertTrue(Files.readString(cache.file()).contains("numbers.steady=false"));
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS));
        cache.store(CostFamily.NUMBERS, PCIE, true);
        assertEquals(Optional.of(PCIE), cache.load(CostFamily.NUMBERS));
    }

    @Test
    void costCache_aFileThatDoesNotParse_isIgnoredAndOverwritten(@TempDir Path dir) throws Exception {
        CostCache cache = CostCache.in(dir, GPU, JAVA, "S");
        Files.writeString(cache.file(), "format=1\nnumbers.device.fixedNanos=twelve\nnumbers.device.nanosPerByte=1\n"
                + "numbers.java.fixedNanos=1\nnumbers.java.nanosPerByte=1\n");
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS));
        Files.writeString(cache.file(), "format=1\nnumbers.device.fixedNanos=-5\nnumbers.device.nanosPerByte=1\n"
                + "numbers.java.fixedNanos=1\nnumbers.java.nanosPerByte=1\n");
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS), "a negative cost is not a cost");
        Files.writeString(cache.file(), "format=0\nnumbers.device.fixedNanos=5\nnumbers.device.nanosPerByte=1\n"
                + "numbers.java.fixedNanos=1\nnumbers.java.nanosPerByte=1\n");
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS), "another format's file is not read");
        Files.write(cache.file(), new byte[] {'\\', 'u', 'z', 'z'}); // a broken escape: Properties.load throws
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS));

        cache.store(CostFamily.NUMBERS, PCIE, true);
        assertEquals(Optional.of(PCIE), cache.load(CostFamily.NUMBERS));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp file is left behind");
        }
    }

    @Test
    void costCache_aFileOfAnotherPairUnderTheName_isNotRead(@TempDir Path dir) throws Exception {
        CostCache cache = CostCache.in(dir, GPU, JAVA, "S");
        cache.store(CostFamily.NUMBERS, PCIE, true);
        String text = Files.readString(cache.file());
        assertTrue(text.contains("Some GPU"), text);
        Files.writeString(cache.file(), text.replace("Some GPU", "Other GPU"));
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS));
        cache.store(CostFamily.TEXT, PCIE, true);
        assertEquals(Optional.empty(), cache.load(CostFamily.NUMBERS), "the other pair's costs were dropped");
        assertEquals(Optional.of(PCIE), cache.load(CostFamily.TEXT));
    }

    @Test
    void costCache_withoutAFolder_keepsNothing() {
        CostCache off = CostCache.in(null, GPU, JAVA, "S");
        assertNull(off.file());
        off.store(CostFamily.NUMBERS, PCIE, true);
        assertEquals(Optional.empty(), off.load(CostFamily.NUMBERS));
    }

    @Test
    void router_whenMeasuringFails_keepsCallsOnTheDeviceAndDoesNotTryAgain(@TempDir Path dir) {
        int[] samples = {0};
        try (Backend device = Backends.open(Backends.select("java-seq"));
             Backend java = Backends.open(Backends.javaParallel())) {
            AutoRouter router = new AutoRouter(device, () -> java, (b, family, input) -> {
                samples[0]++;
                throw new DeviceException("probe failed", "CL_OUT_OF_RESOURCES", null);
            }, CostCache.in(dir, device.device(), java.device(), "S"));
            assertSame(device, router.choose(CostFamily.NUMBERS, 64));
            assertSame(device, router.choose(CostFamily.NUMBERS, 1L << 30));
            assertEquals(1, samples[0], "a failed family is not measured again");
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertFalse(files.findAny().isPresent(), "nothing stored for a failed measurement");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void costFamily_inputs_haveTheirSizeAndTextIsWellFormedUtf8() {
        for (int bytes : new int[] {64, 100, 137, 138, 139, 1_000, 4_096, 65_537}) {
            byte[] text = (byte[]) CostFamily.TEXT.input(bytes);
            assertEquals(bytes, text.length);
            assertDoesNotThrow(() -> strictUtf8(text), "text of " + bytes + " bytes");
            assertEquals(bytes / 4, ((int[]) CostFamily.NUMBERS.input(bytes)).length);
        }
        assertTrue(new String((byte[]) CostFamily.TEXT.input(4_096), StandardCharsets.UTF_8).contains("caf\u00e9"),
                "the text exercises multi-byte characters");
    }

    private static void strictUtf8(byte[] text) throws CharacterCodingException {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(text));
    }
}
