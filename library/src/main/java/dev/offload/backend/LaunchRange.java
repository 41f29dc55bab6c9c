package dev.offload.backend;

/**
 * The work-items of one launch: {@code rows x cols} for a 2-D range, or {@code cols} work-items for a 1-D one.
 * Reductions ask the backend how many work-groups it will use ({@link Backend#groups}) so that they can size their
 * partials, and finish with a {@link #oneGroup} launch.
 *
 * @param twoD     whether the range has two dimensions
 * @param rows     number of rows of a 2-D range (1 for a 1-D range)
 * @param cols     number of work-items of a 1-D range, or of columns of a 2-D one
 * @param oneGroup whether a 1-D range runs as a single work-group of the device's size, its work-items striding over
 *                 {@code cols} (a reduction's finish)
 */
public record LaunchRange(boolean twoD, int rows, int cols, boolean oneGroup) {
    /** Checks the sizes. */
    public LaunchRange {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("a range cannot be negative: " + rows + " x " + cols);
        }
        if (oneGroup && twoD) {
            throw new IllegalArgumentException("a one-group range is 1-D");
        }
    }

    /** A range of many work-groups. */
    public LaunchRange(boolean twoD, int rows, int cols) {
        this(twoD, rows, cols, false);
    }

    /**
     * A 1-D range of {@code n} work-items' worth of work done by one work-group (the kernel strides by its local
     * size); on the Java backends one call over {@code [0, n)}.
     */
    public static LaunchRange oneGroup(int n) {
        return new LaunchRange(false, 1, n, true);
    }

    /** A 1-D range of {@code n} work-items. */
    public static LaunchRange of(int n) {
        return new LaunchRange(false, 1, n);
    }

    /** A 2-D range of {@code rows x cols} work-items. */
    public static LaunchRange of(int rows, int cols) {
        return new LaunchRange(true, rows, cols);
    }

    /** Number of work-items. */
    public long size() {
        return (long) rows * cols;
    }
}
