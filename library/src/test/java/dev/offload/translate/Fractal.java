package dev.offload.translate;

/** Static helpers that corpus kernels call (a second class, as an application's kernels do). */
final class Fractal {
    private Fractal() {
    }

    static int mandel(int r, int c, int w, int h, int maxIter) {
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

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static float at(float[] img, int w, int h, int r, int c) {
        return img[clamp(r, 0, h - 1) * w + clamp(c, 0, w - 1)];
    }

    static int bin(float x, int bins) {
        int b = (int) (x * bins);
        return b < 0 ? 0 : Math.min(b, bins - 1);
    }

    static long mix(long a, int b) {
        return Long.rotateLeft(a * 0x9E3779B97F4A7C15L + b, 17) ^ (a >>> 29);
    }

    static void scatter(int[] out, int i, int v) {
        out[i] = v;
        out[i + 1] = v * 2;
    }
}
