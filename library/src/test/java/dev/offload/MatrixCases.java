package dev.offload;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.BaseStream;
import java.util.stream.Stream;

/**
 * The case axis of a matrix test ({@link BackendMatrix#cases()}, and the pool matrix's): a method of the test class
 * that lists cases, as {@code @MethodSource} would, and the product of the matrix's cells with them.
 */
public final class MatrixCases {
    private MatrixCases() {
    }

    /**
     * Each cell followed by each case's values, cell by cell; the cells alone when {@code casesMethod} is empty.
     *
     * @param context     the test method's context (its class and, per-class lifecycle, its instance)
     * @param casesMethod the cases method's name, or empty
     * @param cells       the matrix's cells
     */
    public static Stream<Arguments> product(ExtensionContext context, String casesMethod, List<?> cells) {
        if (casesMethod.isEmpty()) {
            return cells.stream().map(c -> Arguments.of(c));
        }
        List<Object[]> cases = cases(context, casesMethod);
        return cells.stream().flatMap(cell -> cases.stream().map(values -> {
            Object[] all = new Object[values.length + 1];
            all[0] = cell;
            System.arraycopy(values, 0, all, 1, values.length);
            return Arguments.of(all);
        }));
    }

    /** The values of each case that {@code name} lists. */
    static List<Object[]> cases(ExtensionContext context, String name) {
        Class<?> testClass = context.getRequiredTestClass();
        Method m = ReflectionSupport.findMethod(testClass, name).orElseThrow(() -> new IllegalArgumentException(
                "cases method " + name + "() not found in " + testClass.getName()));
        Object target = Modifier.isStatic(m.getModifiers()) ? null : context.getTestInstance().orElseThrow(() ->
                new IllegalArgumentException("cases method " + name + "() must be static (or the class per-class)"));
        Object listed = ReflectionSupport.invokeMethod(m, target);
        List<Object[]> out = new ArrayList<>();
        for (Object c : elements(listed, name)) {
            out.add(c instanceof Arguments a ? a.get() : new Object[] {c});
        }
        return out;
    }

    private static List<?> elements(Object listed, String name) {
        if (listed instanceof BaseStream<?, ?> s) {
            List<Object> all = new ArrayList<>();
            s.iterator().forEachRemaining(all::add);
            s.close();
            return all;
        }
        if (listed instanceof Iterable<?> it) {
            List<Object> all = new ArrayList<>();
            it.forEach(all::add);
            return all;
        }
        if (listed instanceof Object[] a) {
            return Arrays.asList(a);
        }
        if (listed instanceof int[] a) {
            return Arrays.stream(a).boxed().toList();
        }
        throw new IllegalArgumentException("cases method " + name + "() returned "
                + (listed == null ? "null" : listed.getClass().getName())
                + ", not a Stream, IntStream, Iterable or array");
    }
}
