package dev.offload.pool;

import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A compact encoding of the plain values that most tasks take and return: {@code null}, boxed primitives,
 * {@code String}, {@code ArrayList}s of these (nested too) and {@code byte[]}, {@code int[]}, {@code long[]},
 * {@code double[]}. {@link Serial} tries it before Java serialization, which costs a new object stream, class
 * descriptors and a filter call per object: on a chunk of 1,250 boxed integers this is about ten times faster, and a
 * one-item dispatch needs no stream at all. Like {@code pickle}'s built-in types, it is what makes many small tasks
 * cheap.
 *
 * <p>It changes nothing the allow list decides: every class it writes is one the allow list admits on both sides, and
 * the reader only ever creates those classes. A graph it cannot write exactly falls back to Java serialization: any
 * other class (an {@code ArrayList} subclass included), a list met twice (shared or cyclic: identity would be lost) or
 * nesting deeper than {@link #MAX_DEPTH}. Encoded bytes open with {@link #MAGIC}, which no Java serialization stream
 * does (those open with {@code 0xACED}).
 */
final class ValueCodec {
    static final byte MAGIC = 0x56;
    static final int MAX_DEPTH = 64;
    private static final byte NULL = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte FLOAT = 4;
    private static final byte SHORT = 5;
    private static final byte BYTE = 6;
    private static final byte CHAR = 7;
    private static final byte TRUE = 8;
    private static final byte FALSE = 9;
    private static final byte ASCII = 10;
    private static final byte UTF8 = 11;
    private static final byte LIST = 12;
    private static final byte BYTES = 13;
    private static final byte INTS = 14;
    private static final byte LONGS = 15;
    private static final byte DOUBLES = 16;

    private byte[] buf;
    private int pos;
    /** Lists written so far, once a graph holds more than one: a list met twice is left to Java serialization. */
    private Map<Object, Boolean> lists;
    private Object firstList;

    private ValueCodec(byte[] buf) {
        this.buf = buf;
    }

    /** The encoding of {@code value}, or {@code null} when it holds anything this codec does not write exactly. */
    static byte[] encode(Object value) {
        // sized for a list of small numbers, so that a big chunk is not copied at every doubling on the way
        int guess = value instanceof ArrayList<?> l ? 16 + 6 * l.size() : 64;
        ValueCodec w = new ValueCodec(new byte[Math.min(guess, 1 << 24)]);
        w.buf[w.pos++] = MAGIC;
        return w.write(value, 0) ? java.util.Arrays.copyOf(w.buf, w.pos) : null;
    }

    /** Whether {@code bytes} were written by {@link #encode}. */
    static boolean isEncoded(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == MAGIC;
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @throws StreamCorruptedException when the bytes are not a whole, valid encoding
     */
    static Object decode(byte[] bytes) throws IOException {
        ValueCodec r = new ValueCodec(bytes);
        r.pos = 1;
        try {
            Object v = r.read(0);
            if (r.pos != bytes.length) {
                throw new StreamCorruptedException((bytes.length - r.pos) + " bytes after the encoded value");
            }
            return v;
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            StreamCorruptedException x = new StreamCorruptedException("truncated encoded value");
            x.initCause(e);
            throw x;
        }
    }

    private boolean write(Object o, int depth) {
        if (o == null) {
            put(NULL);
            return true;
        }
        Class<?> c = o.getClass();
        if (c == Integer.class) {
            put(INT);
            putInt((Integer) o);
        } else if (c == String.class) {
            putString((String) o);
        } else if (c == ArrayList.class) {
            return writeList((ArrayList<?>) o, depth);
        } else if (c == Long.class) {
            put(LONG);
            putLong((Long) o);
        } else if (c == Double.class) {
            put(DOUBLE);
            putLong(Double.doubleToRawLongBits((Double) o));
        } else if (c == Float.class) {
            put(FLOAT);
            putInt(Float.floatToRawIntBits((Float) o));
        } else if (c == Short.class) {
            put(SHORT);
            putInt((Short) o);
        } else if (c == Byte.class) {
            put(BYTE);
            put((Byte) o);
        } else if (c == Character.class) {
            put(CHAR);
            putInt((Character) o);
        } else if (c == Boolean.class) {
            put((Boolean) o ? TRUE : FALSE);
        } else if (c == byte[].class) {
            byte[] a = (byte[]) o;
            put(BYTES);
            putInt(a.length);
            room(a.length);
            System.arraycopy(a, 0, buf, pos, a.length);
            pos += a.length;
        } else if (c == int[].class) {
            int[] a = (int[]) o;
            put(INTS);
            putInt(a.length);
            room(4L * a.length);
            for (int v : a) {
                putInt(v);
            }
        } else if (c == long[].class) {
            long[] a = (long[]) o;
            put(LONGS);
            putInt(a.length);
            room(8L * a.length);
            for (long v : a) {
                putLong(v);
            }
        } else if (c == double[].class) {
            double[] a = (double[]) o;
            put(DOUBLES);
            putInt(a.length);
            room(8L * a.length);
            for (double v : a) {
                putLong(Double.doubleToRawLongBits(v));
            }
        } else {
            return false;
        }
        return true;
    }

    private boolean writeList(ArrayList<?> list, int depth) {
        if (depth >= MAX_DEPTH) {
            return false;
        }
        if (firstList == null) {
            firstList = list;
        } else {
            if (lists == null) {
                lists = new IdentityHashMap<>();
                lists.put(firstList, Boolean.TRUE);
            }
            if (lists.put(list, Boolean.TRUE) != null) {
                return false;
            }
        }
        int n = list.size();
        put(LIST);
        putInt(n);
        for (int i = 0; i < n; i++) {
            if (!write(list.get(i), depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private Object read(int depth) throws IOException {
        byte tag = buf[pos++];
        return switch (tag) {
            case NULL -> null;
            case INT -> getInt();
            case LONG -> getLong();
            case DOUBLE -> Double.longBitsToDouble(getLong());
            case FLOAT -> Float.intBitsToFloat(getInt());
            case SHORT -> (short) getInt();
            case BYTE -> buf[pos++];
            case CHAR -> (char) getInt();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case ASCII -> {
                int n = count(1);
                String s = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
                pos += n;
                yield s;
            }
            case UTF8 -> {
                int n = count(1);
                String s = new String(buf, pos, n, StandardCharsets.UTF_8);
                pos += n;
                yield s;
            }
            case LIST -> {
                if (depth >= MAX_DEPTH) {
                    throw new StreamCorruptedException("encoded lists nested deeper than " + MAX_DEPTH);
                }
                int n = count(1);
                ArrayList<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(read(depth + 1));
                }
                yield l;
            }
            case BYTES -> {
                int n = count(1);
                byte[] a = java.util.Arrays.copyOfRange(buf, pos, pos + n);
                pos += n;
                yield a;
            }
            case INTS -> {
                int[] a = new int[count(4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = getInt();
                }
                yield a;
            }
            case LONGS -> {
                long[] a = new long[count(8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = getLong();
                }
                yield a;
            }
            case DOUBLES -> {
                double[] a = new double[count(8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Double.longBitsToDouble(getLong());
                }
                yield a;
            }
            default -> throw new StreamCorruptedException("unknown tag " + tag + " at byte " + (pos - 1));
        };
    }

    /** A length or count, checked against the bytes left so forged bytes cannot make the reader allocate gigabytes. */
    private int count(int bytesEach) throws StreamCorruptedException {
        int n = getInt();
        if (n < 0 || (long) n * bytesEach > buf.length - pos) {
            throw new StreamCorruptedException("bad count " + n + " with " + (buf.length - pos) + " bytes left");
        }
        return n;
    }

    private void putString(String s) {
        int n = s.length();
        room(5L + n);
        int start = pos;
        buf[pos++] = ASCII;
        putInt(n);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                pos = start;
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                put(UTF8);
                putInt(utf8.length);
                room(utf8.length);
                System.arraycopy(utf8, 0, buf, pos, utf8.length);
                pos += utf8.length;
                return;
            }
            buf[pos++] = (byte) ch;
        }
    }

    private void room(long more) {
        if (pos + more > buf.length) {
            long size = Math.max(buf.length * 2L, pos + more);
            if (size > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("an encoded value over 2 GiB");
            }
            buf = java.util.Arrays.copyOf(buf, (int) size);
        }
    }

    private void put(byte b) {
        room(1);
        buf[pos++] = b;
    }

    private void putInt(int v) {
        room(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    private int getInt() {
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    private long getLong() {
        return ((long) getInt() << 32) | (getInt() & 0xFFFF_FFFFL);
    }
}
