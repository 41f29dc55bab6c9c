package dev.offload;

import java.io.Serializable;

/**
 * Combines two {@code long} partial results of a reduction, for example {@code Math::max}. It must be associative
 * and commutative (partials are combined in no fixed order) and may capture nothing.
 */
@FunctionalInterface
public interface LongCombiner extends Serializable {
    /**
     * The combination of two partial results.
     *
     * @param a a partial result
     * @param b another partial result
     * @return the combination of {@code a} and {@code b}
     */
    long apply(long a, long b);
}
