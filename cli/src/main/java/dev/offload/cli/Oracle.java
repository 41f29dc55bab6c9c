package dev.offload.cli;

import java.util.Arrays;
import java.util.Objects;

/**
 * The expected results, computed with the plainest Java loops (independent of every backend, the sequential Java
 * backend included), and the comparison that says how a result differs.
 */
final class Oracle {
    private Oracle() {
    }

    static long[] squares(int[] xs) {
        long[] out = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = (long) xs[i] * xs[i];
        }
        return out;
    }

    static long sum(int[] xs) {
        long s = 0;
        for (int x : xs) {
            s += x;
        }
        return s;
    }

    static long sumOfSquares(int[] xs) {
        long s = 0;
        for (int x : xs) {
            s += (long) x * x;
        }
        return s;
    }

    /**
     * The histogram of word lengths, as the library defines it.
     *
     * @param lengths word lengths
     * @return {@code hist[k]} = words of length k, sized longest + 1 ({@code [0]} for no words)
     */
    static long[] histogram(int[] lengths) {
        int max = 0;
        for (int l : lengths) {
            max = Math.max(max, l);
        }
        long[] hist = new long[max + 1];
        for (int l : lengths) {
            hist[l]++;
        }
        return hist;
    }

    /**
     * What differs between the oracle's result and another.
     *
     * @param expected the oracle's
     * @param actual   the one checked
     * @return null when equal, else what differs: the first differing index of arrays, or both values
     */
    static String difference(Object expected, Object actual) {
        if (Objects.deepEquals(expected, actual)) {
            return null;
        }
        if (expected instanceof long[] e && actual instanceof long[] a) {
            return arrays(e.length, a.length, Arrays.mismatch(e, a), i -> e[i], i -> a[i]);
        }
        if (expected instanceof int[] e && actual instanceof int[] a) {
            return arrays(e.length, a.length, Arrays.mismatch(e, a), i -> e[i], i -> a[i]);
        }
        if (expected instanceof float[] e && actual instanceof float[] a) {
            return arrays(e.length, a.length, Arrays.mismatch(e, a), i -> e[i], i -> a[i]);
        }
        if (expected instanceof Object[] e && actual instanceof Object[] a) {
            return arrays(e.length, a.length, Arrays.mismatch(e, a), i -> e[i], i -> a[i]);
        }
        return "WRONG: expected " + brief(expected) + ", got " + brief(actual);
    }

    private static String arrays(int en, int an, int i, java.util.function.IntFunction<Object> e,
                                 java.util.function.IntFunction<Object> a) {
        if (i >= Math.min(en, an)) {
            return "WRONG: expected " + en + " elements, got " + an;
        }
        return "WRONG: element " + i + " expected " + e.apply(i) + ", got " + a.apply(i);
    }

    private static String brief(Object o) {
        if (o == null) {
            return "null";
        }
        String s = o.getClass().isArray() ? o.getClass().getComponentType().getSimpleName() + "[...]" : o.toString();
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
