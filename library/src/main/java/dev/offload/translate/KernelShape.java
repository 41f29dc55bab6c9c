package dev.offload.translate;

/**
 * What a translated kernel computes, and so which skeleton wraps the lambda's body and which arguments follow the
 * captured values (see {@link TranslatedKernel} for the argument order of each).
 */
public enum KernelShape {
    /** {@code parallelFor(n, i -> ...)}: a {@link dev.offload.ForBody}. */
    FOR_1D,
    /** {@code parallelFor(rows, cols, (r, c) -> ...)}: a {@link dev.offload.ForBody2D}. */
    FOR_2D,
    /** {@code sumLong(n, i -> ...)}: a {@link dev.offload.LongTerm} summed with wrapping {@code +}. */
    SUM_LONG,
    /** {@code sumDouble(n, i -> ...)}: a {@link dev.offload.DoubleTerm} summed with IEEE {@code +}. */
    SUM_DOUBLE,
    /** {@code reduceLong(n, identity, term, combiner)}: a {@link dev.offload.LongTerm} and a {@link dev.offload.LongCombiner}. */
    REDUCE_LONG,
    /** {@code reduceDouble(n, identity, term, combiner)}: a {@link dev.offload.DoubleTerm} and a {@link dev.offload.DoubleCombiner}. */
    REDUCE_DOUBLE;

    /** True for the four reductions, whose kernels write one partial per work-group. */
    public boolean isReduction() {
        return this != FOR_1D && this != FOR_2D;
    }

    /** True for the reductions whose accumulator is a {@code double}. */
    boolean doubleAccumulator() {
        return this == SUM_DOUBLE || this == REDUCE_DOUBLE;
    }
}
