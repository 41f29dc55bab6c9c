package dev.offload.opencl;

import dev.offload.Kernels;
import dev.offload.backend.Buffer;
import dev.offload.backend.Elementwise;
import dev.offload.backend.Phases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The on-disk program cache on the first OpenCL device, always in a temporary folder (the build sets the cache off
 * for every other test, so none touches the user's). Observed through the cache's load/store counters and the files.
 */
class ProgramBinaryCacheTest {
    private static final int[] XS = {-3, 0, 7, 46341, Integer.MIN_VALUE};
    private static final long[] SQUARES = {9, 0, 49, 46341L * 46341L, (long) Integer.MIN_VALUE * Integer.MIN_VALUE};

    /** Opens a backend with the cache setting {@code setting}: {@code off} or a folder. */
    private static OpenClBackend open(String setting) {
        return GpuPath.openFirst(setting.equalsIgnoreCase("off") ? GpuPath.options().withoutProgramCache()
                : GpuPath.options().withProgramCache(Path.of(setting)));
    }

    /** Squares on a backend opened with {@code setting}: builds (or loads) the elementwise program, checks, closes. */
    private static void squares(String setting) {
        try (OpenClBackend b = open(setting)) {
            Phases p = new Phases();
            try (Buffer in = b.upload(XS, p); Buffer out = Elementwise.map(b, Kernels.SQUARES_I32, in, p)) {
                assertArrayEquals(SQUARES, (long[]) b.download(out, p));
            }
        }
    }

    /** The same squares with the {@code i64} kernel: another program, so another file. */
    private static void squaresOfLongs(String setting) {
        try (OpenClBackend b = open(setting)) {
            Phases p = new Phases();
            long[] xs = java.util.Arrays.stream(XS).asLongStream().toArray();
            try (Buffer in = b.upload(xs, p); Buffer out = Elementwise.map(b, Kernels.SQUARES_I64, in, p)) {
                assertArrayEquals(SQUARES, (long[]) b.download(out, p));
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void location_offOrFolderOrDefault_readsPropertyThenEnvironmentThenXdg() {
        Map<String, String> none = Map.of();
        assertEquals(Optional.empty(), ProgramBinaryCache.location("off", none));
        assertEquals(Optional.empty(), ProgramBinaryCache.location("OFF", Map.of(ProgramBinaryCache.ENV, "/x")));
        assertEquals(Optional.of(Path.of("/p")), ProgramBinaryCache.location("/p", Map.of(ProgramBinaryCache.ENV, "/e")));
        assertEquals(Optional.of(Path.of("/e")), ProgramBinaryCache.location(null, Map.of(ProgramBinaryCache.ENV, "/e")));
        assertEquals(Optional.empty(), ProgramBinaryCache.location("", Map.of(ProgramBinaryCache.ENV, "off")));
        assertEquals(Optional.of(Path.of("/xdg/offload/programs")),
                ProgramBinaryCache.location(null, Map.of("XDG_CACHE_HOME", "/xdg")));
        assertEquals(Optional.of(Path.of(System.getProperty("user.home"), ".cache", "offload", "programs")),
                ProgramBinaryCache.location(null, none));
        assertEquals(Optional.of(Path.of(System.getProperty("user.home"), ".cache", "offload", "programs")),
                ProgramBinaryCache.location(null, Map.of("XDG_CACHE_HOME", "relative")), "XDG paths must be absolute");
    }

    @Test
    void build_sameSourceInANewBackend_loadsTheBinaryFromDisk(@TempDir Path dir) throws IOException {
        int loaded = ProgramBinaryCache.LOADED.get();
        squares(dir.toString());
        List<Path> written = files(dir);
        assertEquals(1, written.size(), "one program, one file: " + written);
        assertTrue(ProgramBinaryCache.intact(written.getFirst()));
        assertEquals(loaded, ProgramBinaryCache.LOADED.get(), "nothing to load the first time");
        squares(dir.toString());
        assertEquals(loaded + 1, ProgramBinaryCache.LOADED.get(), "the second backend loads from disk");
        assertEquals(written, files(dir), "a loaded program is not written again");
    }

    @Test
    void load_corruptedOrRejectedFile_isIgnoredDeletedAndReplaced(@TempDir Path dir) throws IOException {
        squares(dir.toString());
        Path file = files(dir).getFirst();
        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x55;
        byte[][] bad = {flipped, java.util.Arrays.copyOf(good, good.length / 3), new byte[0],
                "not a program".getBytes()};
        for (byte[] b : bad) {
            Files.write(file, b);
            int loaded = ProgramBinaryCache.LOADED.get();
            squares(dir.toString());   // correct results: built from source
            assertEquals(loaded, ProgramBinaryCache.LOADED.get(), "a damaged file is not loaded");
            assertTrue(ProgramBinaryCache.intact(file), "and is replaced by a whole one at close");
            squares(dir.toString());
            assertEquals(loaded + 1, ProgramBinaryCache.LOADED.get(), "which loads");
        }
    }

    @Test
    void load_anotherProgramsFileUnderItsName_isNotLoadedAndReplaced(@TempDir Path dir) throws IOException {
        // A name is a 64-bit hash of the key; the file keeps the whole key, and only an exact match loads. Two
        // programs whose names collide are simulated by giving one program's file the other's name.
        squares(dir.toString());
        Path mine = files(dir).getFirst();
        squaresOfLongs(dir.toString());
        Path other = files(dir).stream().filter(f -> !f.equals(mine)).findFirst().orElseThrow();
        Files.copy(other, mine, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int loaded = ProgramBinaryCache.LOADED.get();
        squares(dir.toString());   // correct results: built from source, not from the i64 program's binary
        assertEquals(loaded, ProgramBinaryCache.LOADED.get(), "another program's binary is not loaded");
        assertTrue(ProgramBinaryCache.intact(mine));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(other), Files.readAllBytes(mine)),
                "the name holds this program's own binary again");
        squares(dir.toString());
        assertEquals(loaded + 1, ProgramBinaryCache.LOADED.get(), "which loads");
    }

    @Test
    void store_concurrentWriters_neverLeaveHalfAFile(@TempDir Path dir) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // A reader checks every version of the file it can see while three backends build and write it at once.
            Future<Integer> reader = pool.submit(() -> {
                int seen = 0;
                while (!done.get()) {
                    for (Path f : files(dir)) {
                        if (f.toString().endsWith(".bin") && Files.exists(f)) {
                            try {
                                assertTrue(ProgramBinaryCache.intact(f), "torn file " + f);
                                seen++;
                            } catch (java.nio.file.NoSuchFileException replacedMeanwhile) {
                                // renamed over between list and read: fine
                            }
                        }
                    }
                    Thread.onSpinWait();
                }
                return seen;
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(pool.submit(() -> squares(dir.toString())));
            }
            for (Future<?> f : writers) {
                f.get();
            }
            done.set(true);
            reader.get();
            List<Path> left = files(dir);
            assertEquals(1, left.size(), "no temporary files left: " + left);
            assertTrue(ProgramBinaryCache.intact(left.getFirst()));
            int loaded = ProgramBinaryCache.LOADED.get();
            squares(dir.toString());
            assertEquals(loaded + 1, ProgramBinaryCache.LOADED.get());
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void offSwitch_neverReadsOrWrites(@TempDir Path dir) throws IOException {
        squares(dir.toString());
        int loaded = ProgramBinaryCache.LOADED.get();
        int stored = ProgramBinaryCache.STORED.get();
        squares("off");
        assertEquals(loaded, ProgramBinaryCache.LOADED.get());
        assertEquals(stored, ProgramBinaryCache.STORED.get());
        assertEquals(1, files(dir).size());
    }
}
