package dev.offload.opencl;

import dev.offload.DeviceBytes;
import dev.offload.DeviceInts;
import dev.offload.DeviceLongs;
import dev.offload.Kernels;
import dev.offload.MapKernel;
import dev.offload.Offload;
import dev.offload.TestDevices;
import dev.offload.backend.Phases;
import dev.offload.backend.Reduction;
import dev.offload.backend.TextPasses;
import dev.offload.text.JavaWordLengths;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Many threads on one OpenCL device: kernel objects, the program cache, the buffer pool and the staging slots are
 * shared, so each call must keep its kernel arguments and buffers to itself. Run the discrete-GPU way (staged,
 * grid-stride), which shares the most.
 */
class OpenClConcurrencyTest {

    private static Offload openGpuPath() {
        String device = TestDevices.requireOpenClDevices().getFirst().id();
        return Offload.open(device, GpuPath.gpuPath());
    }

    @Test
    void manyThreads_mixingDeviceArraysTextAndUserKernels_getTheOraclesAnswers() throws Exception {
        try (Offload off = openGpuPath(); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 48; t++) {
                int task = t;
                done.add(pool.submit(() -> {
                    Random r = new Random(task);
                    switch (task % 3) {
                        case 0 -> {
                            int[] xs = r.ints(1_000 + task * 97, -1_000_000, 1_000_000).toArray();
                            long[] squares = Arrays.stream(xs).asLongStream().map(x -> x * x).toArray();
                            try (DeviceInts x = off.upload(xs); DeviceLongs sq = off.squares(x)) {
                                assertEquals(Arrays.stream(xs).asLongStream().sum(), off.sum(x), "task " + task);
                                assertEquals(Arrays.stream(squares).sum(), off.sumOfSquares(x), "task " + task);
                                assertArrayEquals(squares, sq.toArray(), "task " + task);
                            }
                        }
                        case 1 -> {
                            byte[] text = OpenClTextTest.textOfSize(r, 2_000 + task * 131);
                            int[] expected = JavaWordLengths.wordLengths(text, false);
                            try (DeviceBytes b = off.upload(text); DeviceInts lengths = off.wordLengths(b)) {
                                assertArrayEquals(expected, lengths.toArray(), "task " + task);
                                assertEquals(expected.length, off.wordCount(b), "task " + task);
                                assertArrayEquals(JavaWordLengths.histogram(text, false),
                                        off.wordLengthHistogram(b), "task " + task);
                            }
                        }
                        default -> {
                            // Four kernels of their own: built while other threads launch, some by two threads
                            // at once.
                            long k = task % 4 + 2;
                            MapKernel affine = MapKernel.ofInts("affine_" + k, "(long) x * " + k + " + 1",
                                    x -> (long) x * k + 1);
                            int[] xs = r.ints(3_000).toArray();
                            assertArrayEquals(Arrays.stream(xs).asLongStream().map(x -> x * k + 1).toArray(),
                                    off.map(affine, xs), "task " + task);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @Test
    void close_whileOtherThreadsCall_refusesTheirLaterCallsWithoutAnyOtherFailure() throws Exception {
        OpenClBackend b = GpuPath.openFirst(GpuPath.options());
        byte[] text = OpenClTextTest.textOfSize(new Random(5), 4_000);
        long words = JavaWordLengths.wordLengths(text, false).length;
        int[] xs = new Random(6).ints(20_000).toArray();
        long sum = Arrays.stream(xs).asLongStream().sum();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(4);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(pool.submit(() -> {
                    started.countDown();
                    Phases p = new Phases();
                    try {
                        while (true) {
                            try (ClBuffer in = b.upload(xs, p); ClBuffer t8 = b.upload(text, p)) {
                                assertEquals(sum, Reduction.reduce(b, Kernels.SUM_I32, in, p).longValue());
                                assertEquals(words, TextPasses.wordCount(b, t8, p));
                                calls.incrementAndGet();
                            }
                        }
                    } catch (IllegalStateException expected) {
                        // the backend, or a buffer it released, is closed: the only failure allowed
                        assertTrue(expected.getMessage().contains("closed"), expected.getMessage());
                    }
                    return null;
                }));
            }
            started.await();
            while (calls.get() < 8) {
                Thread.sleep(5);
            }
            b.close();
            for (Future<?> f : threads) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    fail("a call racing close() failed otherwise than with IllegalStateException", e.getCause());
                }
            }
        }
    }
}
