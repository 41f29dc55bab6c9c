package dev.offload.demo;

import dev.offload.Timed;
import dev.offload.Timing;
import dev.offload.pool.Task;
import dev.offload.pool.TaskPool;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The seed's timings: 8 tasks of {@code sleep(1); x*x} on each pool kind, 10,000 of them on virtual threads, and the
 * word-length exercise on each kind. A demo, not a benchmark: one run each, wall and CPU times as {@code %time} gives
 * them. Every result is checked against the squares and word lengths computed directly before its time is printed.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/offload.jar dev.offload.demo.PoolDemo [sleepMillis (default 1000)] [processes (default 4)]
 * </pre>
 */
public final class PoolDemo {
    private PoolDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args optional sleep in milliseconds per task, and the number of worker processes
     * @throws Exception when a run fails or a result is wrong
     */
    public static void main(String[] args) throws Exception {
        long sleepMillis = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        int procs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Task<Integer, Long> f = DemoTasks.sleepThenSquare(Duration.ofMillis(sleepMillis));
        List<Integer> eight = IntStream.range(0, 8).boxed().toList();
        List<Long> expected = eight.stream().map(x -> (long) x * x).toList();
        System.out.printf(Locale.ROOT, "offload seed demo: f(x) = sleep(%d ms); x*x  (Java %s, %d CPUs)%n",
                sleepMillis, Runtime.version(), TaskPool.cpuCount());
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s %12s %12s%n", "run", "wall", "user", "sys",
                "workers cpu", "start-up");
        List<Supplier<TaskPool>> kinds = List.of(TaskPool::sequential, () -> TaskPool.threads(8),
                TaskPool::virtualThreads, () -> TaskPool.processes(procs));
        for (Supplier<TaskPool> kind : kinds) {
            try (TaskPool pool = kind.get()) {
                Timed<List<Long>> t = Timing.timeChecked(pool::workerCpuTime, () -> pool.map(f, eight));
                check(expected, t.value(), pool);
                row("8 tasks, " + pool, t, pool.startupTime());
            }
        }
        List<Integer> many = IntStream.range(0, 10_000).boxed().toList();
        try (TaskPool pool = TaskPool.virtualThreads()) {
            Timed<List<Long>> t = Timing.timeChecked(pool::workerCpuTime, () -> pool.map(f, many));
            check(many.stream().map(x -> (long) x * x).toList(), t.value(), pool);
            row("10,000 tasks, " + pool, t, Duration.ZERO);
        }

        List<String> words = DemoTasks.words(DemoTasks.LOREM);
        List<Integer> lengths = words.stream().map(w -> w.codePointCount(0, w.length())).toList();
        System.out.println();
        System.out.println("word lengths of the lorem text (" + words.size() + " words): " + lengths);
        for (Supplier<TaskPool> kind : kinds) {
            try (TaskPool pool = kind.get()) {
                Timed<List<Integer>> t = Timing.timeChecked(pool::workerCpuTime,
                        () -> pool.map(DemoTasks.WORD_LENGTH, words));
                check(lengths, t.value(), pool);
                row("word lengths, " + pool, t, pool.startupTime());
            }
        }
    }

    private static void check(List<?> expected, List<?> actual, TaskPool pool) {
        if (!expected.equals(actual)) {
            throw new AssertionError(pool + " computed a wrong result");
        }
    }

    private static void row(String name, Timed<?> t, Duration startup) {
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s %12s %12s%n", name, fmt(t.wallNanos()),
                fmt(t.userNanos()), t.systemNanos() < 0 ? "n/a" : fmt(t.systemNanos()),
                fmt(t.workerCpuNanos()), startup.isZero() ? "-" : fmt(startup.toNanos()));
    }

    private static String fmt(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
