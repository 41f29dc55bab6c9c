package dev.offload.opencl;

import dev.offload.ElementType;
import dev.offload.Kernels;
import dev.offload.backend.Buffer;
import dev.offload.backend.Elementwise;
import dev.offload.backend.Phases;
import dev.offload.backend.Reduction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transfers on both paths (mapped on a CPU device, staged as on a discrete GPU) on either side of
 * {@link Transfers#SMALL_BYTES}, where a transfer switches from one blocking copy of the heap array (and an upload
 * made by the driver as it creates the buffer) to a mapping filled in parallel; and calls made in one queue turn,
 * where no step waits but a blocking download, against the same steps each in their own turn.
 */
class OpenClTransfersTest {

    /** Lengths around the switch for an element of {@code bytes}, and the edges 0 and 1. */
    private static int[] lengths(int bytes) {
        int small = (int) (Transfers.SMALL_BYTES / bytes);
        return new int[] {0, 1, 7, small - 1, small, small + 1, 3 * small + 5};
    }

    @ParameterizedTest(name = "gpuPath={0}")
    @ValueSource(booleans = {false, true})
    void uploadThenDownload_everyTypeAroundTheSwitch_givesTheArrayBack(boolean gpuPath) {
        SplittableRandom random = new SplittableRandom(20261206);
        try (OpenClBackend b = GpuPath.openFirst(GpuPath.options(gpuPath))) {
            for (ElementType type : ElementType.values()) {
                for (int n : lengths(type.bytes())) {
                    Object array = randomArray(type, n, random);
                    Phases phases = new Phases();
                    try (Buffer buf = b.upload(array, phases)) {
                        assertEquals(n, buf.length());
                        Object back = b.download(buf, phases);
                        assertArrayEquals(new Object[] {array}, new Object[] {back}, type + " x " + n);
                        Object into = randomArray(type, n, random);
                        b.downloadInto(buf, into, phases);
                        assertArrayEquals(new Object[] {array}, new Object[] {into}, type + " x " + n + " into");
                    }
                    assertEquals(2L * n * type.bytes(), phases.downloadBytes(), type + " x " + n);
                    assertEquals((long) n * type.bytes(), phases.uploadBytes(), type + " x " + n);
                }
            }
        }
    }

    @ParameterizedTest(name = "gpuPath={0}")
    @ValueSource(booleans = {false, true})
    void oneTurn_uploadMapReduceDownload_equalsSeparateTurnsAndTheJavaAnswer(boolean gpuPath) {
        try (OpenClBackend b = GpuPath.openFirst(GpuPath.options(gpuPath))) {
            for (int n : lengths(Integer.BYTES)) {
                int[] xs = new SplittableRandom(n).ints(n).toArray();
                long[] squares = IntStream.of(xs).mapToLong(x -> (long) x * x).toArray();
                long sumOfSquares = 0;
                for (long s : squares) {
                    sumOfSquares += s;
                }
                Phases phases = new Phases();
                // Everything below waits once: a small download drains the queue, then more is enqueued after it.
                Object[] inOneTurn = b.inOneTurn(phases, () -> {
                    try (Buffer in = b.upload(xs, phases); Buffer sq = Elementwise.map(b, Kernels.SQUARES_I32, in,
                            phases)) {
                        long total = Reduction.reduce(b, Kernels.SUM_SQUARES_I32, in, phases).longValue();
                        long[] out = new long[n];
                        b.downloadInto(sq, out, phases);
                        long again = Reduction.reduce(b, Kernels.SUM_SQUARES_I32, in, phases).longValue();
                        return new Object[] {total, out, again};
                    }
                });
                assertEquals(sumOfSquares, inOneTurn[0], "n=" + n);
                assertArrayEquals(squares, (long[]) inOneTurn[1], "n=" + n);
                assertEquals(sumOfSquares, inOneTurn[2], "n=" + n);
                if (n > 0) {
                    assertTrue(phases.kernelLaunches() >= 3, "every launch is profiled: " + phases.kernelLaunches());
                }
                try (Buffer in = b.upload(xs, new Phases())) {
                    assertEquals(sumOfSquares, Reduction.reduce(b, Kernels.SUM_SQUARES_I32, in, new Phases()));
                    try (Buffer sq = Elementwise.map(b, Kernels.SQUARES_I32, in, new Phases())) {
                        assertArrayEquals(squares, (long[]) b.download(sq, new Phases()), "n=" + n);
                    }
                }
            }
        }
    }

    /**
     * A small buffer closed while a kernel of the same turn may still read it goes back to the pool, so the next
     * small buffer of its size can be the same memory: on a device that shares small buffers with the host, an
     * upload or a clearing done in place at that moment would change the data under the kernel. Each step must see
     * its own data.
     */
    @ParameterizedTest(name = "gpuPath={0}")
    @ValueSource(booleans = {false, true})
    void oneTurn_smallBufferReusedWhileAKernelMayReadIt_everyStepSeesItsOwnData(boolean gpuPath) {
        try (OpenClBackend b = GpuPath.openFirst(GpuPath.options(gpuPath))) {
            int n = 1000;
            int[] first = new SplittableRandom(1).ints(n).toArray();
            int[] second = new SplittableRandom(2).ints(n).toArray();
            Phases phases = new Phases();
            long[][] got = b.inOneTurn(phases, () -> {
                Buffer sq;
                try (Buffer in = b.upload(first, phases)) {
                    sq = Elementwise.map(b, Kernels.SQUARES_I32, in, phases);
                }
                try (sq; Buffer zeros = b.allocate(ElementType.I32, n, phases); Buffer again = b.upload(second, phases);
                     Buffer sq2 = Elementwise.map(b, Kernels.SQUARES_I32, again, phases)) {
                    long[] a = new long[n];
                    b.downloadInto(sq, a, phases);
                    int[] z = new int[n];
                    b.downloadInto(zeros, z, phases);
                    long[] c = new long[n];
                    b.downloadInto(sq2, c, phases);
                    return new long[][] {a, IntStream.of(z).asLongStream().toArray(), c};
                }
            });
            assertArrayEquals(IntStream.of(first).mapToLong(x -> (long) x * x).toArray(), got[0]);
            assertArrayEquals(new long[n], got[1]);
            assertArrayEquals(IntStream.of(second).mapToLong(x -> (long) x * x).toArray(), got[2]);
        }
    }

    @ParameterizedTest(name = "gpuPath={0}")
    @ValueSource(booleans = {false, true})
    void sharedBuffers_onlyOnMappedTransfersOverHostMemoryWithFineGrainedSvm(boolean gpuPath) {
        try (OpenClBackend b = GpuPath.openFirst(GpuPath.options(gpuPath))) {
            ClDevice d = b.clDevice();
            assertEquals(!gpuPath && d.hostUnifiedMemory() && d.fineGrainSvm(), b.sharesSmallBuffers(),
                    d.device().describe());
            try (ClBuffer small = b.allocate(ElementType.I32, 8); ClBuffer large = b.allocate(ElementType.I32,
                    Transfers.SMALL_BYTES / 4 + 1)) {
                assertEquals(b.sharesSmallBuffers(), small.hostView() != null);
                assertEquals(null, large.hostView());
            }
        }
    }

    private static Object randomArray(ElementType type, int n, SplittableRandom random) {
        return switch (type) {
            case U8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) random.nextInt();
                }
                yield a;
            }
            case I16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) random.nextInt();
                }
                yield a;
            }
            case U16 -> {
                char[] a = new char[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (char) random.nextInt();
                }
                yield a;
            }
            case I32 -> random.ints(n).toArray();
            case I64 -> random.longs(n).toArray();
            case F32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Float.intBitsToFloat(random.nextInt());
                }
                yield a;
            }
            case F64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Double.longBitsToDouble(random.nextLong());
                }
                yield a;
            }
        };
    }
}
