package dev.offload;

import java.io.Serializable;

/**
 * Combines two {@code double} partial results of a reduction, for example {@code Math::max}. It should be
 * associative and commutative (partials are combined in no fixed order; floating-point sums may therefore differ
 * from a sequential loop in the last bits) and may capture nothing.
 */
@FunctionalInterface
public interface DoubleCombiner extends Serializable {
    /**
     * The combination of two partial results.
     *
     * @param a a partial result
     * @param b another partial result
     * @return the combination of {@code a} and {@code b}
     */
    double apply(double a, double b);
}
