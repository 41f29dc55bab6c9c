package dev.offload.translate;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A serializable lambda's {@link SerializedLambda}. A lambda's class has a private {@code writeReplace} that returns
 * it. Calling that method reflectively needs {@code setAccessible}, which a named module refuses unless it opens the
 * lambda's package to {@code dev.offload}; serialization itself may call it from any module. So where the method
 * cannot be made accessible, this serializes the lambda into nothing and keeps the first object handed to
 * {@link ObjectOutputStream#replaceObject replaceObject}, which is what {@code writeReplace} returned, and replaces it
 * with null: the captured values are never serialized (they need not be serializable).
 *
 * <p>The reflective call stays the first choice where it is allowed (the class path, open packages): about 30 ns
 * against 0.3-1 us for a stream, per device launch (warm, median of 9 interleaved rounds on the 2-core machine).
 */
final class SerializedForm extends ObjectOutputStream {
    /** Per lambda class: its writeReplace, made accessible, or null where its module does not allow that. */
    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                return m.trySetAccessible() ? m : null;
            } catch (NoSuchMethodException | SecurityException e) {
                return null;
            }
        }
    };

    private Object first;
    private boolean seen;

    private SerializedForm() throws IOException {
        super(OutputStream.nullOutputStream());
        enableReplaceObject(true);
    }

    /**
     * The serialized form of {@code lambda}.
     *
     * @throws IllegalArgumentException if {@code lambda} is not a lambda or method reference
     */
    static SerializedLambda of(Object lambda) {
        Object form = viaReflection(lambda);
        if (form == null) {
            form = viaStream(lambda);
        }
        if (!(form instanceof SerializedLambda s)) {
            throw new IllegalArgumentException("not a lambda or method reference (no SerializedLambda): "
                    + lambda.getClass().getName());
        }
        return s;
    }

    /** What {@code writeReplace} returns, or null where it cannot be called reflectively. */
    private static Object viaReflection(Object lambda) {
        Method m = WRITE_REPLACE.get(lambda.getClass());
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(lambda);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /** What serialization writes in place of {@code lambda}, read without serializing it. */
    static Object viaStream(Object lambda) {
        try (SerializedForm out = new SerializedForm()) {
            out.writeObject(lambda);
            return out.first;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a lambda or method reference (its serialized form cannot be"
                    + " read): " + lambda.getClass().getName(), e);
        }
    }

    @Override
    protected Object replaceObject(Object obj) {
        if (!seen) {
            seen = true;
            first = obj;
        }
        return null;
    }
}
