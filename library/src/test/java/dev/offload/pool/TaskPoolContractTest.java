package dev.offload.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every behaviour all pool kinds share, on every kind of the pool matrix ({@link PoolMatrix}). One pool per kind is
 * reused where a test leaves it usable (worker JVMs are slow to start); lifecycle tests make their own. Sleeps are
 * short, and time bounds are only hang guards, never speed checks.
 */
class TaskPoolContractTest {
    /** Hang guard for every test: generous, because worker JVMs start slowly on a loaded machine. */
    static final Duration GUARD = Duration.ofSeconds(60);

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static List<Long> squares(int n) {
        return IntStream.range(0, n).mapToObj(x -> (long) x * x).toList();
    }

    static Set<Thread> offloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("offload-") && t.isAlive()).collect(Collectors.toSet());
    }

    @PoolMatrix
    void kind_always_namesTheKind(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertEquals(cell.kind(), pool.kind());
        assertTrue(pool.parallelism() >= 1, "parallelism " + pool.parallelism());
    }

    @PoolMatrix
    void map_completionOutOfOrder_resultsInInputOrder(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            // earlier items sleep longer, so they finish last where tasks run in parallel
            List<Long> r = pool.map(x -> {
                Thread.sleep((12 - x) * 5L);
                return (long) x * x;
            }, range(12), 1);
            assertEquals(squares(12), r);
        });
    }

    @PoolMatrix
    void map_defaultChunking_resultsInInputOrder(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> assertEquals(squares(1000), pool.map(x -> (long) x * x, range(1000))));
    }

    @PoolMatrix
    void map_noItems_returnsEmptyList(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> assertEquals(List.of(), pool.map(x -> x, List.of())));
    }

    @PoolMatrix
    void map_nullItem_passesNullToTask(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            List<String> r = pool.map(x -> x == null ? "none" : "x" + x, Arrays.asList(1, null, 3), 1);
            assertEquals(List.of("x1", "none", "x3"), r);
        });
    }

    @PoolMatrix
    void map_anyChunkSize_sameResultsAsUnchunked(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            for (int chunk : new int[] {1, 2, 3, 7, 21, 22, 1000}) {
                assertEquals(squares(21), pool.map(x -> (long) x * x, range(21), chunk), "chunk size " + chunk);
            }
        });
    }

    @PoolMatrix
    void map_chunkSizeZero_throwsIllegalArgumentNamingIt(PoolContext cell) {
        TaskPool pool = cell.pool();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.map(x -> x, range(3), 0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }

    @PoolMatrix
    void map_nullTaskOrItems_throwsNullPointer(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertThrows(NullPointerException.class, () -> pool.map(null, range(3)));
        assertThrows(NullPointerException.class, () -> pool.map(x -> x, null));
    }

    @PoolMatrix
    void map_taskThrowsChecked_executionExceptionWithOriginalCause(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.map(x -> {
                if (x == 3) {
                    throw new IOException("boom " + x);
                }
                return x;
            }, range(6), 1));
            IOException cause = assertInstanceOf(IOException.class, e.getCause());
            assertEquals("boom 3", cause.getMessage());
            // the stack trace is the task's own (remote for processes): it names this test class's lambda
            assertTrue(Arrays.stream(cause.getStackTrace()).anyMatch(
                    f -> f.getClassName().equals(TaskPoolContractTest.class.getName())
                            && f.getMethodName().startsWith("lambda$")), Arrays.toString(cause.getStackTrace()));
            assertFalse(cause.getCause() instanceof ExecutionException, "wrapped once");
        });
    }

    @PoolMatrix
    void map_taskThrowsUnchecked_executionExceptionWithOriginalCause(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.map(x -> {
                if (x == 4) {
                    throw new IllegalStateException("bad " + x);
                }
                return x;
            }, range(9), 3));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("bad 4", e.getCause().getMessage());
        });
    }

    @PoolMatrix
    void submit_value_futureGetsIt(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            Future<Long> f = pool.submit(x -> (long) x * x, 12);
            assertEquals(144L, f.get());
            Future<Object> g = pool.submit(x -> {
                throw new UnsupportedOperationException("no " + x);
            }, 5);
            ExecutionException e = assertThrows(ExecutionException.class, g::get);
            assertInstanceOf(UnsupportedOperationException.class, e.getCause());
            assertEquals(Future.State.FAILED, g.state());
        });
    }

    @PoolMatrix
    void asCompleted_futures_eachOnceFastBeforeSlow(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            if (cell.runsAtSubmission()) {
                List<Future<Integer>> fs = pool.submitAll(x -> x, range(5));
                List<Integer> seen = new ArrayList<>();
                for (Future<Integer> f : TaskPool.asCompleted(fs)) {
                    seen.add(f.resultNow());
                }
                assertEquals(range(5), seen);
                return;
            }
            // a slow task first, then a fast one: the fast one must come out first; then cancel the slow one
            Future<Integer> slow = pool.submit(x -> {
                Thread.sleep(30_000);
                return x;
            }, 1);
            Future<Integer> fast = pool.submit(x -> x, 2);
            var it = TaskPool.asCompleted(List.of(slow, fast)).iterator();
            assertEquals(fast, it.next());
            assertTrue(slow.cancel(true));
            assertEquals(slow, it.next());
            assertFalse(it.hasNext());
            assertTrue(slow.isCancelled());
        });
    }

    @PoolMatrix
    void asCompleted_waiterInterrupted_cancellationWithInterruptCauseAndFlagKept(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            Future<Integer> done = pool.submit(x -> x, 1);
            java.util.concurrent.CompletableFuture<Integer> never = new java.util.concurrent.CompletableFuture<>();
            var it = TaskPool.asCompleted(List.of(done, never)).iterator();
            assertEquals(1, it.next().get());
            Thread.currentThread().interrupt();
            CancellationException e = assertThrows(CancellationException.class, it::next);
            assertTrue(Thread.interrupted(), "the interrupt flag is set again");
            assertInstanceOf(InterruptedException.class, e.getCause());
            assertTrue(it.hasNext(), "the pending future is still to come");
        });
    }

    @PoolMatrix
    void asCompleted_foreignFuture_throwsIllegalArgumentNamingClass(PoolContext cell) {
        Future<String> foreign = new java.util.concurrent.FutureTask<>(() -> "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskPool.asCompleted(List.of(foreign)));
        assertTrue(e.getMessage().contains("FutureTask"), e.getMessage());
    }

    @PoolMatrix
    void map_timeout_throwsTimeoutAndPoolStillWorks(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> pool.map(x -> {
                Thread.sleep(150);
                return x;
            }, range(40), 1, Duration.ofMillis(100)));
            assertNotNull(e.getMessage());
            assertEquals(squares(5), pool.map(x -> (long) x * x, range(5), Duration.ofSeconds(50)));
        });
    }

    @PoolMatrix
    void submit_cancelRunning_cancelledAndPoolStillWorks(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            if (cell.runsAtSubmission()) {
                Future<Integer> f = pool.submit(x -> x + 1, 1);
                assertTrue(f.isDone(), "ran at submission");
                assertFalse(f.cancel(true), "nothing left to cancel");
                return;
            }
            Future<Integer> f = pool.submit(x -> {
                Thread.sleep(30_000);
                return x;
            }, 1);
            Thread.sleep(100);
            assertTrue(f.cancel(true));
            assertTrue(f.isCancelled());
            assertThrows(CancellationException.class, f::get);
            assertEquals(squares(4), pool.map(x -> (long) x * x, range(4)));
        });
    }

    @PoolMatrix
    void map_callerInterrupted_throwsInterruptedAndPoolStillWorks(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    pool.map(x -> {
                        Thread.sleep(30_000);
                        return x;
                    }, range(4), 1);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            Thread.sleep(150);
            caller.interrupt();
            caller.join();
            assertInstanceOf(InterruptedException.class, thrown.get());
            assertEquals(squares(4), pool.map(x -> (long) x * x, range(4)));
        });
    }

    @PoolMatrix
    void map_shutdownNowFromAnotherThread_mapEndsAndPoolTerminates(PoolContext cell) throws IOException {
        Path dir = Files.createTempDirectory("offload-started");
        String started = dir.toString();
        assertTimeoutPreemptively(GUARD, () -> {
            TaskPool p = cell.newPool();
            long sleep = cell.runsAtSubmission() ? 1 : 30_000; // the sequential kind runs the map on the caller
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    outcome.set(p.map(x -> {
                        Files.createFile(Path.of(started, "task-" + x));
                        Thread.sleep(sleep);
                        return x;
                    }, range(20), 1));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            // shut down once a task runs, not after a fixed sleep: earlier, the map itself would be rejected
            while (fileCount(dir) == 0 && caller.isAlive()) {
                Thread.sleep(20);
            }
            p.shutdownNow();
            caller.join();
            if (cell.runsAtSubmission()) {
                assertEquals(range(20), outcome.get());
            } else if (!(outcome.get() instanceof CancellationException)) {
                // thread kinds: a running task's sleep was interrupted, and map reports that task's failure
                ExecutionException e = assertInstanceOf(ExecutionException.class, outcome.get());
                assertInstanceOf(InterruptedException.class, e.getCause());
            }
            assertTrue(p.awaitTermination(Duration.ofSeconds(20)), "terminated");
            p.close();
        });
        deleteDir(dir);
    }

    @PoolMatrix
    void close_runningAndQueuedWork_waitsForAll(PoolContext cell) {
        assertTimeoutPreemptively(GUARD, () -> {
            List<Future<Long>> fs;
            TaskPool p = cell.newPool();
            try (p) {
                fs = p.submitAll(x -> {
                    Thread.sleep(100);
                    return (long) x * x;
                }, range(5));
            }
            assertTrue(p.isShutdown());
            assertTrue(p.awaitTermination(Duration.ZERO));
            for (int i = 0; i < fs.size(); i++) {
                assertEquals((long) i * i, fs.get(i).resultNow());
            }
            assertThrows(RejectedExecutionException.class, () -> p.submit(x -> x, 1));
            assertThrows(RejectedExecutionException.class, () -> p.map(x -> x, range(2)));
        });
    }

    @PoolMatrix
    void close_callerInterrupted_stopsWorkAndKeepsInterruptFlag(PoolContext cell) {
        assertTimeoutPreemptively(GUARD, () -> {
            TaskPool p = cell.newPool();
            List<Future<Integer>> fs = cell.runsAtSubmission() ? List.of() : p.submitAll(x -> {
                Thread.sleep(30_000);
                return x;
            }, range(2));
            Thread.sleep(100);
            Thread.currentThread().interrupt();
            p.close();
            assertTrue(Thread.interrupted(), "close keeps the interrupt flag");
            assertTrue(p.awaitTermination(Duration.ZERO));
            for (Future<Integer> f : fs) {
                assertTrue(f.isDone(), "running work was stopped");
            }
        });
    }

    @PoolMatrix
    void shutdownNow_queuedWork_cancelledAndTerminates(PoolContext cell) throws IOException {
        Path dir = Files.createTempDirectory("offload-started");
        String started = dir.toString();
        assertTimeoutPreemptively(GUARD, () -> {
            TaskPool p = cell.newPool();
            List<Future<Integer>> fs = new ArrayList<>();
            if (cell.runsAtSubmission()) {
                assertEquals(0, p.shutdownNow());
            } else {
                int running = Math.min(p.parallelism(), 4);
                fs.addAll(p.submitAll(x -> {
                    // tell the test this task runs (a file works from worker processes too)
                    Files.createFile(Path.of(started, "task-" + x));
                    Thread.sleep(30_000);
                    return x;
                }, range(running + 3)));
                while (fileCount(dir) < running) {
                    Thread.sleep(20);
                }
                int cancelled = p.shutdownNow();
                assertEquals(p.parallelism() == Integer.MAX_VALUE ? 0 : 3, cancelled);
            }
            assertTrue(p.awaitTermination(Duration.ofSeconds(50)), "terminated");
            for (Future<Integer> f : fs) {
                assertTrue(f.isDone(), "no future left pending");
                assertTrue(f.state() == Future.State.CANCELLED || f.state() == Future.State.FAILED, f.state()
                        .toString());
            }
            p.close();
            assertThrows(RejectedExecutionException.class, () -> p.submit(x -> x, 1));
        });
        deleteDir(dir);
    }

    static void deleteDir(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    static long fileCount(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    /** The pool part of an offload thread name, e.g. {@code offload-processes-7-}. */
    static String poolOf(Thread t) {
        String[] parts = t.getName().split("-");
        return parts.length >= 3 ? parts[0] + "-" + parts[1] + "-" + parts[2] + "-" : t.getName();
    }

    @PoolMatrix
    void map_100000TinyTasks_correctAndNoThreadsOrProcessesLeftAfterClose(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            // other pools (this class's shared one) may start threads meanwhile: only this pool's count
            Set<String> otherPools = offloadThreads().stream().map(TaskPoolContractTest::poolOf)
                    .collect(Collectors.toSet());
            String marker = "-Doffload.test.marker=" + UUID.randomUUID();
            List<Integer> items = range(100_000);
            try (TaskPool p = cell.newMarkedPool(marker)) {
                List<Integer> r = p.map(x -> x + 1, items);
                assertEquals(100_000, r.size());
                for (int i = 0; i < r.size(); i++) {
                    assertEquals(i + 1, r.get(i));
                }
                assertEquals(List.of(1, 2, 3), p.map(x -> x + 1, range(3), 1));
            }
            Set<Thread> left = offloadThreads();
            left.removeIf(t -> otherPools.contains(poolOf(t)));
            for (Thread t : left) {
                t.join(5_000); // a thread may still be on its way out after close returns
            }
            left.removeIf(t -> !t.isAlive());
            assertEquals(Set.of(), left, "threads left behind");
            List<Long> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                    .filter(c -> c.info().arguments().map(a -> Arrays.asList(a).contains(marker)).orElse(false))
                    .map(ProcessHandle::pid).toList();
            assertEquals(List.of(), children, "processes left behind");
        });
    }

    @PoolMatrix
    void submitAll_results_inInputOrder(PoolContext cell) {
        TaskPool pool = cell.pool();
        assertTimeoutPreemptively(GUARD, () -> {
            List<Future<Long>> fs = pool.submitAll(x -> (long) x * x, range(10));
            List<Long> r = new ArrayList<>();
            for (Future<Long> f : fs) {
                r.add(f.get());
            }
            assertEquals(squares(10), r);
            assertEquals(Collections.nCopies(0, 0L), pool.submitAll(x -> 0L, List.of()));
        });
    }

    @PoolMatrix
    void startupTime_kind_zeroUnlessProcesses(PoolContext cell) {
        TaskPool pool = cell.pool();
        if (cell.kind().equals("processes")) {
            assertTrue(pool.startupTime().toNanos() > 0);
            assertTrue(pool.workersStarted() >= pool.parallelism());
        } else {
            assertEquals(Duration.ZERO, pool.startupTime());
            assertEquals(0, pool.workersStarted());
            assertEquals(Duration.ZERO, pool.workerCpuTime());
        }
    }

    /** The in-process kinds: a shutdown racing map's submissions ends it as cancelled, never rejected. */
    @PoolMatrix(kinds = {PoolKind.THREADS, PoolKind.VIRTUAL_THREADS})
    void map_shutdownNowWhileSubmitting_endsCancelledNotRejected(PoolContext cell) {
        InProcessShutdownRace.check(cell.newPool());
    }
}
