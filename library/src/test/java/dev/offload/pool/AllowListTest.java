package dev.offload.pool;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllowListTest {
    record Holder(Object value) implements Serializable {
    }

    static Object roundTrip(Object o, AllowList allow) throws Exception {
        return Serial.deserialize(Serial.serialize(o).bytes(), allow, null);
    }

    @Test
    void deserialize_jdkValues_allowedWithEmptyList() throws Exception {
        AllowList none = new AllowList(Set.of(), Set.of());
        Map<String, Object> m = new HashMap<>();
        m.put("list", new ArrayList<>(List.of(1, 2L, 3.0, "s", 'c', true)));
        m.put("immutable", List.of(1, 2, 3));
        m.put("set", new TreeSet<>(Set.of("a", "b")));
        m.put("big", new BigDecimal("1.25"));
        m.put("time", Duration.ofSeconds(3));
        m.put("date", LocalDate.of(2026, 11, 27));
        m.put("uuid", new UUID(1, 2));
        m.put("ints", new int[] {1, 2});
        m.put("map", Map.of("k", 1));
        m.put("error", new IllegalStateException("e"));
        Object back = roundTrip(m, none);
        assertEquals(m.keySet(), ((Map<?, ?>) back).keySet());
    }

    @Test
    void deserialize_classNotListed_refusedNamingIt() {
        AllowList none = new AllowList(Set.of(), Set.of());
        Serial.RefusedClassException e = assertThrows(Serial.RefusedClassException.class,
                () -> roundTrip(new ArrayList<>(List.of(URI.create("https://example.org"))), none));
        assertEquals("java.net.URI", e.refused);
        assertTrue(e.getMessage().contains("java.net.URI"), e.getMessage());
    }

    @Test
    void deserialize_userClass_refusedUnlessListedOrPackageAllowed() throws Exception {
        Holder h = new Holder(5);
        assertThrows(Serial.RefusedClassException.class, () -> roundTrip(h, new AllowList(Set.of(), Set.of())));
        assertEquals(h, roundTrip(h, new AllowList(Serial.serialize(h).classNames(), Set.of())));
        assertEquals(h, roundTrip(h, new AllowList(Set.of(), Set.of("dev.offload.pool"))));
        // nested in the same top-level class as a listed class
        assertEquals(h, roundTrip(h, new AllowList(Set.of(AllowListTest.class.getName()), Set.of())));
    }

    @Test
    void deserialize_arrayOfRefused_refusedNamingElementType() {
        Serial.RefusedClassException e = assertThrows(Serial.RefusedClassException.class,
                () -> roundTrip(new URI[] {URI.create("https://example.org")}, new AllowList(Set.of(), Set.of())));
        assertEquals("java.net.URI", e.refused);
    }

    @Test
    void deserialize_forgedArrayLength_refusedBeforeAllocating() throws Exception {
        // inside an immutable list, so that Java serialization (and its filter) reads it, not ValueCodec
        byte[] bytes = Serial.serialize(List.of(new int[] {7, 7, 7})).bytes();
        byte[] length3 = {0, 0, 0, 3, 0, 0, 0, 7};
        int at = -1;
        for (int i = 0; i + length3.length <= bytes.length && at < 0; i++) {
            if (java.util.Arrays.equals(bytes, i, i + length3.length, length3, 0, length3.length)) {
                at = i;
            }
        }
        assertTrue(at >= 0, "the array length field");
        bytes[at] = 0x7F; // int[2^31 - 253]: 8 GB if the reader believed it
        bytes[at + 3] = 0x03;
        byte[] forged = bytes;
        java.io.InvalidObjectException e = assertThrows(java.io.InvalidObjectException.class,
                () -> Serial.deserialize(forged, new AllowList(Set.of(), Set.of()), null));
        assertTrue(e.getMessage().contains("array of length 2130706435"), e.getMessage());
    }

    @Test
    void serialize_graph_recordsEveryClass() throws Exception {
        Set<String> names = Serial.serialize(new Holder(new Holder[] {new Holder(URI.create("x:y"))})).classNames();
        assertTrue(names.contains(Holder.class.getName()), names.toString());
        assertTrue(names.contains("java.net.URI"), names.toString());
    }

    @Test
    void ended_statuses_describeSignalsAndExits() {
        assertTrue(ExitStatus.describe(137).contains("SIGKILL"));
        assertTrue(ExitStatus.describe(143).contains("SIGTERM"));
        assertTrue(ExitStatus.describe(3).contains("OutOfMemoryError"));
        assertTrue(ExitStatus.describe(7).contains("System.exit(7)"));
    }
}
