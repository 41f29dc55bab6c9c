package dev.offload;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The element-type axis of the device matrix ({@link BackendMatrix#types()}): what a contract test does with an
 * array of one element type, through {@link Offload}'s typed overloads, and the plain Java loops that define the
 * right answers. A new element type is one more subclass here; a test lists it in its {@code types} once the library
 * has the operations it checks ({@link #hasBuiltIns()}: squares, sum, sumOfSquares, min, max).
 */
abstract class TypedOps {
    /** The reductions every type with built-ins has. */
    enum Reduction {
        SUM, SUM_OF_SQUARES, MIN, MAX
    }

    /** The operations of {@code type}. */
    static TypedOps of(ElementType type) {
        return switch (type) {
            case I32 -> new Ints();
            case I64 -> new Longs();
            case F32 -> new Floats();
            case F64 -> new Doubles();
            default -> throw new IllegalArgumentException("no TypedOps for " + type + ": add a subclass");
        };
    }

    /** Reproducible random elements, negative ones included. */
    abstract Object random(int n, long seed);

    abstract DeviceArray upload(Offload off, Object xs);

    /** A host copy of any device array. */
    static Object toArray(DeviceArray x) {
        return switch (x) {
            case DeviceInts d -> d.toArray();
            case DeviceLongs d -> d.toArray();
            case DeviceFloats d -> d.toArray();
            case DeviceDoubles d -> d.toArray();
            case DeviceBytes d -> d.toArray();
        };
    }

    abstract Number get(DeviceArray x, int i);

    abstract void set(DeviceArray x, int i, Number value);

    /**
     * Checks that two primitive arrays hold the same elements (floating point: the same bits, as
     * {@link Arrays#equals(double[], double[])}), naming the first that differs.
     */
    static void assertSameElements(Object expected, Object actual, String what) {
        if (java.util.Objects.deepEquals(expected, actual)) {
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), what + ": array type");
        int n = java.lang.reflect.Array.getLength(expected);
        assertEquals(n, java.lang.reflect.Array.getLength(actual), what + ": length");
        for (int i = 0; i < n; i++) {
            assertEquals(java.lang.reflect.Array.get(expected, i), java.lang.reflect.Array.get(actual, i),
                    what + ": element " + i);
        }
    }

    /** Whether the library has squares, sum, sumOfSquares, min and max for this type. */
    boolean hasBuiltIns() {
        return true;
    }

    abstract Object squares(Offload off, Object xs);

    abstract DeviceArray squares(Offload off, DeviceArray x);

    /** The reduction through the host-array overload, or the device-array one when {@code xs} is a device array. */
    abstract Number reduce(Offload off, Reduction r, Object xs);

    abstract Object referenceSquares(Object xs);

    /** The reduction by a plain sequential loop; min and max of nothing throw as the library does. */
    abstract Number reference(Reduction r, Object xs);

    /** Checks a reduction of {@code n} elements: exactly, or within the rounding of adding in another order. */
    void assertReduced(Number expected, Number actual, Reduction r, int n, String what) {
        assertEquals(expected, actual, what);
    }

    static NoSuchElementException empty(Reduction r) {
        return new NoSuchElementException(r + " of an empty array");
    }

    static final class Ints extends TypedOps {
        @Override
        Object random(int n, long seed) {
            return new Random(seed).ints(n).toArray();
        }

        @Override
        DeviceArray upload(Offload off, Object xs) {
            return off.upload((int[]) xs);
        }


        @Override
        Number get(DeviceArray x, int i) {
            return ((DeviceInts) x).get(i);
        }

        @Override
        void set(DeviceArray x, int i, Number value) {
            ((DeviceInts) x).set(i, value.intValue());
        }


        @Override
        Object squares(Offload off, Object xs) {
            return off.squares((int[]) xs);
        }

        @Override
        DeviceArray squares(Offload off, DeviceArray x) {
            return off.squares((DeviceInts) x);
        }

        @Override
        Number reduce(Offload off, Reduction r, Object xs) {
            if (xs instanceof DeviceInts x) {
                return switch (r) {
                    case SUM -> off.sum(x);
                    case SUM_OF_SQUARES -> off.sumOfSquares(x);
                    case MIN -> off.min(x);
                    case MAX -> off.max(x);
                };
            }
            int[] a = (int[]) xs;
            return switch (r) {
                case SUM -> off.sum(a);
                case SUM_OF_SQUARES -> off.sumOfSquares(a);
                case MIN -> off.min(a);
                case MAX -> off.max(a);
            };
        }

        @Override
        Object referenceSquares(Object xs) {
            return Arrays.stream((int[]) xs).mapToLong(x -> (long) x * x).toArray();
        }

        @Override
        Number reference(Reduction r, Object xs) {
            int[] a = (int[]) xs;
            long sum = 0;
            long sumSq = 0;
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int x : a) {
                sum += x;
                sumSq += (long) x * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            if (a.length == 0 && (r == Reduction.MIN || r == Reduction.MAX)) {
                throw empty(r);
            }
            return switch (r) {
                case SUM -> sum;
                case SUM_OF_SQUARES -> sumSq;
                case MIN -> min;
                case MAX -> max;
            };
        }
    }

    static final class Longs extends TypedOps {
        @Override
        Object random(int n, long seed) {
            return new Random(seed).longs(n).toArray();
        }

        @Override
        DeviceArray upload(Offload off, Object xs) {
            return off.upload((long[]) xs);
        }


        @Override
        Number get(DeviceArray x, int i) {
            return ((DeviceLongs) x).get(i);
        }

        @Override
        void set(DeviceArray x, int i, Number value) {
            ((DeviceLongs) x).set(i, value.longValue());
        }


        @Override
        Object squares(Offload off, Object xs) {
            return off.squares((long[]) xs);
        }

        @Override
        DeviceArray squares(Offload off, DeviceArray x) {
            return off.squares((DeviceLongs) x);
        }

        @Override
        Number reduce(Offload off, Reduction r, Object xs) {
            if (xs instanceof DeviceLongs x) {
                return switch (r) {
                    case SUM -> off.sum(x);
                    case SUM_OF_SQUARES -> off.sumOfSquares(x);
                    case MIN -> off.min(x);
                    case MAX -> off.max(x);
                };
            }
            long[] a = (long[]) xs;
            return switch (r) {
                case SUM -> off.sum(a);
                case SUM_OF_SQUARES -> off.sumOfSquares(a);
                case MIN -> off.min(a);
                case MAX -> off.max(a);
            };
        }

        @Override
        Object referenceSquares(Object xs) {
            return Arrays.stream((long[]) xs).map(x -> x * x).toArray();
        }

        @Override
        Number reference(Reduction r, Object xs) {
            long[] a = (long[]) xs;
            long sum = 0;
            long sumSq = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (long x : a) {
                sum += x;         // wraps modulo 2^64, as the library promises
                sumSq += x * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            if (a.length == 0 && (r == Reduction.MIN || r == Reduction.MAX)) {
                throw empty(r);
            }
            return switch (r) {
                case SUM -> sum;
                case SUM_OF_SQUARES -> sumSq;
                case MIN -> min;
                case MAX -> max;
            };
        }
    }

    static final class Doubles extends TypedOps {
        @Override
        Object random(int n, long seed) {
            return new Random(seed).doubles(n, -1000, 1000).toArray();
        }

        @Override
        DeviceArray upload(Offload off, Object xs) {
            return off.upload((double[]) xs);
        }


        @Override
        Number get(DeviceArray x, int i) {
            return ((DeviceDoubles) x).get(i);
        }

        @Override
        void set(DeviceArray x, int i, Number value) {
            ((DeviceDoubles) x).set(i, value.doubleValue());
        }


        @Override
        Object squares(Offload off, Object xs) {
            return off.squares((double[]) xs);
        }

        @Override
        DeviceArray squares(Offload off, DeviceArray x) {
            return off.squares((DeviceDoubles) x);
        }

        @Override
        Number reduce(Offload off, Reduction r, Object xs) {
            if (xs instanceof DeviceDoubles x) {
                return switch (r) {
                    case SUM -> off.sum(x);
                    case SUM_OF_SQUARES -> off.sumOfSquares(x);
                    case MIN -> off.min(x);
                    case MAX -> off.max(x);
                };
            }
            double[] a = (double[]) xs;
            return switch (r) {
                case SUM -> off.sum(a);
                case SUM_OF_SQUARES -> off.sumOfSquares(a);
                case MIN -> off.min(a);
                case MAX -> off.max(a);
            };
        }

        @Override
        Object referenceSquares(Object xs) {
            return Arrays.stream((double[]) xs).map(x -> x * x).toArray();
        }

        @Override
        Number reference(Reduction r, Object xs) {
            double[] a = (double[]) xs;
            double sum = 0;
            double sumSq = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : a) {
                sum += x;
                sumSq += x * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            if (a.length == 0 && (r == Reduction.MIN || r == Reduction.MAX)) {
                throw empty(r);
            }
            return switch (r) {
                case SUM -> sum;
                case SUM_OF_SQUARES -> sumSq;
                case MIN -> min;
                case MAX -> max;
            };
        }

        /** Min and max exactly; sums within the rounding of adding {@code n} values of magnitude <= 1000 in any order. */
        @Override
        void assertReduced(Number expected, Number actual, Reduction r, int n, String what) {
            double e = expected.doubleValue();
            double delta = switch (r) {
                case SUM -> 1e-9 * Math.max(1, n * 1000.0);
                case SUM_OF_SQUARES -> 1e-9 * e + 1e-9;
                case MIN, MAX -> 0.0;
            };
            assertEquals(e, actual.doubleValue(), delta, what);
        }
    }

    /** Floats: device arrays only, so far (no float built-ins yet). */
    static final class Floats extends TypedOps {
        @Override
        Object random(int n, long seed) {
            Random r = new Random(seed);
            float[] xs = new float[n];
            for (int i = 0; i < n; i++) {
                xs[i] = (r.nextFloat() - 0.5f) * 2000f;
            }
            return xs;
        }

        @Override
        DeviceArray upload(Offload off, Object xs) {
            return off.upload((float[]) xs);
        }


        @Override
        Number get(DeviceArray x, int i) {
            return ((DeviceFloats) x).get(i);
        }

        @Override
        void set(DeviceArray x, int i, Number value) {
            ((DeviceFloats) x).set(i, value.floatValue());
        }


        @Override
        boolean hasBuiltIns() {
            return false;
        }

        @Override
        Object squares(Offload off, Object xs) {
            throw noBuiltIns();
        }

        @Override
        DeviceArray squares(Offload off, DeviceArray x) {
            throw noBuiltIns();
        }

        @Override
        Number reduce(Offload off, Reduction r, Object xs) {
            throw noBuiltIns();
        }

        @Override
        Object referenceSquares(Object xs) {
            throw noBuiltIns();
        }

        @Override
        Number reference(Reduction r, Object xs) {
            throw noBuiltIns();
        }

        private static UnsupportedOperationException noBuiltIns() {
            return new UnsupportedOperationException("Offload has no f32 built-ins yet: list F32 in a test's types "
                    + "once it has");
        }
    }
}
