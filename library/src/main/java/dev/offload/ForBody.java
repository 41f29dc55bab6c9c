package dev.offload;

import java.io.Serializable;

/**
 * The body of a one-dimensional parallel loop: {@code apply(i)} for every {@code i} in {@code [0, n)}, in any order
 * and in parallel. Serializable so that the translator can read the lambda's bytecode and captured values
 * ({@code writeReplace}); capture locals (primitives, primitive arrays, device arrays), never {@code this}.
 */
@FunctionalInterface
public interface ForBody extends Serializable {
    /**
     * Runs the body for index {@code i}.
     *
     * @param i the index, in {@code [0, n)}
     */
    void apply(int i);
}
