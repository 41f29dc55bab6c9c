package dev.offload.translate;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.Value;

import java.util.Set;

/**
 * A value on the JVM operand stack or in a local, as {@link KernelInterpreter} sees it: a primitive kind, or a
 * reference with its static type and the set of arrays it may be. Kernels hold no pointers: every array access must
 * resolve to exactly one source (a parameter of the method, or a private array allocated at one instruction), and
 * the C code names that source directly.
 *
 * @param type    the value's type: {@code INT_TYPE} for every int-like value, {@code LONG_TYPE}, {@code FLOAT_TYPE},
 *                {@code DOUBLE_TYPE}, an array or object type, {@link #NULL_TYPE} for {@code null}; null for an
 *                unusable slot (uninitialised, or primitives of two kinds merged)
 * @param sources for references, the arrays it may be ({@link #param} or {@link #alloc} ids); empty otherwise
 */
record Val(Type type, Set<Integer> sources) implements Value {
    static final Type NULL_TYPE = Type.getObjectType("null");
    static final Val UNINIT = new Val(null, Set.of());
    static final Val INT = new Val(Type.INT_TYPE, Set.of());
    static final Val LONG = new Val(Type.LONG_TYPE, Set.of());
    static final Val FLOAT = new Val(Type.FLOAT_TYPE, Set.of());
    static final Val DOUBLE = new Val(Type.DOUBLE_TYPE, Set.of());

    /** The source id of method parameter number {@code ordinal} (0 = first declared parameter). */
    static int param(int ordinal) {
        return ordinal;
    }

    /** The source id of the private array allocated by the instruction at {@code insnIndex}. */
    static int alloc(int insnIndex) {
        return 1_000_000 + insnIndex;
    }

    static boolean isAlloc(int source) {
        return source >= 1_000_000;
    }

    static int allocInsn(int source) {
        return source - 1_000_000;
    }

    @Override
    public int getSize() {
        return type == Type.LONG_TYPE || type == Type.DOUBLE_TYPE ? 2 : 1;
    }

    boolean isReference() {
        return type != null && (type.getSort() == Type.ARRAY || type.getSort() == Type.OBJECT);
    }

    /** The C suffix of a primitive's variables: i, j, f or d. */
    char suffix() {
        return switch (type.getSort()) {
            case Type.INT -> 'i';
            case Type.LONG -> 'j';
            case Type.FLOAT -> 'f';
            case Type.DOUBLE -> 'd';
            default -> throw new IllegalStateException("not a primitive value: " + type);
        };
    }

    /** The C type of a primitive's variables. */
    String cType() {
        return switch (type.getSort()) {
            case Type.INT -> "int";
            case Type.LONG -> "long";
            case Type.FLOAT -> "float";
            case Type.DOUBLE -> "double";
            default -> throw new IllegalStateException("not a primitive value: " + type);
        };
    }
}
