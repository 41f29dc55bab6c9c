package dev.offload.pool;

import java.io.ObjectInputFilter;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The deserialization allow list of the process pool, used on both sides of the pipe: the pool's protocol types,
 * common JDK value types, the classes recorded while the task and its items were serialized (and classes nested in
 * the same top-level class), and the classes and packages the user added. Everything else is refused, and the
 * {@link Filter} remembers the first refused name so the error can name it.
 */
final class AllowList {
    private static final Set<String> JDK_CLASSES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Integer",
            "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character", "java.lang.Number",
            "java.lang.Enum", "java.lang.StackTraceElement", "java.lang.invoke.SerializedLambda",
            // element types that collections check in readObject (ArrayList: Object[], HashMap: Map.Entry[])
            "java.lang.Object", "java.util.Map$Entry",
            "java.math.BigInteger", "java.math.BigDecimal",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeSet", "java.util.EnumMap", "java.util.EnumSet", "java.util.RegularEnumSet",
            "java.util.JumboEnumSet", "java.util.EnumSet$SerializationProxy", "java.util.Arrays$ArrayList",
            "java.util.CollSer", "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
            "java.util.UUID", "java.util.Date", "java.util.BitSet", "java.util.Locale",
            "dev.offload.pool.ChunkTask");
    private static final String[] JDK_PREFIXES = {
        "java.time.", "java.util.ImmutableCollections$", "java.util.Collections$"};
    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private final Set<String> classes;
    private final Set<String> topLevel;
    private final Set<String> packages;

    AllowList(Collection<String> classes, Collection<String> packages) {
        this.classes = Set.copyOf(classes);
        this.packages = Set.copyOf(packages);
        Set<String> tops = new HashSet<>();
        for (String c : classes) {
            if (!isJdk(c)) {
                tops.add(topLevel(c));
            }
        }
        this.topLevel = Set.copyOf(tops);
    }

    static Class<?> elementType(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    private static boolean isJdk(String name) {
        for (String p : JDK_PACKAGES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String topLevel(String name) {
        int dollar = name.indexOf('$', name.lastIndexOf('.') + 1);
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    boolean allows(Class<?> c) {
        c = elementType(c);
        String name = c.getName();
        if (c.isPrimitive() || JDK_CLASSES.contains(name) || classes.contains(name)) {
            return true;
        }
        for (String p : JDK_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        if (Throwable.class.isAssignableFrom(c) && (name.startsWith("java.") || name.startsWith("dev.offload."))) {
            return true;
        }
        if (packages.contains(c.getPackageName())) {
            return true;
        }
        return !isJdk(name) && topLevel.contains(topLevel(name));
    }

    Filter newFilter() {
        return new Filter();
    }

    /** One read's filter: remembers the first class it refused. */
    final class Filter implements ObjectInputFilter {
        private static final long MAX_DEPTH = 2_000;
        private String refused;

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH) {
                refused = refused == null ? "(object graph deeper than " + MAX_DEPTH + ")" : refused;
                return Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            if (c == null || allows(c)) {
                return Status.ALLOWED;
            }
            if (refused == null) {
                refused = elementType(c).getName();
            }
            return Status.REJECTED;
        }

        String refused() {
            return refused;
        }
    }
}
