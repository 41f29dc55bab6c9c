package dev.offload.translate;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Interpreter;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * ASM's data-flow interpreter for {@link Val}: primitive kinds as the verifier sees them, and for each reference the
 * set of arrays it may hold, so the translator can name the one array every access touches. Unsupported
 * instructions still get a value here; {@link MethodTranslator} refuses them with their source line.
 */
final class KernelInterpreter extends Interpreter<Val> implements Opcodes {
    private final InsnList instructions;
    private final int[] paramOrdinalOfLocal;

    /** An interpreter for a method whose parameter {@code k} starts at local {@code paramLocals[k]}. */
    KernelInterpreter(InsnList instructions, int[] paramOrdinalOfLocal) {
        super(ASM9);
        this.instructions = instructions;
        this.paramOrdinalOfLocal = paramOrdinalOfLocal;
    }

    @Override
    public Val newValue(Type type) {
        if (type == null) {
            return Val.UNINIT;
        }
        return switch (type.getSort()) {
            case Type.VOID -> null;
            case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> Val.INT;
            case Type.LONG -> Val.LONG;
            case Type.FLOAT -> Val.FLOAT;
            case Type.DOUBLE -> Val.DOUBLE;
            default -> new Val(type, Set.of());
        };
    }

    @Override
    public Val newParameterValue(boolean isInstanceMethod, int local, Type type) {
        Val v = newValue(type);
        if (v.isReference() && local < paramOrdinalOfLocal.length && paramOrdinalOfLocal[local] >= 0) {
            return new Val(type, Set.of(Val.param(paramOrdinalOfLocal[local])));
        }
        return v;
    }

    @Override
    public Val newOperation(AbstractInsnNode insn) {
        switch (insn.getOpcode()) {
            case ACONST_NULL:
                return new Val(Val.NULL_TYPE, Set.of());
            case ICONST_M1, ICONST_0, ICONST_1, ICONST_2, ICONST_3, ICONST_4, ICONST_5, BIPUSH, SIPUSH:
                return Val.INT;
            case LCONST_0, LCONST_1:
                return Val.LONG;
            case FCONST_0, FCONST_1, FCONST_2:
                return Val.FLOAT;
            case DCONST_0, DCONST_1:
                return Val.DOUBLE;
            case LDC: {
                Object c = ((LdcInsnNode) insn).cst;
                if (c instanceof Integer) {
                    return Val.INT;
                } else if (c instanceof Long) {
                    return Val.LONG;
                } else if (c instanceof Float) {
                    return Val.FLOAT;
                } else if (c instanceof Double) {
                    return Val.DOUBLE;
                }
                return new Val(Type.getObjectType("java/lang/Object"), Set.of());
            }
            case GETSTATIC:
                return newValue(Type.getType(((FieldInsnNode) insn).desc));
            case NEW:
                return new Val(Type.getObjectType(((TypeInsnNode) insn).desc), Set.of());
            default:
                return new Val(Type.getObjectType("java/lang/Object"), Set.of());
        }
    }

    @Override
    public Val copyOperation(AbstractInsnNode insn, Val value) {
        return value;
    }

    @Override
    public Val unaryOperation(AbstractInsnNode insn, Val value) throws AnalyzerException {
        switch (insn.getOpcode()) {
            case INEG, IINC, L2I, F2I, D2I, I2B, I2C, I2S, ARRAYLENGTH, INSTANCEOF:
                return Val.INT;
            case FNEG, I2F, L2F, D2F:
                return Val.FLOAT;
            case LNEG, I2L, F2L, D2L:
                return Val.LONG;
            case DNEG, I2D, L2D, F2D:
                return Val.DOUBLE;
            case GETFIELD:
                return newValue(Type.getType(((FieldInsnNode) insn).desc));
            case NEWARRAY: {
                Type element = switch (((org.objectweb.asm.tree.IntInsnNode) insn).operand) {
                    case T_BOOLEAN -> Type.BOOLEAN_TYPE;
                    case T_CHAR -> Type.CHAR_TYPE;
                    case T_BYTE -> Type.BYTE_TYPE;
                    case T_SHORT -> Type.SHORT_TYPE;
                    case T_INT -> Type.INT_TYPE;
                    case T_FLOAT -> Type.FLOAT_TYPE;
                    case T_DOUBLE -> Type.DOUBLE_TYPE;
                    case T_LONG -> Type.LONG_TYPE;
                    default -> throw new AnalyzerException(insn, "bad newarray type");
                };
                return new Val(Type.getType("[" + element.getDescriptor()), Set.of(Val.alloc(instructions.indexOf(insn))));
            }
            case ANEWARRAY:
                return new Val(Type.getType("[" + Type.getObjectType(((TypeInsnNode) insn).desc).getDescriptor()),
                        Set.of());
            case CHECKCAST:
                return new Val(Type.getObjectType(((TypeInsnNode) insn).desc), value.sources());
            default:
                return null; // branches, returns, putstatic, athrow, monitors: no value
        }
    }

    @Override
    public Val binaryOperation(AbstractInsnNode insn, Val value1, Val value2) {
        switch (insn.getOpcode()) {
            case IALOAD, BALOAD, CALOAD, SALOAD, IADD, ISUB, IMUL, IDIV, IREM, ISHL, ISHR, IUSHR, IAND, IOR, IXOR,
                 LCMP, FCMPL, FCMPG, DCMPL, DCMPG:
                return Val.INT;
            case FALOAD, FADD, FSUB, FMUL, FDIV, FREM:
                return Val.FLOAT;
            case LALOAD, LADD, LSUB, LMUL, LDIV, LREM, LSHL, LSHR, LUSHR, LAND, LOR, LXOR:
                return Val.LONG;
            case DALOAD, DADD, DSUB, DMUL, DDIV, DREM:
                return Val.DOUBLE;
            case AALOAD: {
                Type t = value1.type();
                if (t != null && t.getSort() == Type.ARRAY) {
                    return new Val(Type.getType(t.getDescriptor().substring(1)), Set.of());
                }
                return new Val(Type.getObjectType("java/lang/Object"), Set.of());
            }
            default:
                return null;
        }
    }

    @Override
    public Val ternaryOperation(AbstractInsnNode insn, Val value1, Val value2, Val value3) {
        return null;
    }

    @Override
    public Val naryOperation(AbstractInsnNode insn, List<? extends Val> values) {
        if (insn.getOpcode() == MULTIANEWARRAY) {
            return new Val(Type.getType(((MultiANewArrayInsnNode) insn).desc), Set.of());
        }
        String desc = insn instanceof InvokeDynamicInsnNode indy ? indy.desc : ((MethodInsnNode) insn).desc;
        return newValue(Type.getReturnType(desc));
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, Val value, Val expected) {
    }

    @Override
    public Val merge(Val a, Val b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.isReference() && b.isReference()) {
            Set<Integer> union = new HashSet<>(a.sources());
            union.addAll(b.sources());
            Type t = a.type().equals(b.type()) || b.type().equals(Val.NULL_TYPE) ? a.type()
                    : a.type().equals(Val.NULL_TYPE) ? b.type() : Type.getObjectType("java/lang/Object");
            Val merged = new Val(t, Set.copyOf(union));
            return merged.equals(a) ? a : merged;
        }
        return Val.UNINIT;
    }
}
