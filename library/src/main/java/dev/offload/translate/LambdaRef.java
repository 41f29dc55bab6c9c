package dev.offload.translate;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.util.Objects;

/**
 * A serializable lambda or method reference as the translator needs it: its {@link SerializedLambda} (implementing
 * method, captured values) and the class loader that can read the implementing class's bytecode.
 */
record LambdaRef(SerializedLambda lambda, ClassLoader loader, Class<?> implClass) {

    /** Reads {@code lambda}'s serialized form (see {@link SerializedForm}). */
    static LambdaRef of(Object lambda) {
        Objects.requireNonNull(lambda, "lambda");
        if (!(lambda instanceof Serializable)) {
            throw new IllegalArgumentException("not a serializable lambda: " + lambda.getClass().getName());
        }
        SerializedLambda s = SerializedForm.of(lambda);
        ClassLoader loader = lambda.getClass().getClassLoader();
        Class<?> impl;
        try {
            impl = Class.forName(s.getImplClass().replace('/', '.'), false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("cannot load the class of the lambda body: " + s.getImplClass(), e);
        }
        return new LambdaRef(s, loader, impl);
    }

    String implOwner() {
        return lambda.getImplClass();
    }

    String implName() {
        return lambda.getImplMethodName();
    }

    String implDesc() {
        return lambda.getImplMethodSignature();
    }

    /** The cache key of the implementing method, within {@link #implClass()}. */
    String key() {
        return implName() + implDesc() + "/" + lambda.getImplMethodKind() + "/" + lambda.getFunctionalInterfaceMethodSignature();
    }

    boolean isStatic() {
        return lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeStatic;
    }

    /**
     * Checks that the lambda is a static method and captures only primitives, primitive arrays and device arrays;
     * returns the implementing method's parsed class, or null for a JDK class (a method reference like
     * {@code Math::max}).
     */
    ClassNode checkCaptures(Translation tx) {
        ClassNode owner = Intrinsics.isLibraryClass(implOwner()) ? null : tx.classNode(implOwner());
        MethodNode m = owner == null ? null : Translation.method(owner, implName(), implDesc());
        String at = owner == null ? implOwner().replace('/', '.') : position(owner, m);
        if (!isStatic()) {
            throw new TranslationFailure(at + ": the kernel " + (lambda.getCapturedArgCount() > 0
                    ? "captures 'this' or an object and calls its method " : "is an instance method ")
                    + Names.simple(implOwner()) + "." + implName() + "; capture locals or use a static method");
        }
        Type[] args = Type.getArgumentTypes(implDesc());
        for (int k = 0; k < lambda.getCapturedArgCount(); k++) {
            Type t = args[k];
            boolean ok = (t.getSort() >= Type.BOOLEAN && t.getSort() <= Type.DOUBLE) || MethodTranslator.elementC(t) != null;
            if (!ok) {
                throw new TranslationFailure(at + ": the kernel captures a " + t.getClassName()
                        + " (capture " + k + "); a kernel captures primitives, primitive arrays and device arrays:"
                        + " capture locals or use a static method");
            }
        }
        if (owner != null && m == null) {
            throw new TranslationFailure(at + ": cannot find the bytecode of " + implName());
        }
        return owner;
    }

    static String position(ClassNode owner, MethodNode m) {
        int line = m == null ? -1 : MethodTranslator.firstLine(m);
        return (owner.sourceFile != null ? owner.sourceFile : Names.simple(owner.name) + ".class") + ":"
                + (line > 0 ? line : "?");
    }
}
