package dev.offload;

/**
 * The kernels of {@link JavaKernelsBenchmark}'s first-call benchmarks. That benchmark loads this class afresh for
 * every invocation ({@link JavaKernelsBenchmark.FreshLoader}), so each call's lambdas are new classes that no
 * translation cache has seen: a call times translation, the device build and one launch. Public API only: a class
 * of another loader is another runtime package, so package-private members of dev.offload are out of its reach.
 */
public final class FirstCallKernels {
    private FirstCallKernels() {
    }

    /**
     * The Mandelbrot loop body: iteration counts into {@code img} (row-major, {@code h x w}), for a 2-D
     * {@code parallelFor(h, w, body)}.
     *
     * @param img     the output, {@code h * w} long
     * @param w       columns
     * @param h       rows
     * @param maxIter the iteration cap
     * @return the body
     */
    public static ForBody2D mandelbrot(int[] img, int w, int h, int maxIter) {
        return (r, c) -> img[r * w + c] = mandel(r, c, w, h, maxIter);
    }

    /**
     * The term of a sum of squares, for {@code sumLong(xs.length, term)}.
     *
     * @param xs the elements
     * @return the term
     */
    public static LongTerm squares(int[] xs) {
        return i -> (long) xs[i] * xs[i];
    }

    /**
     * Iterations of {@code z = z^2 + c} before {@code |z| > 2}, at most {@code maxIter}, for pixel {@code (r, c)}.
     *
     * @param r       row
     * @param c       column
     * @param w       columns
     * @param h       rows
     * @param maxIter the iteration cap
     * @return the iteration count
     */
    public static int mandel(int r, int c, int w, int h, int maxIter) {
        double x0 = (c - w * 0.7) * 3.0 / w;
        double y0 = (r - h * 0.5) * 2.5 / h;
        double x = 0;
        double y = 0;
        int it = 0;
        while (x * x + y * y <= 4 && it < maxIter) {
            double t = x * x - y * y + x0;
            y = 2 * x * y + y0;
            x = t;
            it++;
        }
        return it;
    }
}
