package dev.offload.pool;

import org.junit.jupiter.api.Test;

import java.io.StreamCorruptedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueCodecTest {

    private static Object roundTrip(Object o) throws Exception {
        byte[] b = ValueCodec.encode(o);
        assertNotNull(b, "encodable: " + o);
        assertTrue(ValueCodec.isEncoded(b));
        return ValueCodec.decode(b);
    }

    @Test
    void encode_plainValues_comeBackEqualWithTheirExactClasses() throws Exception {
        List<Object> values = new ArrayList<>(Arrays.asList(null, 0, -1, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0,
                Double.NaN, 1.5f, (short) -7, (byte) -128, 'x', '\uffff', true, false, "", "ascii",
                "mixed \u00e9 \u4e2d \ud83d\ude00", new ArrayList<>(List.of(1, "a", new ArrayList<>(List.of(2L))))));
        for (Object v : values) {
            Object back = roundTrip(v);
            assertEquals(v, back);
            if (v != null) {
                assertSame(v.getClass(), back.getClass(), "class of " + v);
            }
        }
        Object all = roundTrip(values);
        assertEquals(values, all);
        assertSame(ArrayList.class, all.getClass());
    }

    @Test
    void encode_primitiveArrays_comeBackEqual() throws Exception {
        assertArrayEquals(new byte[] {1, -2, 3}, (byte[]) roundTrip(new byte[] {1, -2, 3}));
        assertArrayEquals(new int[] {Integer.MIN_VALUE, 0, 7}, (int[]) roundTrip(new int[] {Integer.MIN_VALUE, 0, 7}));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 9}, (long[]) roundTrip(new long[] {Long.MIN_VALUE, 9}));
        assertArrayEquals(new double[] {-0.0, Double.MIN_VALUE}, (double[]) roundTrip(new double[] {-0.0,
                Double.MIN_VALUE}));
        assertArrayEquals(new int[0], (int[]) roundTrip(new int[0]));
    }

    @Test
    void encode_whatItCannotWriteExactly_null() {
        ArrayList<Object> shared = new ArrayList<>(List.of(1));
        ArrayList<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        ArrayList<Object> deep = new ArrayList<>();
        ArrayList<Object> cur = deep;
        for (int i = 0; i < ValueCodec.MAX_DEPTH + 1; i++) {
            ArrayList<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        ArrayList<Object> subclass = new ArrayList<>() {
        };
        for (Object o : List.of(new ArrayList<>(List.of(shared, shared)), cyclic, deep, subclass, List.of(1),
                new LinkedList<>(List.of(1)), new ArrayList<>(List.of(new Object())), new String[] {"a"},
                new ArrayList<>(List.of(1, List.of(2))))) {
            assertNull(ValueCodec.encode(o), "not encodable: " + o.getClass());
        }
    }

    @Test
    void serialize_plainValues_needNoClassNamesAndOtherValuesStillUseJavaSerialization() throws Exception {
        Serial.Serialized plain = Serial.serialize(new ArrayList<>(List.of(1, 2, 3)));
        assertTrue(ValueCodec.isEncoded(plain.bytes()));
        assertEquals(Set.of(), plain.classNames());
        Serial.Serialized java = Serial.serialize(List.of(1, 2, 3));
        assertEquals((byte) 0xAC, java.bytes()[0]);
        assertEquals(List.of(1, 2, 3), Serial.deserialize(java.bytes(), new AllowList(java.classNames(), Set.of()),
                null));
        assertEquals(List.of(1, 2, 3), Serial.deserialize(plain.bytes(), new AllowList(Set.of(), Set.of()), null));
    }

    @Test
    void decode_corruptBytes_streamCorruptedNeverHugeAllocation() {
        byte[] good = ValueCodec.encode(new ArrayList<>(List.of("abc", 5)));
        assertNotNull(good);
        byte[] truncated = Arrays.copyOf(good, good.length - 2);
        assertThrows(StreamCorruptedException.class, () -> ValueCodec.decode(truncated));
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(StreamCorruptedException.class, () -> ValueCodec.decode(trailing));
        // a list claiming two billion elements in a dozen bytes
        byte[] forged = {ValueCodec.MAGIC, 12, 0x7F, -1, -1, -1, 1, 0, 0, 0, 1};
        StreamCorruptedException e = assertThrows(StreamCorruptedException.class, () -> ValueCodec.decode(forged));
        assertTrue(e.getMessage().contains("bad count"), e.getMessage());
        byte[] unknownTag = {ValueCodec.MAGIC, 99};
        assertThrows(StreamCorruptedException.class, () -> ValueCodec.decode(unknownTag));
    }
}
