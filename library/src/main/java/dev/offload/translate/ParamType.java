package dev.offload.translate;

/**
 * The Java primitive type of a scalar parameter or of an array's elements, with its OpenCL C type. A scalar
 * {@code boolean} is passed as an {@code int} 0 or 1; a {@code boolean[]} as {@code uchar} elements 0 or 1.
 */
public enum ParamType {
    BOOLEAN("int", "uchar", 1),
    BYTE("char", "char", 1),
    SHORT("short", "short", 2),
    CHAR("ushort", "ushort", 2),
    INT("int", "int", 4),
    LONG("long", "long", 8),
    FLOAT("float", "float", 4),
    DOUBLE("double", "double", 8);

    private final String scalarC;
    private final String elementC;
    private final int elementBytes;

    ParamType(String scalarC, String elementC, int elementBytes) {
        this.scalarC = scalarC;
        this.elementC = elementC;
        this.elementBytes = elementBytes;
    }

    /** The C type of a scalar argument of this type ({@code int} for {@code boolean}). */
    public String scalarC() {
        return scalarC;
    }

    /** The C type of an array element of this type ({@code uchar} for {@code boolean}). */
    public String elementC() {
        return elementC;
    }

    /** Bytes per array element on the device. */
    public int elementBytes() {
        return elementBytes;
    }

    /** The type of a JVM descriptor character ({@code Z B S C I J F D}). */
    static ParamType of(char descriptor) {
        return switch (descriptor) {
            case 'Z' -> BOOLEAN;
            case 'B' -> BYTE;
            case 'S' -> SHORT;
            case 'C' -> CHAR;
            case 'I' -> INT;
            case 'J' -> LONG;
            case 'F' -> FLOAT;
            case 'D' -> DOUBLE;
            default -> throw new IllegalArgumentException("not a primitive descriptor: " + descriptor);
        };
    }
}
