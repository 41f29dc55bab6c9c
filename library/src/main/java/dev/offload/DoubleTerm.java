package dev.offload;

import java.io.Serializable;

/** The {@code double} term of index {@code i} in a reduction ({@code sumDouble}, {@code reduceDouble}). */
@FunctionalInterface
public interface DoubleTerm extends Serializable {
    /**
     * The term of index {@code i}.
     *
     * @param i the index
     * @return the term of index {@code i}
     */
    double apply(int i);
}
