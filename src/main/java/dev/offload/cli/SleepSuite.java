package dev.offload.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The seed's first exercise: {@code f(x) = sleep(s); x*x} over {@code 0..tasks-1}, sequentially (a plain loop),
 * with {@code map} (Java's plain sequential {@code Stream.map}, the analogue of Python's builtin {@code map}) and
 * through every task-pool kind. Each run takes seconds, so it is timed {@code sleepRepeat} times without a separate
 * checking run; every timed result is checked.
 */
final class SleepSuite implements Suite {
    static final String NAME = "sleep";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int cases(Settings s) {
        return 2;
    }

    @Override
    public void run(Settings s, Runner runner) {
        List<Integer> items = IntStream.range(0, s.tasks()).boxed().toList();
        List<Integer> expected = items.stream().map(x -> x * x).toList();
        long ms = s.sleepMillis();
        String workload = "sleep " + ms + "ms; x*x";
        runner.measureTimedOnly(new Case(workload, "sequential", "jvm", s.tasks(), "tasks", true), s.sleepRepeat(),
                () -> {
                    List<Integer> out = new ArrayList<>(items.size());
                    for (Integer x : items) {
                        out.add(sleepSquare(ms, x));
                    }
                    return out;
                }, expected, null);
        runner.measureTimedOnly(new Case(workload, "map", "jvm", s.tasks(), "tasks", false), s.sleepRepeat(),
                () -> items.stream().map(x -> sleepSquare(ms, x)).toList(), expected, null);
    }

    private static int sleepSquare(long ms, int x) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping", e);
        }
        return x * x;
    }
}
