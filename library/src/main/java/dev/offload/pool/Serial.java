package dev.offload.pool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.LinkedHashSet;
import java.util.Set;

/** Java serialization for the process pool: writing records every class written; reading goes through an allow list. */
final class Serial {
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private Serial() {
    }

    /**
     * Bytes of a serialized object, the names of the classes in its graph (array types by element type) and those
     * classes that an application class loader defined (whose jars a worker may lack).
     */
    record Serialized(byte[] bytes, Set<String> classNames, Set<Class<?>> classes) {
    }

    /** A class the allow list refused while reading. */
    static final class RefusedClassException extends InvalidClassException {
        private static final long serialVersionUID = 1L;
        final String refused;

        RefusedClassException(String refused) {
            super(refused, "refused by the process pool's deserialization filter");
            this.refused = refused;
        }
    }

    /**
     * Serializes {@code o}: plain values through {@link ValueCodec} (no class names to record, and no classes a worker
     * could lack), anything else through Java serialization.
     */
    static Serialized serialize(Object o) throws IOException {
        byte[] plain = ValueCodec.encode(o);
        if (plain != null) {
            return new Serialized(plain, Set.of(), Set.of());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        Set<String> names = new LinkedHashSet<>();
        Set<Class<?>> classes = new LinkedHashSet<>();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            @Override
            protected void annotateClass(Class<?> cl) {
                Class<?> e = AllowList.elementType(cl);
                names.add(e.getName());
                ClassLoader l = e.getClassLoader();
                if (l != null && l != PLATFORM) {
                    classes.add(e);
                }
            }

            @Override
            protected void annotateProxyClass(Class<?> cl) {
                names.add(cl.getName());
                for (Class<?> i : cl.getInterfaces()) {
                    names.add(i.getName());
                }
            }
        }) {
            out.writeObject(o);
        }
        return new Serialized(bytes.toByteArray(), names, classes);
    }

    /**
     * Reads an object through {@code allow}, resolving classes with {@code loader} first (may be {@code null}).
     *
     * @throws RefusedClassException naming the first class the allow list refused
     */
    static Object deserialize(byte[] bytes, AllowList allow, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        if (ValueCodec.isEncoded(bytes)) {
            return ValueCodec.decode(bytes); // creates only classes that every allow list admits
        }
        AllowList.Filter filter = allow.newFilter(bytes.length);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                // The task's own loader first: the caller's classes may not be visible to offload's loader.
                if (loader != null) {
                    try {
                        return Class.forName(desc.getName(), false, loader);
                    } catch (ClassNotFoundException e) {
                        // primitives and JDK-internal names resolve below
                    }
                }
                return super.resolveClass(desc);
            }
        }) {
            in.setObjectInputFilter(filter);
            return in.readObject();
        } catch (InvalidClassException e) {
            if (filter.exceeded() != null) {
                InvalidObjectException x = new InvalidObjectException("serialized data refused by the process pool's"
                        + " limits: it holds " + filter.exceeded());
                x.initCause(e);
                throw x;
            }
            if (filter.refused() != null) {
                RefusedClassException r = new RefusedClassException(filter.refused());
                r.initCause(e);
                throw r;
            }
            throw e;
        }
    }
}
