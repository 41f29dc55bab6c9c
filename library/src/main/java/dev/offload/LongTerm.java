package dev.offload;

import java.io.Serializable;

/** The {@code long} term of index {@code i} in a reduction ({@code sumLong}, {@code reduceLong}). */
@FunctionalInterface
public interface LongTerm extends Serializable {
    /**
     * The term of index {@code i}.
     *
     * @param i the index
     * @return the term of index {@code i}
     */
    long apply(int i);
}
