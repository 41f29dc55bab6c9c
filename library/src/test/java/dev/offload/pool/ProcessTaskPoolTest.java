package dev.offload.pool;

import dev.offload.OffloadException;
import dev.offload.Timing;
import dev.offload.Timed;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only worker processes do: serialization, the filter, worker death, timeouts, output isolation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessTaskPoolTest {
    static final Duration GUARD = Duration.ofSeconds(60);

    /** Default options, two workers. */
    TaskPool pool;
    /** One worker with a task timeout (so a stuck test task ends), a small heap and URI admitted by the filter. */
    TaskPool special;

    @BeforeAll
    void open() {
        pool = TaskPool.processes(2);
        special = TaskPool.processes(1, ProcessOptions.defaults().taskTimeout(Duration.ofSeconds(3))
                .jvmOptions("-Xmx64m").allowClasses(URI.class));
    }

    @AfterAll
    void close() {
        if (pool != null) {
            pool.close();
        }
        if (special != null) {
            special.close();
        }
    }

    static List<Integer> range(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    /** A task class that holds something that cannot be serialized. */
    record HoldsThread(Thread thread) implements Task<Integer, Integer> {
        @Override
        public Integer call(Integer x) {
            return x;
        }
    }

    /** An exception that cannot be serialized (its field is not). */
    static final class UnsendableException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings({"unused", "serial"})
        private final Object lock = new Object();

        UnsendableException(String message) {
            super(message);
        }
    }

    /** An exception whose printStackTrace throws. */
    static final class StackTraceThrows extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StackTraceThrows() {
            super("odd exception");
        }

        @Override
        public void printStackTrace(java.io.PrintWriter s) {
            throw new UnsupportedOperationException("no stack trace");
        }
    }

    @Test
    void submit_lambdaCapturesNonSerializable_failsAtSubmissionNamingClass() {
        Thread t = Thread.currentThread();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.submit(x -> x + t.getName().length(), 1));
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
        assertTrue(e.getMessage().contains(ProcessTaskPoolTest.class.getName()), e.getMessage());
    }

    @Test
    void map_taskClassHoldsNonSerializable_failsAtSubmissionNamingClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.map(new HoldsThread(Thread.currentThread()), range(3)));
        assertTrue(e.getMessage().contains(HoldsThread.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
    }

    @Test
    void submit_itemNotSerializable_failsAtSubmissionNamingClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pool.submit((Object x) -> 1, new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void submit_resultClassNotAllowed_refusedNamingClassAndOption() {
        assertTimeoutPreemptively(GUARD, () -> {
            Future<URI> f = pool.submit(x -> URI.create("https://example.org/" + x), 7);
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            OffloadException cause = assertInstanceOf(OffloadException.class, e.getCause());
            assertTrue(cause.getMessage().contains("java.net.URI"), cause.getMessage());
            assertTrue(cause.getMessage().contains("allowClasses"), cause.getMessage());
            // the same task on a pool that admits URI
            assertEquals(URI.create("https://example.org/7"),
                    special.submit(x -> URI.create("https://example.org/" + x), 7).get());
        });
    }

    @Test
    void submit_resultClassNotAllowed_itsReadObjectNeverRunsHere() {
        assertTimeoutPreemptively(GUARD, () -> {
            Future<List<Object>> f = pool.submit(x -> List.of(x, new ReadObjectSpy()), 1);
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertTrue(e.getCause().getMessage().contains(ReadObjectSpy.class.getName()), e.getCause().getMessage());
            assertEquals(0, ReadObjectSpy.READS.get(), "readObject ran in the pool's JVM");
        });
    }

    @Test
    void map_recordNestedInTaskClass_admitted() {
        assertTimeoutPreemptively(GUARD, () -> {
            record Point(int x, int y) implements Serializable {
            }
            assertEquals(List.of(new Point(1, 2), new Point(2, 4)), pool.map(x -> new Point(x, 2 * x), List.of(1, 2)));
        });
    }

    @Test
    void submit_taskThrows_causeHasRemoteStackTrace() {
        assertTimeoutPreemptively(GUARD, () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(x -> {
                throw new IllegalArgumentException("remote " + x);
            }, 1).get());
            IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals("remote 1", cause.getMessage());
            assertTrue(Arrays.stream(cause.getStackTrace())
                    .anyMatch(f -> f.getClassName().equals("dev.offload.pool.WorkerMain")),
                    "the remote stack: " + Arrays.toString(cause.getStackTrace()));
        });
    }

    @Test
    void submit_exceptionWhosePrintStackTraceThrows_reachesCallerAndWorkerSurvives() {
        assertTimeoutPreemptively(GUARD, () -> {
            Future<Long> f = pool.submit(x -> {
                // a thread that would keep a worker JVM alive if its main loop died
                Thread.ofPlatform().daemon(false).start(() -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                throw new StackTraceThrows();
            }, 1);
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertEquals("odd exception", assertInstanceOf(StackTraceThrows.class, e.getCause()).getMessage());
            assertEquals(List.of(1, 2), pool.map(x -> x, List.of(1, 2)));
        });
    }

    @Test
    void submit_exceptionNotSerializable_remoteTaskExceptionWithClassMessageStack() {
        assertTimeoutPreemptively(GUARD, () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(x -> {
                throw new UnsendableException("cannot travel " + x);
            }, 2).get());
            RemoteTaskException r = assertInstanceOf(RemoteTaskException.class, e.getCause());
            assertEquals(UnsendableException.class.getName(), r.remoteClassName());
            assertEquals("cannot travel 2", r.remoteMessage());
            assertTrue(r.getMessage().contains("cannot travel 2"), r.getMessage());
            assertTrue(r.remoteStackTrace().contains("WorkerMain"), r.remoteStackTrace());
            assertTrue(r.getStackTrace().length > 0);
        });
    }

    @Test
    void submitAll_workerKilledMidTask_onlyThatTaskFailsAndPoolGoesOn() {
        assertTimeoutPreemptively(GUARD, () -> {
            int startedBefore = pool.workersStarted();
            List<Future<Long>> fs = pool.submitAll(x -> {
                if (x == 2) {
                    long pid = ProcessHandle.current().pid();
                    // the shell's built-in kill: /bin/kill comes from procps, which slim Debian images lack
                    new ProcessBuilder("sh", "-c", "kill -9 " + pid).start().waitFor();
                    Thread.sleep(10_000); // not reached: SIGKILL
                }
                Thread.sleep(20);
                return (long) x * x;
            }, range(8));
            for (int i = 0; i < fs.size(); i++) {
                if (i == 2) {
                    ExecutionException e = assertThrows(ExecutionException.class, fs.get(i)::get);
                    WorkerDiedException d = assertInstanceOf(WorkerDiedException.class, e.getCause());
                    assertTrue(d.getMessage().contains("SIGKILL"), d.getMessage());
                    assertEquals(137, d.exitStatus());
                } else {
                    assertEquals((long) i * i, fs.get(i).get(), "task " + i);
                }
            }
            assertEquals(List.of(0L, 1L, 4L), pool.map(x -> (long) x * x, range(3)));
            assertTrue(pool.workersStarted() > startedBefore, "a replacement was started");
        });
    }

    /** A task that records its run in {@code dir} (failing if it ran before) and returns its item. */
    static Task<Integer, Integer> once(String dir, int slowItem, int haltItem) {
        return x -> {
            // CREATE_NEW: a task sent to two workers would fail here the second time
            java.nio.file.Files.createFile(java.nio.file.Path.of(dir, Integer.toString(x)));
            if (x == slowItem) {
                Thread.sleep(3_000);
            }
            if (x == haltItem) {
                Runtime.getRuntime().halt(9);
            }
            return x;
        };
    }

    @Test
    void submitAll_slowTaskAmongShortOnes_jobsWrittenBehindItRunElsewhereOnce() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("offload-recall");
        assertTimeoutPreemptively(GUARD, () -> {
            pool.map(x -> x, range(500), 1); // short tasks: both workers get jobs written ahead
            List<Future<Integer>> fs = pool.submitAll(once(dir.toString(), 40, -1), range(400));
            for (int i = 0; i < fs.size(); i++) {
                if (i != 40) {
                    assertEquals(i, fs.get(i).get(), "task " + i);
                }
            }
            assertTrue(!fs.get(40).isDone(), "every short task, those written behind the slow one too, ended first");
            assertEquals(40, fs.get(40).get());
            try (var files = java.nio.file.Files.list(dir)) {
                assertEquals(400, files.count(), "each task ran once");
            }
        });
    }

    @Test
    void submitAll_workerHaltsWithJobsWrittenAhead_othersRunOnceOnReplacement() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("offload-halt");
        assertTimeoutPreemptively(GUARD, () -> {
            pool.map(x -> x, range(500), 1);
            List<Future<Integer>> fs = pool.submitAll(once(dir.toString(), -1, 100), range(400));
            for (int i = 0; i < fs.size(); i++) {
                if (i == 100) {
                    ExecutionException e = assertThrows(ExecutionException.class, fs.get(i)::get);
                    assertEquals(9, assertInstanceOf(WorkerDiedException.class, e.getCause()).exitStatus());
                } else {
                    assertEquals(i, fs.get(i).get(), "task " + i);
                }
            }
            try (var files = java.nio.file.Files.list(dir)) {
                assertEquals(400, files.count(), "each task ran once, the one that halted its worker too");
            }
        });
    }

    @Test
    void submit_idleWorkerKilled_nextTaskRunsOnReplacement() {
        assertTimeoutPreemptively(GUARD, () -> {
            // the one-worker pool, so the next task must go to the worker that was killed
            int startedBefore = special.workersStarted();
            // Two rounds: the kill lands at different points of the pool's dispatch (before its liveness check,
            // between the check and the write, after the write); the task must never be lost or failed.
            for (int round = 0; round < 2; round++) {
                long pid = special.submit(x -> ProcessHandle.current().pid(), 0).get();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                long ran = special.submit(x -> ProcessHandle.current().pid(), round).get();
                assertTrue(ran != pid, "ran on the killed worker " + pid);
            }
            assertTrue(special.workersStarted() >= startedBefore + 2, "replacements: " + special.workersStarted());
        });
    }

    @Test
    void processes_poolJvmKilled_idleAndBusyWorkersExit() {
        assertTimeoutPreemptively(GUARD, () -> {
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AbandonedPoolMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<ProcessHandle> workers = new ArrayList<>();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line = lines.readLine();
                assertTrue(line != null && line.startsWith("workers "), "parent said: " + line);
                for (String pid : line.substring("workers ".length()).split(" ")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(workers::add);
                }
                assertEquals(2, workers.size(), line);
                parent.destroyForcibly().waitFor(); // SIGKILL: the pool gets no chance to close
            }
            // the idle worker sees its stdin end; the busy one notices its parent is gone
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (workers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<Long> alive = workers.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
            alive.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            assertEquals(List.of(), alive, "orphaned workers still alive");
        });
    }

    @Test
    void submit_taskCallsSystemExit_workerDiedWithStatus() {
        assertTimeoutPreemptively(GUARD, () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(x -> {
                System.err.println("about to exit with " + x);
                System.exit(x);
                return x;
            }, 42).get());
            WorkerDiedException d = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(42, d.exitStatus());
            assertTrue(d.getMessage().contains("exit status 42"), d.getMessage());
            assertTrue(d.getMessage().contains("about to exit with 42"), "stderr tail: " + d.getMessage());
            assertEquals(List.of(5, 6), pool.map(x -> x + 1, List.of(4, 5)));
        });
    }

    @Test
    void submit_workerOutOfMemory_workerDiedAndReplaced() {
        assertTimeoutPreemptively(GUARD, () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> special.submit(x -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[x]);
                }
            }, 1 << 20).get());
            WorkerDiedException d = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertTrue(d.getMessage().contains("OutOfMemoryError"), d.getMessage());
            assertEquals(3, special.submit(x -> x + 1, 2).get());
        });
    }

    @Test
    void map_taskPrintsToStdout_resultsNotCorrupted() {
        assertTimeoutPreemptively(GUARD, () -> {
            List<String> r = pool.map(x -> {
                System.out.println("chatty task " + x);
                if (x == 0) {
                    // bytes that look like a frame header, written to what user code believes is stdout
                    System.out.write(new byte[] {0x0F, (byte) 0xF1, 0x0A, (byte) 0xD0, 11, 0, 0, 0, 1, '\n'});
                    System.out.flush();
                }
                return "r" + x;
            }, range(20), 1);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add("r" + i);
            }
            assertEquals(expected, r);
        });
    }

    @Test
    void map_tasksPrintMegabytes_noDeadlockAndOutputCopied() {
        // Far more than a pipe holds (64 KiB): if the pool stopped draining a worker's stderr, the worker would block
        // in println and the map would hang. Our stderr is swapped for a counter so the test log stays readable.
        java.io.PrintStream err = System.err;
        java.util.concurrent.atomic.AtomicLong copied = new java.util.concurrent.atomic.AtomicLong();
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                copied.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                copied.addAndGet(len);
            }
        }, true));
        try {
            assertTimeoutPreemptively(GUARD, () -> {
                String line = "x".repeat(1023);
                assertEquals(List.of(0, 1), pool.map(x -> {
                    for (int i = 0; i < 1024; i++) {
                        System.out.println(line); // 1 MiB through System.out (the worker's stderr)
                        System.err.println(line); // and 1 MiB through System.err
                    }
                    return x;
                }, range(2), 1));
                long expected = 2L * 2 * 1024 * 1024;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (copied.get() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(copied.get() >= expected, "copied " + copied.get() + " of " + expected + " bytes");
            });
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void submit_taskOverTimeout_timeoutExceptionWorkerReplaced() {
        assertTimeoutPreemptively(GUARD, () -> {
            // its own pool: a short limit here would race with the slower tasks of the shared ones. Not shorter than
            // 2 s: the map below runs on a fresh worker, whose first dispatch loads this class on a busy machine.
            try (TaskPool p = TaskPool.processes(1, ProcessOptions.defaults()
                    .taskTimeout(Duration.ofSeconds(2)))) {
                Future<Integer> slow = p.submit(x -> {
                    Thread.sleep(60_000);
                    return x;
                }, 1);
                ExecutionException e = assertThrows(ExecutionException.class, slow::get);
                TimeoutException t = assertInstanceOf(TimeoutException.class, e.getCause());
                assertTrue(t.getMessage().contains("killed"), t.getMessage());
                assertEquals(List.of(2, 3), p.map(x -> x + 1, List.of(1, 2)));
                assertTrue(p.workersStarted() >= 2, "a replacement was started");
            }
        });
    }

    @Test
    void map_maxTasksPerWorker_workersReplacedAfterLimit() {
        assertTimeoutPreemptively(GUARD, () -> {
            try (TaskPool p = TaskPool.processes(1, ProcessOptions.defaults().maxTasksPerWorker(2))) {
                List<Long> pids = p.map(x -> ProcessHandle.current().pid(), range(5), 1);
                assertEquals(pids.get(0), pids.get(1));
                assertEquals(pids.get(2), pids.get(3));
                assertEquals(3, new HashSet<>(pids).size(), pids.toString());
                assertTrue(p.workersStarted() >= 3);
            }
        });
    }

    @Test
    void workerCpuTime_busyTask_counted() {
        assertTimeoutPreemptively(GUARD, () -> {
            Timed<Long> t = Timing.timeChecked(pool::workerCpuTime, () -> pool.submit(x -> {
                long end = System.nanoTime() + 200_000_000L;
                long n = 0;
                while (System.nanoTime() < end) {
                    n++;
                }
                return n;
            }, 0).get());
            assertTrue(t.value() > 0);
            assertTrue(t.workerCpuNanos() > 0, t.toString());
            assertTrue(pool.workerCpuTime().toNanos() >= t.workerCpuNanos());
        });
    }

    @Test
    void processes_startup_reportedAndWorkersAreOtherJvms() {
        assertTimeoutPreemptively(GUARD, () -> {
            assertTrue(pool.startupTime().toNanos() > 0);
            Set<Long> pids = new HashSet<>(pool.map(x -> {
                Thread.sleep(100);
                return ProcessHandle.current().pid();
            }, range(4), 1));
            assertTrue(!pids.contains(ProcessHandle.current().pid()), "ran in other processes: " + pids);
        });
    }

    @Test
    void processes_badJvmOption_startFailsWithClearMessage() {
        assertTimeoutPreemptively(GUARD, () -> {
            OffloadException e = assertThrows(OffloadException.class, () -> TaskPool.processes(1,
                    ProcessOptions.defaults().jvmOptions("-XX:+NoSuchOptionAtAll")));
            assertTrue(e.getMessage().contains("did not start"), e.getMessage());
            assertTrue(e.getMessage().contains("NoSuchOptionAtAll"), e.getMessage());
        });
    }

    @Test
    void processOptions_badValues_throwNamingThem() {
        var d = ProcessOptions.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.maxTasksPerWorker(-1)).getMessage()
                .contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.taskTimeout(Duration.ZERO)).getMessage()
                .contains("PT0S"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.allowPackages("com.*")).getMessage()
                .contains("com.*"));
        assertThrows(IllegalArgumentException.class, () -> TaskPool.processes(0));
    }
}
