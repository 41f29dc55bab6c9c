package dev.offload.opencl;

import dev.offload.DeviceException;
import dev.offload.Kernels;
import dev.offload.Offload;
import dev.offload.Profile;
import dev.offload.TestDevices;
import dev.offload.backend.Phases;
import dev.offload.backend.Reduction;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend below {@link dev.offload.Offload}: program cache, buffer reuse, profiling, lifecycle. */
class OpenClBackendTest {

    private static OpenClBackend open() {
        return GpuPath.openFirst(GpuPath.options());
    }

    private static final String COPY_PREFIX = "#define IN_T int\n#define OUT_T long\n#define MAP(x) ((OUT_T)(x))\n"
            + "#define KERNEL_NAME copy_i32_i64\n#define CONTIGUOUS 0\n";

    @Test
    void programs_areBuiltOncePerSourceAndOptions() {
        try (OpenClBackend b = open(); ClBuffer in = b.upload(new int[] {1, 2, 3}, new Phases())) {
            assertEquals(6, Reduction.reduce(b, Kernels.SUM_I32, in, new Phases()).longValue());
            assertEquals(6, Reduction.reduce(b, Kernels.SUM_I32, in, new Phases()).longValue());
            assertEquals(1, b.programs().size());
            assertEquals(14, Reduction.reduce(b, Kernels.SUM_SQUARES_I32, in, new Phases()).longValue());
            assertEquals(2, b.programs().size());
            ClKernel k1 = b.kernel("kernels/elementwise.cl", COPY_PREFIX, "copy_i32_i64");
            ClKernel k2 = b.programs().kernel("kernels/elementwise.cl", COPY_PREFIX, OpenClBackend.BUILD_OPTIONS,
                    "copy_i32_i64");
            assertSame(k1, k2);
            assertEquals(3, b.programs().size());
            b.programs().kernel("kernels/elementwise.cl", COPY_PREFIX, "-cl-std=CL1.2 -cl-fast-relaxed-math",
                    "copy_i32_i64");
            assertEquals(4, b.programs().size(), "build options are part of the key");
        }
    }

    @Test
    void kernel_thatTheProgramLacks_throwsDeviceExceptionWithStatus() {
        try (OpenClBackend b = open()) {
            DeviceException e = assertThrows(DeviceException.class,
                    () -> b.kernel("kernels/elementwise.cl", COPY_PREFIX, "no_such_kernel"));
            assertEquals("CL_INVALID_KERNEL_NAME", e.status());
            assertTrue(e.getMessage().contains("no_such_kernel"), e.getMessage());
        }
    }

    @Test
    void kernels_reportWorkGroupLimitsOfTheDevice() {
        try (OpenClBackend b = open()) {
            try (ClBuffer in = b.upload(new int[] {5}, new Phases())) {
                Reduction.reduce(b, Kernels.MAX_I32, in, new Phases());
            }
            ClKernel k = b.kernel("kernels/elementwise.cl", COPY_PREFIX, "copy_i32_i64");
            assertTrue(k.maxWorkGroupSize() >= 1 && k.preferredMultiple() >= 1, k.toString());
            long local = k.localSize(256);
            assertTrue(local >= 1 && local <= k.maxWorkGroupSize() && local <= 256, "local " + local);
            LaunchGeometry.Launch l = b.launch(k, 1_000_003);
            assertEquals(0, l.global() % l.local());
            assertTrue(l.groups() <= b.device().computeUnits() * 16L, l.toString());
            assertEquals(1, b.launch(k, 1).groups());
        }
    }

    @Test
    void kernelArguments_outsideAnEnqueue_areRefused() {
        try (OpenClBackend b = open()) {
            ClKernel k = b.kernel("kernels/elementwise.cl", COPY_PREFIX, "copy_i32_i64");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.arg(3, 5L));
            assertTrue(e.getMessage().contains("copy_i32_i64"), e.getMessage());
            try (Enqueue q = b.enqueue(new Phases())) {
                k.arg(3, 5L);        // the shared kernel object is this thread's while it holds q
            }
        }
    }

    @Test
    void buffers_freedAndAllocatedAgain_keepTheirContents() {
        try (OpenClBackend b = open()) {
            Random r = new Random(3);
            for (int round = 0; round < 5; round++) {
                int[] xs = r.ints(10_007).toArray();
                Phases p = new Phases();
                try (ClBuffer in = b.upload(xs, p)) {
                    assertArrayEquals(xs, (int[]) b.download(in, p), "round " + round);
                    assertTrue(p.uploadBytes() == 4L * xs.length && p.downloadBytes() == 4L * xs.length);
                }
            }
        }
    }

    @Test
    void reduce_recordsKernelLaunchesAndDeviceTimes() {
        try (OpenClBackend b = open()) {
            Phases p = new Phases();
            try (ClBuffer in = b.upload(new Random(1).ints(200_000).toArray(), p)) {
                Reduction.reduce(b, Kernels.SUM_SQUARES_I32, in, p);
            }
            assertEquals(2, p.kernelLaunches());          // stage 1 and the finish
            assertTrue(p.kernelNanos() > 0 && p.uploadNanos() > 0, "kernel " + p.kernelNanos());
            assertEquals(8, p.downloadBytes());
        }
    }

    @Test
    void smallCall_countsItsLaunchAsQueueTime_andTheProfileAddsUp() {
        TestDevices.requireOpenClDevices();
        try (Offload off = Offload.open("opencl", GpuPath.options())) {
            assertEquals(140, off.sumOfSquares(new int[] {1, 2, 3, 4, 5, 6, 7}));
            Profile p = off.lastProfile();
            // The enqueue of the kernel is host time on the queue, however short; the Java backends have none.
            assertTrue(p.queueNanos() > 0, p.toString());
            assertEquals(p.wallNanos(), p.uploadNanos() + p.kernelNanos() + p.downloadNanos() + p.queueNanos()
                    + p.hostNanos());
        }
        try (Offload java = Offload.open("java-seq")) {
            java.sumOfSquares(new int[] {1, 2, 3});
            assertEquals(0, java.lastProfile().queueNanos());
        }
    }

    @Test
    void close_isIdempotent_releasesOpenBuffers_andRefusesLaterWork() {
        OpenClBackend b = open();
        ClBuffer in = b.upload(new int[] {1, 2, 3}, new Phases());
        b.close();
        b.close();
        assertTrue(in.isClosed(), "buffers still open are released with the backend");
        in.close();
        assertThrows(IllegalStateException.class, () -> b.upload(new int[] {1}, new Phases()));
    }
}
