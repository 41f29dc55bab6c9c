package dev.offload.opencl;

import dev.offload.DeviceBytes;
import dev.offload.DeviceDoubles;
import dev.offload.DeviceInts;
import dev.offload.DeviceLongs;
import dev.offload.Kernels;
import dev.offload.Offload;
import dev.offload.OffloadOptions;
import dev.offload.TestDevices;
import dev.offload.backend.Elementwise;
import dev.offload.backend.Phases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inputs larger than the largest single buffer: with {@code offload.opencl.maxAllocBytes} = 64 KiB, an {@code int}
 * buffer holds 16384 elements per chunk and a {@code long} or {@code double} buffer 8192, so sizes around those
 * boundaries exercise chunked uploads, maps (output chunks inside input chunks), reductions over many chunks and
 * downloads, for both device paths: "mapped" (CPU devices: zero-copy transfers, contiguous layout) and "staged"
 * (discrete GPUs: two pinned staging slots of 32 KiB here, window by window, and the grid-stride layout).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClChunkingTest {
    private static final int MAX_ALLOC = 64 * 1024;
    private static final int[] SIZES = {1, 8191, 8192, 8193, 16383, 16384, 16385, 3 * 16384 + 5, 100_003};

    private final List<Offload> opened = new ArrayList<>();
    private Offload mapped;
    private Offload staged;
    private Offload oracle;

    @BeforeAll
    void open() {
        String device = TestDevices.requireOpenClDevices().getFirst().id();
        mapped = openWith(device, "mapped");
        staged = openWith(device, "staged");
        oracle = Offload.open("java-seq");
    }

    private Offload openWith(String device, String transfer) {
        // The staged configuration also takes the GPU's grid-stride layout: together they are the discrete-GPU path,
        // run here on PoCL.
        boolean staged = transfer.equals("staged");
        Offload off = Offload.open(device, options(transfer)
                .withLayout(staged ? OffloadOptions.Layout.GRID_STRIDE : OffloadOptions.Layout.CONTIGUOUS));
        opened.add(off);
        return off;
    }

    private static OffloadOptions options(String transfer) {
        return GpuPath.options().withMaxAllocationBytes(MAX_ALLOC)
                .withTransfer(transfer.equals("staged") ? OffloadOptions.Transfer.STAGED
                        : OffloadOptions.Transfer.MAPPED);
    }

    @AfterAll
    void close() {
        opened.forEach(Offload::close);
        if (oracle != null) {
            oracle.close();
        }
    }

    Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int n : SIZES) {
            cases.add(Arguments.of("mapped", n));
            cases.add(Arguments.of("staged", n));
        }
        return cases.stream();
    }

    private Offload off(String transfer) {
        return transfer.equals("mapped") ? mapped : staged;
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void intKernels_acrossChunkBoundaries_matchTheOracle(String transfer, int n) {
        Offload off = off(transfer);
        int[] xs = new Random(n).ints(n).toArray();
        assertArrayEquals(oracle.squares(xs), off.squares(xs), "squares");
        assertEquals(oracle.sum(xs), off.sum(xs), "sum");
        assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(xs), "sumOfSquares");
        assertEquals(oracle.min(xs), off.min(xs), "min");
        assertEquals(oracle.max(xs), off.max(xs), "max");
        try (DeviceInts x = off.upload(xs); DeviceLongs sq = off.squares(x)) {
            assertArrayEquals(xs, x.toArray(), "round trip");
            assertArrayEquals(oracle.squares(xs), sq.toArray(), "squares on the device");
            assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(x), "sumOfSquares on the device");
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void doubleKernels_acrossChunkBoundaries_matchTheOracle(String transfer, int n) {
        Offload off = off(transfer);
        double[] xs = new Random(-n).doubles(n, -10, 10).toArray();
        assertArrayEquals(oracle.squares(xs), off.squares(xs), 0.0, "squares");
        assertEquals(oracle.sumOfSquares(xs), off.sumOfSquares(xs), 1e-9 * oracle.sumOfSquares(xs), "sumOfSquares");
        assertEquals(oracle.min(xs), off.min(xs), 0.0, "min");
        assertEquals(oracle.max(xs), off.max(xs), 0.0, "max");
        try (DeviceDoubles x = off.upload(xs)) {
            assertArrayEquals(xs, x.toArray(), 0.0, "round trip");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mapped", "staged"})
    void backend_withSmallMaxAlloc_splitsBuffersIntoChunksOfTheLimit(String transfer) {
        try (OpenClBackend backend = GpuPath.openFirst(options(transfer))) {
            assertEquals(transfer.equals("mapped"), backend.mappedTransfers());
            int[] xs = new Random(1).ints(3 * 16384 + 5).toArray();
            Phases phases = new Phases();
            try (ClBuffer in = backend.upload(xs, phases);
                 ClBuffer sq = (ClBuffer) Elementwise.map(backend, Kernels.SQUARES_I32, in, phases)) {
                assertEquals(4, in.chunkCount());
                assertEquals(16384, in.chunkElements());
                assertEquals(5, in.chunkLength(3));
                assertEquals(7, sq.chunkCount());
                assertEquals(8192, sq.chunkElements());
                assertArrayEquals(xs, (int[]) backend.download(in, phases));
                assertArrayEquals(oracle.squares(xs), (long[]) backend.download(sq, phases));
            }
            assertEquals((long) xs.length * 4, phases.uploadBytes());
            assertEquals((long) xs.length * (4 + 8), phases.downloadBytes());
            assertEquals(7, phases.kernelLaunches());
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void bytes_acrossChunkBoundaries_roundTrip(String transfer, int n) {
        Offload off = off(transfer);
        byte[] bytes = new byte[n * 5 + 3];       // u8 chunks are 65536 bytes
        new Random(n).nextBytes(bytes);
        try (DeviceBytes x = off.upload(bytes)) {
            assertEquals(bytes.length, x.length());
            assertArrayEquals(bytes, x.toArray());
        }
    }
}
