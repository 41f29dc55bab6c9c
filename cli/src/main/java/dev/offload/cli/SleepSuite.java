package dev.offload.cli;

import dev.offload.demo.DemoTasks;
import dev.offload.pool.Task;
import dev.offload.pool.TaskPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The seed's first exercise: {@code f(x) = sleep(s); x*x} over {@code 0..tasks-1}: sequentially (a plain loop), with
 * {@code map} (Java's plain sequential {@code Stream.map}, the analogue of Python's builtin {@code map}), and through
 * {@code threads(4)}, {@code processes(4)}, {@code processes(cpuCount)}, {@code threads()} and
 * {@code virtualThreads()}.
 *
 * <p>One sequential run takes {@code tasks x sleep} (8 s by default), so this workload has no separate checking run:
 * it is timed {@code sleepRepeat} times (default once) and every timed result is checked. A pool is made before the
 * clock starts and reused across repetitions; its start-up time (worker JVMs) is reported in the note, not in the
 * wall time.
 */
final class SleepSuite implements Suite {
    static final String NAME = "sleep";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int cases(Settings s) {
        return 2 + PoolKind.seedKinds().size();
    }

    @Override
    public void run(Settings s, Runner runner) {
        List<Integer> items = IntStream.range(0, s.tasks()).boxed().toList();
        List<Long> expected = items.stream().map(x -> (long) x * x).toList();
        Task<Integer, Long> f = DemoTasks.sleepThenSquare(Duration.ofMillis(s.sleepMillis()));
        String workload = String.format(Locale.ROOT, "sleep(%s); x*x", seconds(s.sleepMillis()));
        runner.measureTimedOnly(new Case(workload, "sequential", "jvm", s.tasks(), "tasks", true), s.sleepRepeat(),
                () -> {
                    List<Long> out = new ArrayList<>(items.size());
                    for (Integer x : items) {
                        out.add(f.call(x));
                    }
                    return out;
                }, expected, null, null);
        runner.measureTimedOnly(new Case(workload, "map", "jvm", s.tasks(), "tasks", false), s.sleepRepeat(),
                () -> items.stream().map(x -> unchecked(f, x)).toList(), expected, null, null);
        for (PoolKind kind : PoolKind.seedKinds()) {
            Case c = new Case(workload, kind.strategy(), kind.device(), s.tasks(), "tasks", false);
            runner.withPool(c, kind, pool -> runner.measureTimedOnly(c, s.sleepRepeat(), () -> pool.map(f, items),
                    expected, startupNote(pool), pool));
        }
    }

    /** Calls a task from a lambda that may not throw checked exceptions. */
    static <T, R> R unchecked(Task<T, R> task, T x) {
        try {
            return task.call(x);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String startupNote(TaskPool pool) {
        long ms = pool.startupTime().toMillis();
        return ms == 0 ? "" : "pool start-up " + ms + " ms (not in wall)";
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
