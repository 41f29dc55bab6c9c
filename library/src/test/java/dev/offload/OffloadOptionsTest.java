package dev.offload;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The options object: immutable {@code with...} calls, argument checks naming the bad value, and the system-property
 * fallback (the one place the properties are read; each test here restores what it set).
 */
class OffloadOptionsTest {

    @Test
    void defaults_chooseEverythingByDevice() {
        OffloadOptions o = OffloadOptions.defaults();
        assertEquals(0, o.maxAllocationBytes());
        assertEquals(OffloadOptions.Transfer.AUTO, o.transfer());
        assertEquals(OffloadOptions.Layout.AUTO, o.layout());
        assertEquals(0, o.maxLocalSize());
        assertTrue(o.programCacheEnabled());
        assertTrue(o.programCacheFolder().isEmpty());
    }

    @Test
    void with_returnsNewInstances_leavingTheOriginalAlone() {
        OffloadOptions d = OffloadOptions.defaults();
        OffloadOptions o = d.withMaxAllocationBytes(4096).withTransfer(OffloadOptions.Transfer.STAGED)
                .withLayout(OffloadOptions.Layout.GRID_STRIDE).withMaxLocalSize(7).withProgramCache(Path.of("/tmp/x"));
        assertEquals(4096, o.maxAllocationBytes());
        assertEquals(OffloadOptions.Transfer.STAGED, o.transfer());
        assertEquals(OffloadOptions.Layout.GRID_STRIDE, o.layout());
        assertEquals(7, o.maxLocalSize());
        assertEquals(Path.of("/tmp/x"), o.programCacheFolder().orElseThrow());
        assertFalse(o.withoutProgramCache().programCacheEnabled());
        assertEquals(OffloadOptions.defaults(), d);
        assertNotEquals(d, o);
        assertEquals(o, d.withMaxAllocationBytes(4096).withTransfer(OffloadOptions.Transfer.STAGED)
                .withLayout(OffloadOptions.Layout.GRID_STRIDE).withMaxLocalSize(7).withProgramCache(Path.of("/tmp/x")));
    }

    @Test
    void with_badValues_throwNamingTheValue() {
        OffloadOptions d = OffloadOptions.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxAllocationBytes(63)).getMessage()
                .contains("63"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxLocalSize(-1)).getMessage()
                .contains("-1"));
        assertThrows(NullPointerException.class, () -> d.withTransfer(null));
        assertThrows(NullPointerException.class, () -> d.withLayout(null));
        assertThrows(NullPointerException.class, () -> d.withProgramCache(null));
    }

    @Test
    void fromSystemProperties_readsEachProperty() {
        OffloadOptions o = withProperties(Map.of(OffloadOptions.MAX_ALLOC_PROPERTY, " 16384 ",
                OffloadOptions.TRANSFER_PROPERTY, "staged", OffloadOptions.LAYOUT_PROPERTY, "grid-stride",
                OffloadOptions.MAX_LOCAL_PROPERTY, "3", OffloadOptions.PROGRAM_CACHE_PROPERTY, "OFF"),
                OffloadOptions::fromSystemProperties);
        assertEquals(OffloadOptions.defaults().withMaxAllocationBytes(16384)
                .withTransfer(OffloadOptions.Transfer.STAGED).withLayout(OffloadOptions.Layout.GRID_STRIDE)
                .withMaxLocalSize(3).withoutProgramCache(), o);
        OffloadOptions folder = withProperties(Map.of(OffloadOptions.PROGRAM_CACHE_PROPERTY, "/tmp/cache",
                OffloadOptions.TRANSFER_PROPERTY, "mapped", OffloadOptions.LAYOUT_PROPERTY, "contiguous"),
                OffloadOptions::fromSystemProperties);
        assertEquals(Path.of("/tmp/cache"), folder.programCacheFolder().orElseThrow());
        assertEquals(OffloadOptions.Transfer.MAPPED, folder.transfer());
        assertEquals(OffloadOptions.Layout.CONTIGUOUS, folder.layout());
    }

    @Test
    void fromSystemProperties_malformedValues_throwNamingPropertyAndValue() {
        for (var bad : Map.of(OffloadOptions.MAX_ALLOC_PROPERTY, "lots", OffloadOptions.TRANSFER_PROPERTY, "fast",
                OffloadOptions.LAYOUT_PROPERTY, "diagonal", OffloadOptions.MAX_LOCAL_PROPERTY, "0").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> withProperties(Map.of(bad.getKey(), bad.getValue()), OffloadOptions::fromSystemProperties));
            assertTrue(e.getMessage().contains(bad.getKey()) && e.getMessage().contains(bad.getValue()),
                    e.getMessage());
        }
    }

    /** Sets {@code properties}, runs {@code body}, and restores every property's previous value. */
    private static <T> T withProperties(Map<String, String> properties, Supplier<T> body) {
        Map<String, String> before = new java.util.HashMap<>();
        properties.keySet().forEach(k -> before.put(k, System.getProperty(k)));
        properties.forEach(System::setProperty);
        try {
            return body.get();
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
