package dev.offload;

import dev.offload.backend.Backend;
import dev.offload.backend.Buffer;
import dev.offload.backend.LaunchRange;
import dev.offload.backend.Phases;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The memory calls that plans make between launches (fill, device copy, range reads, one-chunk scratch), on every
 * backend of the matrix; {@code TextPasses} is their main user, and the text suites cover them over chunked buffers.
 */
class BackendMemoryContractTest {

    private static Backend backendOf(Offload off) {
        try (DeviceInts probe = off.upload(new int[] {0})) {
            return probe.backend();
        }
    }

    @BackendMatrix
    void fillCopyAndRangeRead_onAScratchBuffer_moveExactlyTheirElements(BackendContext cell) {
        Backend b = backendOf(cell.off());
        Phases ph = new Phases();
        try (Buffer src = b.allocateScratch(ElementType.I32, 10, ph);
             Buffer dst = b.allocate(ElementType.I32, 10, ph)) {
            assertEquals(1, src.chunkCount());
            b.fill(src, 0, 10, -1, ph);
            b.fill(src, 2, 3, 7, ph);
            b.copy(src, 1, dst, 5, 5, ph);
            int[] all = new int[10];
            b.downloadInto(dst, all, ph);
            assertArrayEquals(new int[] {0, 0, 0, 0, 0, -1, 7, 7, 7, -1}, all);
            int[] part = new int[3];
            b.downloadInto(src, 3, part, ph);
            assertArrayEquals(new int[] {7, 7, -1}, part);
        }
    }

    @BackendMatrix
    void fill_ofBytes_castsTheValue(BackendContext cell) {
        Backend b = backendOf(cell.off());
        Phases ph = new Phases();
        try (Buffer bytes = b.allocate(ElementType.U8, 5, ph)) {
            b.fill(bytes, 1, 3, 0x120, ph);
            byte[] out = new byte[5];
            b.downloadInto(bytes, 0, out, ph);
            assertArrayEquals(new byte[] {0, 0x20, 0x20, 0x20, 0}, out);
        }
    }

    @BackendMatrix
    void memoryCalls_outsideTheBuffer_throwIndexOutOfBounds(BackendContext cell) {
        Backend b = backendOf(cell.off());
        Phases ph = new Phases();
        try (Buffer x = b.allocate(ElementType.I64, 4, ph)) {
            assertThrows(IndexOutOfBoundsException.class, () -> b.fill(x, 2, 3, 0, ph));
            assertThrows(IndexOutOfBoundsException.class, () -> b.copy(x, 0, x, 3, 2, ph));
            assertThrows(IndexOutOfBoundsException.class, () -> b.downloadInto(x, 3, new long[2], ph));
        }
    }

    @Test
    void groupsRange_ofWholeGroups_isItsGlobalSize_andRefusesTheRest() {
        LaunchRange r = LaunchRange.groups(3, 8);
        assertEquals(24, r.cols());
        assertEquals(8, r.local());
        assertThrows(IllegalArgumentException.class, () -> LaunchRange.groups(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LaunchRange(false, 1, 10, false, 4));
        assertThrows(IllegalArgumentException.class, () -> LaunchRange.groups(Integer.MAX_VALUE, 2));
    }
}
