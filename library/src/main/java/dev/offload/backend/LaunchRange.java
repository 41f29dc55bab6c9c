package dev.offload.backend;

/**
 * The work-items of one launch: {@code rows x cols} for a 2-D range, or {@code cols} work-items for a 1-D one.
 * Reductions ask the backend how many work-groups it will use ({@link Backend#groups}) so that they can size their
 * partials, and finish with a {@link #oneGroup} launch. Plans whose kernels address their data by work-group (one
 * group per tile of the input) pick the local size themselves ({@link Backend#localSize}) and launch exactly
 * {@link #groups(int, int)} groups of it.
 *
 * @param twoD     whether the range has two dimensions
 * @param rows     number of rows of a 2-D range (1 for a 1-D range)
 * @param cols     number of work-items of a 1-D range, or of columns of a 2-D one
 * @param oneGroup whether a 1-D range runs as a single work-group of the device's size, its work-items striding over
 *                 {@code cols} (a reduction's finish)
 * @param local    the work-group size of a 1-D range whose global size is exactly {@code cols}, a multiple of it;
 *                 0 where the backend chooses (every other range)
 */
public record LaunchRange(boolean twoD, int rows, int cols, boolean oneGroup, int local) {
    /** Checks the sizes. */
    public LaunchRange {
        if (rows < 0 || cols < 0 || local < 0) {
            throw new IllegalArgumentException("a range cannot be negative: " + rows + " x " + cols + " (local "
                    + local + ")");
        }
        if (oneGroup && twoD) {
            throw new IllegalArgumentException("a one-group range is 1-D");
        }
        if (local != 0 && (twoD || oneGroup || cols % local != 0)) {
            throw new IllegalArgumentException("a range with a local size is 1-D, of whole groups: " + cols
                    + " work-items in groups of " + local);
        }
    }

    /** A range of many work-groups whose size the backend chooses. */
    public LaunchRange(boolean twoD, int rows, int cols, boolean oneGroup) {
        this(twoD, rows, cols, oneGroup, 0);
    }

    /** A range of many work-groups whose size the backend chooses. */
    public LaunchRange(boolean twoD, int rows, int cols) {
        this(twoD, rows, cols, false, 0);
    }

    /**
     * A 1-D range of {@code n} work-items' worth of work done by one work-group (the kernel strides by its local
     * size); on the Java backends one call over {@code [0, n)}.
     */
    public static LaunchRange oneGroup(int n) {
        return new LaunchRange(false, 1, n, true, 0);
    }

    /**
     * A 1-D range of exactly {@code groups} work-groups of {@code local} work-items each (global size
     * {@code groups * local}), for kernels that address their data by group; on the Java backends group {@code g} is
     * one call over work-items {@code [g * local, (g + 1) * local)}.
     *
     * @throws IllegalArgumentException when {@code local} is not positive or the global size does not fit an int
     */
    public static LaunchRange groups(int groups, int local) {
        if (local < 1 || groups < 0 || (long) groups * local > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot launch " + groups + " groups of " + local + " work-items");
        }
        return new LaunchRange(false, 1, groups * local, false, local);
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
