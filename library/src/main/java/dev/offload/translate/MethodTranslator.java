package dev.offload.translate;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates one static method into one C function, instruction by instruction: every JVM local and operand-stack
 * slot becomes a typed C variable ({@code l3i}, {@code s0f}: slot, then i/j/f/d for int/long/float/double), every
 * jump target a label, every jump a {@code goto}. That covers any javac output without rebuilding loops, and LLVM
 * (PoCL, NVIDIA) turns the variables into registers and the gotos back into loops. References never become C
 * values: {@link KernelInterpreter} tracks which array each one is, and accesses name that array directly.
 *
 * <p>The C function takes the method's parameters (an array as {@code T* aK, int aK_len}, in the address space its
 * caller's array lives in), then {@code __global int *faults, int *ofs}. A failed check records the fault, sets
 * {@code *ofs} and returns at once; callers return as soon as {@code *ofs} is set.
 */
final class MethodTranslator implements Opcodes {
    private static final String CALL_HINT = "a kernel may call static methods of application classes, "
            + "java.lang.Math/StrictMath and the bit and floating-point methods of Integer, Long, Float and Double";

    private final Translation tx;
    private final ClassNode owner;
    private final MethodNode method;
    private final boolean[] globalParams;
    private final String cName;
    private final Type[] paramTypes;
    private final int[] paramLocal;
    private final boolean[] read;
    private final boolean[] written;
    private final Map<String, String> decls = new LinkedHashMap<>();
    private final List<String> arrays = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private int[] lineOf;
    private Frame<Val>[] frames;
    private int current;
    private final Type returnType;
    /**
     * The local slot of the loop index whose bounds checks the caller has proved (see {@link Translation#inRange}),
     * or -1: then every access is checked as the options say.
     */
    private final int inRangeLocal;
    /** Per parameter, whether an access indexed by {@link #inRangeLocal} dropped its check. */
    private final boolean[] inRangeArrays;
    /** Where each stack value came from, for {@link #inRange}; null unless {@link #inRangeLocal} is set. */
    private Frame<SourceValue>[] sources;

    MethodTranslator(Translation tx, ClassNode owner, MethodNode method, boolean[] globalParams, String cName) {
        this(tx, owner, method, globalParams, cName, -1);
    }

    /**
     * A translator that leaves out the bounds checks of every access to an array parameter whose index is the
     * unmodified {@code int} parameter in local {@code inRangeLocal}: the caller runs the result only when that index
     * is known to be below the length of every such array ({@link #inRangeArrays()}).
     */
    MethodTranslator(Translation tx, ClassNode owner, MethodNode method, boolean[] globalParams, String cName,
                     int inRangeLocal) {
        this.tx = tx;
        this.owner = owner;
        this.method = method;
        this.globalParams = globalParams;
        this.cName = cName;
        this.paramTypes = Type.getArgumentTypes(method.desc);
        this.returnType = Type.getReturnType(method.desc);
        this.paramLocal = new int[paramTypes.length];
        int local = 0;
        for (int k = 0; k < paramTypes.length; k++) {
            paramLocal[k] = local;
            local += paramTypes[k].getSize();
        }
        this.read = new boolean[paramTypes.length];
        this.written = new boolean[paramTypes.length];
        this.inRangeLocal = inRangeLocal;
        this.inRangeArrays = new boolean[paramTypes.length];
    }

    private boolean droppedAny() {
        for (boolean d : inRangeArrays) {
            if (d) {
                return true;
            }
        }
        return false;
    }

    /** Per parameter, whether the translation left out a check because its index is the in-range local. */
    boolean[] inRangeArrays() {
        return inRangeArrays.clone();
    }

    static String javaName(String owner, String name, String descriptor) {
        StringBuilder b = new StringBuilder(owner.replace('/', '.')).append('.').append(name).append('(');
        Type[] args = Type.getArgumentTypes(descriptor);
        for (int i = 0; i < args.length; i++) {
            b.append(i == 0 ? "" : ", ").append(args[i].getClassName());
        }
        return b.append(')').toString();
    }

    /** {@code File.java:LINE} of instruction {@code index} (line {@code ?} without debug information). */
    String position(int index) {
        String file = owner.sourceFile != null ? owner.sourceFile : Names.simple(owner.name) + ".class";
        int line = lineOf != null && index >= 0 && index < lineOf.length ? lineOf[index] : firstLine(method);
        return file + ":" + (line > 0 ? line : "?");
    }

    static int firstLine(MethodNode m) {
        for (AbstractInsnNode n : m.instructions) {
            if (n instanceof LineNumberNode ln) {
                return ln.line;
            }
        }
        return -1;
    }

    private String where() {
        return Names.simple(owner.name) + "." + method.name;
    }

    private TranslationFailure refuse(String construct, String hint) {
        return new TranslationFailure(position(current) + ": in " + where() + ": " + construct
                + (hint == null ? "" : "; " + hint));
    }

    Translation.Summary translate() {
        if ((method.access & ACC_STATIC) == 0) {
            throw refuse("is an instance method", "capture locals or use a static method");
        }
        if ((method.access & (ACC_NATIVE | ACC_ABSTRACT)) != 0) {
            throw refuse("has no bytecode (native or abstract)", null);
        }
        InsnList insns = method.instructions;
        lineOf = new int[insns.size()];
        int line = -1;
        for (int i = 0; i < insns.size(); i++) {
            if (insns.get(i) instanceof LineNumberNode ln) {
                line = ln.line;
            }
            lineOf[i] = line;
        }
        for (AbstractInsnNode n : insns) {
            if (n.getOpcode() == MONITORENTER) { // before the try/catch check: synchronized makes a handler too
                current = insns.indexOf(n);
                throw refuse("synchronizes (synchronized)", "use Atomics.add");
            }
        }
        for (TryCatchBlockNode tc : method.tryCatchBlocks) {
            current = insns.indexOf(tc.handler);
            // A label takes the line of the line-number entry right after it (the catch clause), not the one before.
            for (AbstractInsnNode n = tc.handler; n != null && n.getOpcode() < 0; n = n.getNext()) {
                if (n instanceof LineNumberNode ln) {
                    lineOf[current] = ln.line;
                    break;
                }
            }
            throw refuse("catches exceptions (try/catch or try-with-resources)", null);
        }
        int[] ordinalOfLocal = new int[Math.max(method.maxLocals, 1)];
        java.util.Arrays.fill(ordinalOfLocal, -1);
        for (int k = 0; k < paramTypes.length; k++) {
            ordinalOfLocal[paramLocal[k]] = k;
        }
        for (AbstractInsnNode n : insns) {
            int op = n.getOpcode();
            if (op == JSR || op == RET) {
                current = insns.indexOf(n);
                throw refuse("uses jsr/ret (class files before Java 6)", null);
            }
        }
        try {
            frames = new Analyzer<>(new KernelInterpreter(insns, ordinalOfLocal)).analyze(owner.name, method);
        } catch (AnalyzerException e) {
            current = e.node != null ? insns.indexOf(e.node) : 0;
            throw refuse("cannot be analysed: " + e.getMessage(), null);
        }
        if (inRangeLocal >= 0 && tx.options.checks() && neverStored(insns, inRangeLocal)) {
            try {
                sources = new Analyzer<>(new ThroughCopies()).analyze(owner.name, method);
            } catch (AnalyzerException e) {
                sources = null;     // the Val analysis above succeeded; without sources every check stays
            }
        }
        Set<LabelNode> targets = new HashSet<>();
        for (AbstractInsnNode n : insns) {
            if (n instanceof JumpInsnNode j) {
                targets.add(j.label);
            } else if (n instanceof TableSwitchInsnNode t) {
                targets.add(t.dflt);
                targets.addAll(t.labels);
            } else if (n instanceof LookupSwitchInsnNode l) {
                targets.add(l.dflt);
                targets.addAll(l.labels);
            }
        }
        StringBuilder params = new StringBuilder();
        for (int k = 0; k < paramTypes.length; k++) {
            Type t = paramTypes[k];
            current = 0;
            if (k > 0) {
                params.append(", ");
            }
            String element = elementC(t);
            if (element != null) {
                boolean global = globalParams[k] || isDeviceArray(t);
                params.append(global ? "__global " : "").append(element).append(" *a").append(k)
                        .append(", const int a").append(k).append("_len");
                if (t.getDescriptor().equals("[D") || t.getDescriptor().equals("Ldev/offload/DeviceDoubles;")) {
                    tx.usesDoubles = true;
                }
            } else if (t.getSort() >= Type.BOOLEAN && t.getSort() <= Type.DOUBLE) {
                Val v = new KernelInterpreter(insns, ordinalOfLocal).newValue(t);
                params.append(v.cType()).append(" l").append(paramLocal[k]).append(v.suffix());
                if (t == Type.DOUBLE_TYPE) {
                    tx.usesDoubles = true;
                }
            } else {
                throw refuse("takes a parameter of type " + t.getClassName(),
                        "kernel methods take primitives, primitive arrays and device arrays");
            }
        }
        if (paramTypes.length > 0) {
            params.append(", ");
        }
        params.append("__global int *faults, int *ofs");

        for (int i = 0; i < insns.size(); i++) {
            AbstractInsnNode n = insns.get(i);
            current = i;
            if (n instanceof LabelNode label && targets.contains(label)) {
                body.append("L").append(i).append(":;\n");
            }
            if (n.getOpcode() < 0 || frames[i] == null) {
                continue; // labels, line numbers, frames, and code no path reaches
            }
            instruction(i, n, frames[i]);
        }

        StringBuilder fn = new StringBuilder();
        fn.append("/* ").append(javaName(owner.name, method.name, method.desc)).append(", ")
                .append(owner.sourceFile).append(" */\n");
        fn.append("static ").append(cReturn()).append(' ').append(cName).append('(').append(params).append(") {\n");
        for (Map.Entry<String, String> d : decls.entrySet()) {
            fn.append("    ").append(d.getValue()).append(' ').append(d.getKey()).append(" = 0;\n");
        }
        for (String a : arrays) {
            fn.append("    ").append(a).append('\n');
        }
        fn.append(body);
        fn.append("}\n\n");
        if (inRangeLocal < 0 || droppedAny()) {
            tx.code.append(fn);     // an in-range copy that dropped nothing would be the checked function again
        }
        return new Translation.Summary(cName, read, written);
    }

    private String cReturn() {
        return switch (returnType.getSort()) {
            case Type.VOID -> "void";
            case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> "int";
            case Type.LONG -> "long";
            case Type.FLOAT -> "float";
            case Type.DOUBLE -> "double";
            default -> throw refuse("returns a " + returnType.getClassName(), "a kernel method returns a primitive or nothing");
        };
    }

    private String failReturn() {
        return returnType.getSort() == Type.VOID ? "return;" : "return 0;";
    }

    /** The C element type of a primitive array or device array type, or null for anything else. */
    static String elementC(Type t) {
        if (t.getSort() == Type.ARRAY) {
            if (t.getDimensions() != 1 || t.getElementType().getSort() > Type.DOUBLE) {
                return null;
            }
            return ParamType.of(t.getElementType().getDescriptor().charAt(0)).elementC();
        }
        return switch (t.getDescriptor()) {
            case "Ldev/offload/DeviceInts;" -> "int";
            case "Ldev/offload/DeviceLongs;" -> "long";
            case "Ldev/offload/DeviceDoubles;" -> "double";
            case "Ldev/offload/DeviceFloats;" -> "float";
            default -> null;
        };
    }

    static boolean isDeviceArray(Type t) {
        return t.getSort() == Type.OBJECT && elementC(t) != null;
    }

    // ---- variables ----

    private String stack(Frame<Val> f, int depth) {
        Val v = f.getStack(depth);
        return var("s" + depth + v.suffix(), v.cType());
    }

    private String push(int depth, Val kind) {
        if (kind.type() == Type.DOUBLE_TYPE) {
            tx.usesDoubles = true;
        }
        return var("s" + depth + kind.suffix(), kind.cType());
    }

    private String local(int slot, Val kind) {
        String name = "l" + slot + kind.suffix();
        for (int k = 0; k < paramTypes.length; k++) {
            if (paramLocal[k] == slot && elementC(paramTypes[k]) == null
                    && new KernelInterpreter(method.instructions, new int[0]).newValue(paramTypes[k]).equals(kind)) {
                return name; // a C parameter, not declared again
            }
        }
        return var(name, kind.cType());
    }

    private String var(String name, String cType) {
        decls.putIfAbsent(name, cType);
        return name;
    }

    private void line(String s) {
        body.append("    ").append(s).append('\n');
    }

    private void fault(String condition, int kind, String index, String length) {
        int site = tx.site(position(current));
        line("if (" + condition + ") { offload_fault(faults, " + kind + ", " + index + ", " + length + ", " + site
                + "); *ofs = 1; " + failReturn() + " }");
    }

    /** One array as C names: the pointer, its length, its element descriptor, and the source id for read/written. */
    private record Array(String pointer, String length, char element, boolean global, int source) {
    }

    private Array array(Val ref) {
        if (ref.type() == null || !ref.isReference() || ref.sources().isEmpty()) {
            throw refuse("uses an array that is not a parameter or a local new T[CONSTANT]",
                    "a kernel indexes captured arrays, device arrays and its own constant-size arrays");
        }
        if (ref.sources().size() != 1) {
            throw refuse("uses an array that differs by path (one of several arrays chosen at run time)",
                    "index each array by name");
        }
        int source = ref.sources().iterator().next();
        if (Val.isAlloc(source)) {
            int at = Val.allocInsn(source);
            IntInsnNode n = (IntInsnNode) method.instructions.get(at);
            char e = elementOfNewarray(n.operand);
            return new Array("n" + at, "n" + at + "_len", e, false, source);
        }
        Type t = paramTypes[source];
        String c = elementC(t);
        if (c == null) {
            throw refuse("indexes a " + t.getClassName(), "arrays of arrays and of objects cannot run on a device");
        }
        char e = t.getSort() == Type.ARRAY ? t.getElementType().getDescriptor().charAt(0) : switch (c) {
            case "int" -> 'I';
            case "long" -> 'J';
            case "double" -> 'D';
            default -> 'F';
        };
        return new Array("a" + source, "a" + source + "_len", e, globalParams[source] || isDeviceArray(t), source);
    }

    private static char elementOfNewarray(int operand) {
        return switch (operand) {
            case T_BOOLEAN -> 'Z';
            case T_CHAR -> 'C';
            case T_BYTE -> 'B';
            case T_SHORT -> 'S';
            case T_INT -> 'I';
            case T_FLOAT -> 'F';
            case T_DOUBLE -> 'D';
            default -> 'J';
        };
    }

    private void mark(Array a, boolean isRead, boolean isWrite) {
        if (!Val.isAlloc(a.source())) {
            read[a.source()] |= isRead;
            written[a.source()] |= isWrite;
        }
    }

    /** The check of {@code a[index]}, where the index is the stack value at {@code depth} of the current frame. */
    private void boundsCheck(Array a, String index, int depth) {
        if (!tx.options.checks()) {
            return;
        }
        if (inRange(a, depth)) {
            inRangeArrays[a.source()] = true;
            return;
        }
        fault("(uint) " + index + " >= (uint) " + a.length(), 1, index, a.length());
    }

    /**
     * Whether the index at {@code depth} is the in-range local's value on every path (loaded from it, perhaps
     * duplicated on the stack, never computed), into an array parameter.
     */
    private boolean inRange(Array a, int depth) {
        if (sources == null || sources[current] == null || Val.isAlloc(a.source())) {
            return false;
        }
        SourceValue v = sources[current].getStack(depth);
        if (v.insns.isEmpty()) {
            return false;
        }
        for (AbstractInsnNode n : v.insns) {
            if (!(n instanceof VarInsnNode load) || load.getOpcode() != ILOAD || load.var != inRangeLocal) {
                return false;
            }
        }
        return true;
    }

    /** Whether no instruction stores into local {@code slot}, so every load of it reads the parameter. */
    private static boolean neverStored(InsnList insns, int slot) {
        for (AbstractInsnNode n : insns) {
            if (n instanceof VarInsnNode v && v.var == slot && v.getOpcode() >= ISTORE && v.getOpcode() <= ASTORE) {
                return false;
            }
            if (n instanceof IincInsnNode inc && inc.var == slot) {
                return false;
            }
        }
        return true;
    }

    /** Sources that a {@code dup}/{@code swap} passes through unchanged (javac duplicates indices for {@code +=}). */
    private static final class ThroughCopies extends SourceInterpreter {
        ThroughCopies() {
            super(ASM9);
        }

        @Override
        public SourceValue copyOperation(AbstractInsnNode insn, SourceValue value) {
            int op = insn.getOpcode();
            return op >= DUP && op <= SWAP ? value : super.copyOperation(insn, value);
        }
    }

    private static Val valOf(char element) {
        return switch (element) {
            case 'J' -> Val.LONG;
            case 'F' -> Val.FLOAT;
            case 'D' -> Val.DOUBLE;
            default -> Val.INT;
        };
    }

    private static String storeConversion(char element, String v) {
        return switch (element) {
            case 'Z' -> "(uchar) (" + v + " & 1)";
            case 'B' -> "as_char((uchar) as_uint(" + v + "))";
            case 'S' -> "as_short((ushort) as_uint(" + v + "))";
            case 'C' -> "(ushort) as_uint(" + v + ")";
            default -> v;
        };
    }

    // ---- literals ----

    static String intLiteral(int v) {
        return v == Integer.MIN_VALUE ? "(-2147483647 - 1)" : v < 0 ? "(" + v + ")" : Integer.toString(v);
    }

    static String longLiteral(long v) {
        return v == Long.MIN_VALUE ? "(-9223372036854775807L - 1L)" : v < 0 ? "(" + v + "L)" : v + "L";
    }

    static String floatLiteral(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return "as_float(0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + "u)";
        }
        return "(" + Float.toHexString(v) + "f)";
    }

    static String doubleLiteral(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "as_double(0x" + Long.toHexString(Double.doubleToRawLongBits(v)) + "ul)";
        }
        return "(" + Double.toHexString(v) + ")";
    }

    // ---- instructions ----

    private void instruction(int index, AbstractInsnNode n, Frame<Val> f) {
        int op = n.getOpcode();
        int sp = f.getStackSize();
        switch (op) {
            case NOP, POP, POP2 -> {
            }
            case ACONST_NULL -> throw refuse("uses null", "a kernel works on captured arrays only");
            case ICONST_M1, ICONST_0, ICONST_1, ICONST_2, ICONST_3, ICONST_4, ICONST_5 ->
                    line(push(sp, Val.INT) + " = " + intLiteral(op - ICONST_0) + ";");
            case BIPUSH, SIPUSH -> line(push(sp, Val.INT) + " = " + intLiteral(((IntInsnNode) n).operand) + ";");
            case LCONST_0, LCONST_1 -> line(push(sp, Val.LONG) + " = " + (op - LCONST_0) + "L;");
            case FCONST_0, FCONST_1, FCONST_2 -> line(push(sp, Val.FLOAT) + " = " + (op - FCONST_0) + ".0f;");
            case DCONST_0, DCONST_1 -> line(push(sp, Val.DOUBLE) + " = " + (op - DCONST_0) + ".0;");
            case LDC -> ldc(((LdcInsnNode) n).cst, sp);
            case ILOAD, LLOAD, FLOAD, DLOAD -> {
                Val kind = valOf("IJFD".charAt(op - ILOAD));
                line(push(sp, kind) + " = " + local(((VarInsnNode) n).var, kind) + ";");
            }
            case ISTORE, LSTORE, FSTORE, DSTORE -> {
                Val kind = valOf("IJFD".charAt(op - ISTORE));
                line(local(((VarInsnNode) n).var, kind) + " = " + stack(f, sp - 1) + ";");
            }
            case ALOAD, ASTORE -> {
                // References are tracked by the analysis; no C value moves.
            }
            case IALOAD, LALOAD, FALOAD, DALOAD, BALOAD, CALOAD, SALOAD -> {
                Array a = array(f.getStack(sp - 2));
                String i = stack(f, sp - 1);
                boundsCheck(a, i, sp - 1);
                mark(a, true, false);
                Val kind = valOf(a.element());
                String load = a.pointer() + "[" + i + "]";
                line(push(sp - 2, kind) + " = " + (kind == Val.INT && a.element() != 'I' ? "(int) " : "") + load + ";");
            }
            case IASTORE, LASTORE, FASTORE, DASTORE, BASTORE, CASTORE, SASTORE -> {
                Array a = array(f.getStack(sp - 3));
                String i = stack(f, sp - 2);
                boundsCheck(a, i, sp - 2);
                mark(a, false, true);
                line(a.pointer() + "[" + i + "] = " + storeConversion(a.element(), stack(f, sp - 1)) + ";");
            }
            case AALOAD, AASTORE -> throw refuse("uses an array of arrays or objects",
                    "flatten it into one primitive array (a[r * cols + c])");
            case DUP, DUP_X1, DUP_X2, DUP2, DUP2_X1, DUP2_X2, SWAP -> shuffle(op, f);
            case IADD, ISUB, IMUL, IAND, IOR, IXOR, ISHL, ISHR, IUSHR, LADD, LSUB, LMUL, LAND, LOR, LXOR, LSHL, LSHR,
                 LUSHR, FADD, FSUB, FMUL, FDIV, FREM, DADD, DSUB, DMUL, DDIV, DREM, LCMP, FCMPL, FCMPG, DCMPL, DCMPG ->
                    binary(op, f, sp);
            case IDIV, IREM, LDIV, LREM -> {
                String b = stack(f, sp - 1);
                if (tx.options.checks()) {
                    fault(b + " == 0", 2, "0", "0");
                }
                String fn = switch (op) {
                    case IDIV -> "j_idiv";
                    case IREM -> "j_irem";
                    case LDIV -> "j_ldiv";
                    default -> "j_lrem";
                };
                Val kind = op == IDIV || op == IREM ? Val.INT : Val.LONG;
                line(push(sp - 2, kind) + " = " + fn + "(" + stack(f, sp - 2) + ", " + b + ");");
            }
            case INEG, LNEG, FNEG, DNEG, I2L, I2F, I2D, L2I, L2F, L2D, F2I, F2L, F2D, D2I, D2L, D2F, I2B, I2C, I2S ->
                    unary(op, f, sp);
            case IINC -> {
                IincInsnNode inc = (IincInsnNode) n;
                String l = local(inc.var, Val.INT);
                line(l + " = j_iadd(" + l + ", " + intLiteral(inc.incr) + ");");
            }
            case IFEQ, IFNE, IFLT, IFGE, IFGT, IFLE -> line("if (" + stack(f, sp - 1) + " " + relation(op - IFEQ)
                    + " 0) goto L" + label(((JumpInsnNode) n).label) + ";");
            case IF_ICMPEQ, IF_ICMPNE, IF_ICMPLT, IF_ICMPGE, IF_ICMPGT, IF_ICMPLE -> line("if (" + stack(f, sp - 2)
                    + " " + relation(op - IF_ICMPEQ) + " " + stack(f, sp - 1) + ") goto L"
                    + label(((JumpInsnNode) n).label) + ";");
            case IF_ACMPEQ, IF_ACMPNE, IFNULL, IFNONNULL -> throw refuse("compares references", null);
            case GOTO -> line("goto L" + label(((JumpInsnNode) n).label) + ";");
            case TABLESWITCH -> {
                TableSwitchInsnNode t = (TableSwitchInsnNode) n;
                StringBuilder s = new StringBuilder("switch (" + stack(f, sp - 1) + ") {");
                for (int k = 0; k < t.labels.size(); k++) {
                    s.append(" case ").append(intLiteral(t.min + k)).append(": goto L").append(label(t.labels.get(k))).append(';');
                }
                line(s.append(" default: goto L").append(label(t.dflt)).append("; }").toString());
            }
            case LOOKUPSWITCH -> {
                LookupSwitchInsnNode l = (LookupSwitchInsnNode) n;
                StringBuilder s = new StringBuilder("switch (" + stack(f, sp - 1) + ") {");
                for (int k = 0; k < l.labels.size(); k++) {
                    s.append(" case ").append(intLiteral(l.keys.get(k))).append(": goto L").append(label(l.labels.get(k))).append(';');
                }
                line(s.append(" default: goto L").append(label(l.dflt)).append("; }").toString());
            }
            case IRETURN, LRETURN, FRETURN, DRETURN -> line("return " + stack(f, sp - 1) + ";");
            case RETURN -> line("return;");
            case ARETURN -> throw refuse("returns an array or object", "a kernel method returns a primitive or nothing");
            case GETSTATIC -> getStatic((FieldInsnNode) n, sp);
            case PUTSTATIC -> throw refuse("writes the static field " + fieldName((FieldInsnNode) n),
                    "a kernel writes only captured arrays");
            case GETFIELD -> throw refuse("reads the field " + fieldName((FieldInsnNode) n),
                    "capture locals or use a static method");
            case PUTFIELD -> throw refuse("writes the field " + fieldName((FieldInsnNode) n),
                    "a kernel writes only captured arrays");
            case INVOKESTATIC -> invokeStatic((MethodInsnNode) n, f, sp);
            case INVOKEVIRTUAL -> invokeVirtual((MethodInsnNode) n, f, sp);
            case INVOKESPECIAL -> {
                MethodInsnNode m = (MethodInsnNode) n;
                throw refuse(m.name.equals("<init>") ? "allocates an object (new " + m.owner.replace('/', '.') + ")"
                        : "calls " + javaName(m.owner, m.name, m.desc), CALL_HINT);
            }
            case INVOKEINTERFACE -> {
                MethodInsnNode m = (MethodInsnNode) n;
                throw refuse("calls " + javaName(m.owner, m.name, m.desc) + " (an interface call)", CALL_HINT);
            }
            case INVOKEDYNAMIC -> throw refuse("uses invokedynamic (a lambda, method reference or string concatenation"
                    + " inside the kernel)", null);
            case NEW -> throw refuse("allocates an object (new " + ((TypeInsnNode) n).desc.replace('/', '.') + ")",
                    "a kernel may allocate only constant-size primitive arrays (new int[16])");
            case NEWARRAY -> newArray(index, (IntInsnNode) n, f);
            case ANEWARRAY, MULTIANEWARRAY -> throw refuse("allocates an array of arrays or objects",
                    "a kernel may allocate only constant-size primitive arrays (new int[16])");
            case ARRAYLENGTH -> {
                Array a = array(f.getStack(sp - 1));
                line(push(sp - 1, Val.INT) + " = " + a.length() + ";");
            }
            case ATHROW -> throw refuse("throws an exception", "a kernel reports only index and arithmetic faults");
            case CHECKCAST -> throw refuse("casts a reference to " + ((TypeInsnNode) n).desc.replace('/', '.'), null);
            case INSTANCEOF -> throw refuse("tests instanceof " + ((TypeInsnNode) n).desc.replace('/', '.'), null);
            case MONITORENTER, MONITOREXIT -> throw refuse("synchronizes (synchronized)", "use Atomics.add");
            default -> throw refuse("uses the unsupported instruction " + op, null);
        }
    }

    private int label(LabelNode l) {
        return method.instructions.indexOf(l);
    }

    private static String relation(int k) {
        return new String[] {"==", "!=", "<", ">=", ">", "<="}[k];
    }

    private static String fieldName(FieldInsnNode n) {
        return n.owner.replace('/', '.') + "." + n.name;
    }

    private void ldc(Object c, int sp) {
        if (c instanceof Integer i) {
            line(push(sp, Val.INT) + " = " + intLiteral(i) + ";");
        } else if (c instanceof Long l) {
            line(push(sp, Val.LONG) + " = " + longLiteral(l) + ";");
        } else if (c instanceof Float x) {
            line(push(sp, Val.FLOAT) + " = " + floatLiteral(x) + ";");
        } else if (c instanceof Double d) {
            line(push(sp, Val.DOUBLE) + " = " + doubleLiteral(d) + ";");
        } else if (c instanceof String) {
            throw refuse("uses a string", "strings cannot run on a device");
        } else {
            throw refuse("uses the constant " + c, null);
        }
    }

    private void getStatic(FieldInsnNode n, int sp) {
        // static final primitives that javac did not inline (initialised at run time): read once, inline the value.
        Type t = Type.getType(n.desc);
        boolean closed = false;
        if (t.getSort() >= Type.BOOLEAN && t.getSort() <= Type.DOUBLE) {
            try {
                Class<?> c = Class.forName(n.owner.replace('/', '.'), true, tx.loader);
                Field field = c.getDeclaredField(n.name);
                closed = !field.trySetAccessible();
                if (!closed && Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers())) {
                    Object v = field.get(null);
                    switch (t.getSort()) {
                        case Type.BOOLEAN -> line(push(sp, Val.INT) + " = " + (((Boolean) v) ? 1 : 0) + ";");
                        case Type.CHAR -> line(push(sp, Val.INT) + " = " + (int) (Character) v + ";");
                        case Type.BYTE, Type.SHORT, Type.INT -> line(push(sp, Val.INT) + " = "
                                + intLiteral(((Number) v).intValue()) + ";");
                        case Type.LONG -> line(push(sp, Val.LONG) + " = " + longLiteral((Long) v) + ";");
                        case Type.FLOAT -> line(push(sp, Val.FLOAT) + " = " + floatLiteral((Float) v) + ";");
                        default -> line(push(sp, Val.DOUBLE) + " = " + doubleLiteral((Double) v) + ";");
                    }
                    return;
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // fall through to the refusal
            }
        }
        if (closed) {
            // a named module that does not open the field's package: the value cannot be read, only its bytecode
            throw refuse("reads the static field " + fieldName(n) + ", which its module does not open to dev.offload",
                    "capture its value in a local, or open the package to dev.offload");
        }
        throw refuse("reads the static field " + fieldName(n),
                "a kernel reads captured values and static final primitive constants");
    }

    private void newArray(int index, IntInsnNode n, Frame<Val> f) {
        AbstractInsnNode prev = n.getPrevious();
        while (prev != null && prev.getOpcode() < 0) {
            prev = prev.getPrevious();
        }
        Integer size = null;
        if (prev != null) {
            int p = prev.getOpcode();
            if (p >= ICONST_M1 && p <= ICONST_5) {
                size = p - ICONST_0;
            } else if (p == BIPUSH || p == SIPUSH) {
                size = ((IntInsnNode) prev).operand;
            } else if (p == LDC && ((LdcInsnNode) prev).cst instanceof Integer i) {
                size = i;
            }
        }
        if (size == null) {
            throw refuse("allocates an array of non-constant size",
                    "a kernel may allocate only constant-size primitive arrays (new int[16])");
        }
        char e = elementOfNewarray(n.operand);
        int bytes = ParamType.of(e).elementBytes();
        if ((long) size * bytes > 16384) {
            throw refuse("allocates a private array of " + size + " elements",
                    "a kernel's own arrays live in registers and private memory: at most 16 KiB each");
        }
        int source = Val.alloc(index);
        for (int k = 0; k < f.getLocals(); k++) {
            if (f.getLocal(k).sources().contains(source)) {
                throw refuse("allocates an array in a loop while an earlier one from here is still in use",
                        "allocate it once, before the loop");
            }
        }
        for (int k = 0; k < f.getStackSize(); k++) {
            if (f.getStack(k).sources().contains(source)) {
                throw refuse("allocates an array in a loop while an earlier one from here is still in use",
                        "allocate it once, before the loop");
            }
        }
        if (size < 0) {
            fault("1", 3, intLiteral(size), "0");
            return;
        }
        String c = ParamType.of(e).elementC();
        if (e == 'D') {
            tx.usesDoubles = true;
        }
        arrays.add(c + " n" + index + "[" + Math.max(size, 1) + "]; const int n" + index + "_len = " + size + ";");
        line("for (int z = 0; z < " + size + "; z++) n" + index + "[z] = 0;");
    }

    private void binary(int op, Frame<Val> f, int sp) {
        String a = stack(f, sp - 2);
        String b = stack(f, sp - 1);
        String expr;
        Val kind;
        switch (op) {
            case IADD -> { expr = "j_iadd(" + a + ", " + b + ")"; kind = Val.INT; }
            case ISUB -> { expr = "j_isub(" + a + ", " + b + ")"; kind = Val.INT; }
            case IMUL -> { expr = "j_imul(" + a + ", " + b + ")"; kind = Val.INT; }
            case IAND -> { expr = a + " & " + b; kind = Val.INT; }
            case IOR -> { expr = a + " | " + b; kind = Val.INT; }
            case IXOR -> { expr = a + " ^ " + b; kind = Val.INT; }
            case ISHL -> { expr = "j_ishl(" + a + ", " + b + ")"; kind = Val.INT; }
            case ISHR -> { expr = "j_ishr(" + a + ", " + b + ")"; kind = Val.INT; }
            case IUSHR -> { expr = "j_iushr(" + a + ", " + b + ")"; kind = Val.INT; }
            case LADD -> { expr = "j_ladd(" + a + ", " + b + ")"; kind = Val.LONG; }
            case LSUB -> { expr = "j_lsub(" + a + ", " + b + ")"; kind = Val.LONG; }
            case LMUL -> { expr = "j_lmul(" + a + ", " + b + ")"; kind = Val.LONG; }
            case LAND -> { expr = a + " & " + b; kind = Val.LONG; }
            case LOR -> { expr = a + " | " + b; kind = Val.LONG; }
            case LXOR -> { expr = a + " ^ " + b; kind = Val.LONG; }
            case LSHL -> { expr = "j_lshl(" + a + ", " + b + ")"; kind = Val.LONG; }
            case LSHR -> { expr = "j_lshr(" + a + ", " + b + ")"; kind = Val.LONG; }
            case LUSHR -> { expr = "j_lushr(" + a + ", " + b + ")"; kind = Val.LONG; }
            case FADD -> { expr = a + " + " + b; kind = Val.FLOAT; }
            case FSUB -> { expr = a + " - " + b; kind = Val.FLOAT; }
            case FMUL -> { expr = a + " * " + b; kind = Val.FLOAT; }
            case FDIV -> { expr = "j_fdiv(" + a + ", " + b + ")"; kind = Val.FLOAT; }
            case FREM -> { expr = "fmod(" + a + ", " + b + ")"; kind = Val.FLOAT; }
            case DADD -> { expr = a + " + " + b; kind = Val.DOUBLE; }
            case DSUB -> { expr = a + " - " + b; kind = Val.DOUBLE; }
            case DMUL -> { expr = a + " * " + b; kind = Val.DOUBLE; }
            case DDIV -> { expr = a + " / " + b; kind = Val.DOUBLE; }
            case DREM -> { expr = "fmod(" + a + ", " + b + ")"; kind = Val.DOUBLE; }
            case LCMP -> { expr = "j_lcmp(" + a + ", " + b + ")"; kind = Val.INT; }
            case FCMPL -> { expr = "j_fcmpl(" + a + ", " + b + ")"; kind = Val.INT; }
            case FCMPG -> { expr = "j_fcmpg(" + a + ", " + b + ")"; kind = Val.INT; }
            case DCMPL -> { expr = "j_dcmpl(" + a + ", " + b + ")"; kind = Val.INT; }
            default -> { expr = "j_dcmpg(" + a + ", " + b + ")"; kind = Val.INT; }
        }
        line(push(sp - 2, kind) + " = " + expr + ";");
    }

    private void unary(int op, Frame<Val> f, int sp) {
        String a = stack(f, sp - 1);
        String expr;
        Val kind;
        switch (op) {
            case INEG -> { expr = "j_ineg(" + a + ")"; kind = Val.INT; }
            case LNEG -> { expr = "j_lneg(" + a + ")"; kind = Val.LONG; }
            case FNEG -> { expr = "-" + a; kind = Val.FLOAT; }
            case DNEG -> { expr = "-" + a; kind = Val.DOUBLE; }
            case I2L -> { expr = "(long) " + a; kind = Val.LONG; }
            case I2F -> { expr = "(float) " + a; kind = Val.FLOAT; }
            case I2D -> { expr = "(double) " + a; kind = Val.DOUBLE; }
            case L2I -> { expr = "j_l2i(" + a + ")"; kind = Val.INT; }
            case L2F -> { expr = "(float) " + a; kind = Val.FLOAT; }
            case L2D -> { expr = "(double) " + a; kind = Val.DOUBLE; }
            case F2I -> { expr = "j_f2i(" + a + ")"; kind = Val.INT; }
            case F2L -> { expr = "j_f2l(" + a + ")"; kind = Val.LONG; }
            case F2D -> { expr = "(double) " + a; kind = Val.DOUBLE; }
            case D2I -> { expr = "j_d2i(" + a + ")"; kind = Val.INT; }
            case D2L -> { expr = "j_d2l(" + a + ")"; kind = Val.LONG; }
            case D2F -> { expr = "(float) " + a; kind = Val.FLOAT; }
            case I2B -> { expr = "j_i2b(" + a + ")"; kind = Val.INT; }
            case I2C -> { expr = "j_i2c(" + a + ")"; kind = Val.INT; }
            default -> { expr = "j_i2s(" + a + ")"; kind = Val.INT; }
        }
        line(push(sp - 1, kind) + " = " + expr + ";");
    }

    /** The DUP and SWAP family: the stack after, as indices into the stack before; copies only primitives. */
    private void shuffle(int op, Frame<Val> f) {
        int n = f.getStackSize();
        List<Integer> after = new ArrayList<>();
        boolean c2top = f.getStack(n - 1).getSize() == 2;
        boolean c2second = n >= 2 && f.getStack(n - 2).getSize() == 2;
        int keep;
        int[] tail;
        switch (op) {
            case DUP -> { keep = n - 1; tail = new int[] {n - 1, n - 1}; }
            case DUP_X1 -> { keep = n - 2; tail = new int[] {n - 1, n - 2, n - 1}; }
            case DUP_X2 -> {
                if (c2second) {
                    keep = n - 2; tail = new int[] {n - 1, n - 2, n - 1};
                } else {
                    keep = n - 3; tail = new int[] {n - 1, n - 3, n - 2, n - 1};
                }
            }
            case DUP2 -> {
                if (c2top) {
                    keep = n - 1; tail = new int[] {n - 1, n - 1};
                } else {
                    keep = n - 2; tail = new int[] {n - 2, n - 1, n - 2, n - 1};
                }
            }
            case DUP2_X1 -> {
                if (c2top) {
                    keep = n - 2; tail = new int[] {n - 1, n - 2, n - 1};
                } else {
                    keep = n - 3; tail = new int[] {n - 2, n - 1, n - 3, n - 2, n - 1};
                }
            }
            case DUP2_X2 -> {
                if (c2top && c2second) {
                    keep = n - 2; tail = new int[] {n - 1, n - 2, n - 1};
                } else if (c2top) {
                    keep = n - 3; tail = new int[] {n - 1, n - 3, n - 2, n - 1};
                } else if (f.getStack(n - 3).getSize() == 2) {
                    keep = n - 3; tail = new int[] {n - 2, n - 1, n - 3, n - 2, n - 1};
                } else {
                    keep = n - 4; tail = new int[] {n - 2, n - 1, n - 4, n - 3, n - 2, n - 1};
                }
            }
            default -> { keep = n - 2; tail = new int[] {n - 1, n - 2}; } // SWAP
        }
        for (int k = 0; k < keep; k++) {
            after.add(k);
        }
        for (int t : tail) {
            after.add(t);
        }
        StringBuilder s = new StringBuilder("{");
        StringBuilder assign = new StringBuilder();
        for (int p = keep; p < after.size(); p++) {
            int from = after.get(p);
            Val v = f.getStack(from);
            if (from == p || v.isReference()) {
                continue;
            }
            s.append(' ').append(v.cType()).append(" t").append(p).append(" = ").append(stack(f, from)).append(';');
            assign.append(' ').append(push(p, v)).append(" = t").append(p).append(';');
        }
        line(s.append(assign).append(" }").toString());
    }

    private String[] args(Frame<Val> f, int sp, int count) {
        String[] a = new String[count];
        for (int k = 0; k < count; k++) {
            a[k] = stack(f, sp - count + k);
        }
        return a;
    }

    private void invokeStatic(MethodInsnNode m, Frame<Val> f, int sp) {
        Type[] args = Type.getArgumentTypes(m.desc);
        Type ret = Type.getReturnType(m.desc);
        int base = sp - args.length;
        if (m.owner.equals("dev/offload/Atomics") && m.name.equals("add")
                && (m.desc.equals("([III)I") || m.desc.equals("([JIJ)J"))) {
            Array a = array(f.getStack(base));
            String i = stack(f, base + 1);
            String delta = stack(f, base + 2);
            boundsCheck(a, i, base + 1);
            mark(a, true, true);
            boolean isLong = m.desc.equals("([JIJ)J");
            String result = push(base, isLong ? Val.LONG : Val.INT);
            if (a.global()) {
                line(result + " = " + (isLong ? "atom_add" : "atomic_add") + "(&" + a.pointer() + "[" + i + "], "
                        + delta + ");");
            } else { // a private array: no other work-item can see it
                line(result + " = " + a.pointer() + "[" + i + "]; " + a.pointer() + "[" + i + "] = "
                        + (isLong ? "j_ladd(" : "j_iadd(") + result + ", " + delta + ");");
            }
            return;
        }
        Intrinsics.Intrinsic intrinsic = Intrinsics.find(m.owner, m.name, m.desc);
        if (intrinsic != null) {
            String[] a = args(f, sp, args.length);
            if (intrinsic.zeroCheckedArg() >= 0 && tx.options.checks()) {
                fault(a[intrinsic.zeroCheckedArg()] + " == 0", 2, "0", "0");
            }
            if (intrinsic.needsDouble()) {
                tx.usesDoubles = true;
            }
            Val kind = new KernelInterpreter(method.instructions, new int[0]).newValue(ret);
            line(push(base, kind) + " = " + Intrinsics.call(intrinsic, m.desc, a) + ";");
            return;
        }
        if (Intrinsics.isLibraryClass(m.owner)) {
            throw refuse("calls " + javaName(m.owner, m.name, m.desc), CALL_HINT);
        }
        ClassNode calleeOwner = tx.classNode(m.owner);
        MethodNode callee = calleeOwner == null ? null : Translation.method(calleeOwner, m.name, m.desc);
        if (callee == null) {
            throw refuse("calls " + javaName(m.owner, m.name, m.desc) + ", whose bytecode cannot be found", CALL_HINT);
        }
        boolean[] global = new boolean[args.length];
        Array[] arrayArgs = new Array[args.length];
        for (int k = 0; k < args.length; k++) {
            if (elementC(args[k]) != null) {
                arrayArgs[k] = array(f.getStack(base + k));
                global[k] = arrayArgs[k].global();
            }
        }
        Translation.Summary s = tx.function(calleeOwner, callee, global, position(current));
        StringBuilder call = new StringBuilder(s.cName()).append('(');
        for (int k = 0; k < args.length; k++) {
            if (arrayArgs[k] != null) {
                mark(arrayArgs[k], s.read()[k], s.written()[k]);
                call.append(arrayArgs[k].pointer()).append(", ").append(arrayArgs[k].length());
            } else {
                call.append(stack(f, base + k));
            }
            call.append(", ");
        }
        call.append("faults, ofs)");
        if (ret.getSort() == Type.VOID) {
            line(call + "; if (*ofs) " + failReturn());
        } else {
            Val kind = new KernelInterpreter(method.instructions, new int[0]).newValue(ret);
            line(push(base, kind) + " = " + call + "; if (*ofs) " + failReturn());
        }
    }

    private void invokeVirtual(MethodInsnNode m, Frame<Val> f, int sp) {
        Type owner = Type.getObjectType(m.owner);
        if (isDeviceArray(owner)) {
            char e = switch (elementC(owner)) {
                case "int" -> 'I';
                case "long" -> 'J';
                case "double" -> 'D';
                default -> 'F';
            };
            if (m.name.equals("get") && m.desc.equals("(I)" + e)) {
                Array a = array(f.getStack(sp - 2));
                String i = stack(f, sp - 1);
                boundsCheck(a, i, sp - 1);
                mark(a, true, false);
                line(push(sp - 2, valOf(e)) + " = " + a.pointer() + "[" + i + "];");
                return;
            }
            if (m.name.equals("set") && m.desc.equals("(I" + e + ")V")) {
                Array a = array(f.getStack(sp - 3));
                String i = stack(f, sp - 2);
                boundsCheck(a, i, sp - 2);
                mark(a, false, true);
                line(a.pointer() + "[" + i + "] = " + stack(f, sp - 1) + ";");
                return;
            }
            if (m.name.equals("length") && m.desc.equals("()J")) {
                Array a = array(f.getStack(sp - 1));
                line(push(sp - 1, Val.LONG) + " = (long) " + a.length() + ";");
                return;
            }
        }
        throw refuse("calls " + javaName(m.owner, m.name, m.desc) + " (a virtual call)", CALL_HINT);
    }
}
