package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceFloats;
import dev.offload.DeviceKind;
import dev.offload.Offload;
import dev.offload.Profile;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Kernels written in Java, on every device: saxpy ({@code z[i] = a * x[i] + y[i]} over N floats, from heap arrays and
 * device-resident) and a Mandelbrot set on a 2-D grid (iterations per pixel, through a static helper). The device
 * rows run the translated lambda, the Java rows the lambda itself; every result is checked against a plain loop of
 * the same Java code, bit for bit (float arithmetic without contraction is exact in both).
 */
final class JavaKernelsSuite implements Suite {
    static final String NAME = "java-kernels";
    static final String SAXPY = "saxpy_f32";
    static final String MANDELBROT = "mandelbrot_2d_i32";
    /** Iterations before a point counts as inside the set. */
    static final int MAX_ITER = 256;
    private static final float A = 2.5f;

    /**
     * Why saxpy over {@code n} floats cannot be compared here, or {@code null} when it can: more than a Java array
     * holds, or more than the heap holds (x, y, z and the oracle's z: 16 bytes per element).
     *
     * @param n       the float count
     * @param maxHeap the most heap this JVM may use
     * @return one line, or {@code null}
     */
    static String whyTooBig(long n, long maxHeap) {
        if (n > IntsSuite.MAX_ARRAY) {
            return Units.count(n) + " floats do not fit in a Java array (at most " + Units.count(IntsSuite.MAX_ARRAY)
                    + ")";
        }
        if (16 * n > maxHeap) {
            return "needs at least " + Units.bytes(16 * n) + " of Java heap for saxpy (x, y, z and the oracle's z: 16 "
                    + "bytes per float), this JVM may use " + Units.bytes(maxHeap) + "; give it more with "
                    + "OFFLOAD_JAVA_OPTS=-Xmx" + ((16 * n >> 30) + 2) + "g or ask for fewer";
        }
        return null;
    }

    /**
     * Why a {@code side} x {@code side} Mandelbrot grid cannot be compared here, or {@code null} when it can.
     *
     * @param side the grid's width and height in pixels
     * @return one line, or {@code null}
     */
    static String whyBadGrid(int side) {
        if (side < 1) {
            return "the grid side must be at least 1, not " + side;
        }
        if ((long) side * side > IntsSuite.MAX_ARRAY) {
            return side + " x " + side + " pixels do not fit in a Java array";
        }
        return null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int cases(Settings s) {
        return s.devices().size() * (s.sizes().size() * 2 + 1);
    }

    @Override
    public void run(Settings s, Runner runner) {
        int side = s.grid();
        int[] expectedImage = mandelbrotOracle(side, side);
        for (long size : s.sizes()) {
            if (size > IntsSuite.MAX_ARRAY) {
                throw new IllegalArgumentException("float count " + size + " exceeds the largest Java array");
            }
            int n = (int) size;
            SplittableRandom random = new SplittableRandom(s.seed());
            float[] x = new float[n];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (random.nextDouble() * 200 - 100);
                y[i] = (float) (random.nextDouble() * 200 - 100);
            }
            float[] expected = saxpyOracle(A, x, y);
            for (Device d : s.devices()) {
                boolean base = d.kind() == DeviceKind.JAVA_SEQUENTIAL;
                Offload off = runner.openOrFail(d.id(), size, "floats", base, SAXPY);
                if (off == null) {
                    continue;
                }
                try (off) {
                    Supplier<Profile> profile = off::lastProfile;
                    runner.measure(new Case(SAXPY, IntsSuite.HOST, d.id(), size, "floats", base),
                            () -> saxpy(off, A, x, y), expected, profile);
                    try (DeviceFloats dx = off.upload(x); DeviceFloats dy = off.upload(y);
                         DeviceFloats dz = off.upload(new float[n])) {
                        runner.measure(new Case(SAXPY, IntsSuite.RESIDENT, d.id(), size, "floats", false),
                                () -> saxpy(off, A, dx, dy, dz), (Resident r) -> r.toArray(), expected, profile);
                    }
                }
            }
        }
        long pixels = (long) side * side;
        for (Device d : s.devices()) {
            boolean base = d.kind() == DeviceKind.JAVA_SEQUENTIAL;
            try (Offload off = Offload.open(d.id())) {
                runner.measure(new Case(MANDELBROT, IntsSuite.HOST, d.id(), pixels, "pixels", base),
                        () -> mandelbrot(off, side, side), expectedImage, off::lastProfile);
            } catch (RuntimeException e) {
                runner.add(Row.untimed(new Case(MANDELBROT, IntsSuite.HOST, d.id(), pixels, "pixels", base), false,
                        "failed to open the device: " + e));
            }
        }
    }

    /** {@code a * x + y} into a new array, as a Java kernel. */
    static float[] saxpy(Offload off, float a, float[] x, float[] y) {
        float[] z = new float[x.length];
        off.parallelFor(x.length, i -> z[i] = a * x[i] + y[i]);
        return z;
    }

    /**
     * The same on device arrays: the result stays in {@code z}; the check downloads it, after the timing.
     */
    static Resident saxpy(Offload off, float a, DeviceFloats x, DeviceFloats y, DeviceFloats z) {
        off.parallelFor((int) x.length(), i -> z.set(i, a * x.get(i) + y.get(i)));
        return new Resident(z);
    }

    /** Iterations per pixel of a {@code h} x {@code w} grid, row-major, as a 2-D Java kernel. */
    static int[] mandelbrot(Offload off, int h, int w) {
        int[] img = new int[h * w];
        off.parallelFor(h, w, (r, c) -> img[r * w + c] = mandel(r, c, w, h, MAX_ITER));
        return img;
    }

    /**
     * Iterations of {@code z = z^2 + c} before {@code |z| > 2}, at most {@code maxIter}, for the pixel in row
     * {@code r}, column {@code c} of a {@code w} x {@code h} view of [-2.1, 0.9] x [-1.25, 1.25]. Float arithmetic:
     * devices without fp64 run it too.
     */
    static int mandel(int r, int c, int w, int h, int maxIter) {
        float x0 = (c - w * 0.7f) * 3.0f / w;
        float y0 = (r - h * 0.5f) * 2.5f / h;
        float x = 0;
        float y = 0;
        int it = 0;
        while (x * x + y * y <= 4f && it < maxIter) {
            float t = x * x - y * y + x0;
            y = 2 * x * y + y0;
            x = t;
            it++;
        }
        return it;
    }

    static float[] saxpyOracle(float a, float[] x, float[] y) {
        float[] z = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = a * x[i] + y[i];
        }
        return z;
    }

    static int[] mandelbrotOracle(int h, int w) {
        int[] img = new int[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                img[r * w + c] = mandel(r, c, w, h, MAX_ITER);
            }
        }
        return img;
    }

    /**
     * A device-resident result that is not closed after each run (the runner closes {@link AutoCloseable} results):
     * the three device arrays live for all the timed runs of the case.
     *
     * @param z the result on the device
     */
    record Resident(DeviceFloats z) {
        float[] toArray() {
            return z.toArray();
        }
    }
}
