package dev.offload;

import java.io.Serializable;

/**
 * The body of a two-dimensional parallel loop: {@code apply(row, col)} for every cell of a {@code rows x cols}
 * grid, in any order and in parallel. The same capture rules as {@link ForBody}.
 */
@FunctionalInterface
public interface ForBody2D extends Serializable {
    /**
     * Runs the body for one cell.
     *
     * @param row the row, in {@code [0, rows)}
     * @param col the column, in {@code [0, cols)}
     */
    void apply(int row, int col);
}
