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

    /**
     * The options call that admits class {@code binaryName}, for error messages: {@code allowClasses(Simple.class)},
     * and {@code allowPackages("com.example")} beside it (for a class of the unnamed package, {@code ""}).
     */
    static String howToAdmit(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        String simple = binaryName.substring(dot + 1).replace('$', '.');
        String pkg = dot < 0 ? "" : binaryName.substring(0, dot);
        return "ProcessOptions.allowClasses(" + simple + ".class) or allowPackages(\"" + pkg + "\")"
                + (pkg.isEmpty() ? " (the unnamed package)" : "");
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

    /**
     * A filter for one read of {@code streamLength} bytes. Besides the allow list it bounds the graph: depth, and
     * array lengths, which may not exceed the stream's length (every element takes at least one byte), so a few
     * forged bytes cannot make the reader allocate gigabytes before any check.
     */
    Filter newFilter(long streamLength) {
        return new Filter(streamLength);
    }

    /** One read's filter: remembers the first class it refused, or the first limit that was exceeded. */
    final class Filter implements ObjectInputFilter {
        static final long MAX_DEPTH = 2_000;
        private final long streamLength;
        private String refused;
        private String exceeded;

        Filter(long streamLength) {
            this.streamLength = streamLength;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > MAX_DEPTH) {
                return exceed("an object graph deeper than " + MAX_DEPTH);
            }
            if (info.arrayLength() > streamLength) {
                return exceed("an array of length " + info.arrayLength() + " in " + streamLength + " bytes");
            }
            if (info.references() > streamLength || info.streamBytes() > streamLength) {
                return exceed("more references or bytes than the " + streamLength + " bytes sent");
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

        private Status exceed(String what) {
            if (exceeded == null) {
                exceeded = what;
            }
            return Status.REJECTED;
        }

        /** The binary name of the first class refused, or {@code null}. */
        String refused() {
            return refused;
        }

        /** The first limit exceeded, in words, or {@code null}. */
        String exceeded() {
            return exceeded;
        }
    }
}
