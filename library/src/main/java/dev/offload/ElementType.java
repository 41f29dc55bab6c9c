package dev.offload;

/** Element types of arrays on a device, with the names kernels use for them ({@code i32}, {@code i64}, {@code f64}, {@code u8}). */
public enum ElementType {
    /** Bytes (UTF-8 text). */
    U8("u8", "uchar", 1, byte[].class),
    /** 32-bit signed integers. */
    I32("i32", "int", 4, int[].class),
    /** 64-bit signed integers. */
    I64("i64", "long", 8, long[].class),
    /** 64-bit IEEE floating point. */
    F64("f64", "double", 8, double[].class),
    /** 32-bit IEEE floating point. */
    F32("f32", "float", 4, float[].class),
    /** 16-bit signed integers ({@code short}). */
    I16("i16", "short", 2, short[].class),
    /** 16-bit unsigned integers ({@code char}). */
    U16("u16", "ushort", 2, char[].class);

    private final String tag;
    private final String openClType;
    private final int bytes;
    private final Class<?> arrayClass;

    ElementType(String tag, String openClType, int bytes, Class<?> arrayClass) {
        this.tag = tag;
        this.openClType = openClType;
        this.bytes = bytes;
        this.arrayClass = arrayClass;
    }

    /**
     * The short tag used in kernel names, e.g. {@code i32}.
     *
     * @return the tag
     */
    public String tag() {
        return tag;
    }

    /**
     * The OpenCL C type name, e.g. {@code int}.
     *
     * @return the OpenCL C type name
     */
    public String openClType() {
        return openClType;
    }

    /**
     * Size of one element in bytes.
     *
     * @return the size of one element in bytes
     */
    public int bytes() {
        return bytes;
    }

    /**
     * The Java array class holding such elements, e.g. {@code int[].class}.
     *
     * @return the Java array class
     */
    public Class<?> arrayClass() {
        return arrayClass;
    }

    /**
     * The element type of a Java primitive array.
     *
     * @param array a primitive array
     * @return the type of its elements
     */
    public static ElementType ofArray(Object array) {
        // Tests, not a pattern switch: every first call of a new JVM passes here, and a type switch is bound at first
        // use through invokedynamic, which generates a class (a few ms in a new JVM).
        if (array instanceof byte[]) {
            return U8;
        } else if (array instanceof int[]) {
            return I32;
        } else if (array instanceof long[]) {
            return I64;
        } else if (array instanceof double[]) {
            return F64;
        } else if (array instanceof float[]) {
            return F32;
        } else if (array instanceof short[]) {
            return I16;
        } else if (array instanceof char[]) {
            return U16;
        } else if (array == null) {
            throw new NullPointerException("array");
        }
        throw new IllegalArgumentException("not a primitive array of a numeric type: " + array.getClass());
    }

    /**
     * The length of a Java primitive array of one of these types.
     *
     * @param array a primitive array
     * @return its length
     */
    public static int lengthOf(Object array) {
        return java.lang.reflect.Array.getLength(array);
    }
}
