package dev.offload.cli;

import dev.offload.Offload;
import dev.offload.Profile;
import dev.offload.Timed;
import dev.offload.Timing;
import dev.offload.pool.TaskPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Measures cases: first one run whose result is checked against the oracle (it also builds the device's program), a
 * few untimed warm-up runs, then {@code repeat} timed runs whose medians make the row; each timed host result is
 * checked again. A wrong or failing case is reported, not timed, and the comparison goes on. Task pools are made once
 * per comparison and closed by {@link #close()}.
 */
final class Runner implements AutoCloseable {
    /**
     * The body of a case: produces a result (a host value, or a device array the check downloads).
     *
     * @param <T> the result's type
     */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    /**
     * Turns a body's result into a host value comparable with the oracle's (a download for device arrays).
     *
     * @param <T> the result's type
     */
    @FunctionalInterface
    interface ToHost<T> {
        Object apply(T value) throws Exception;
    }

    private final int repeat;
    private final int warmup;
    private final Progress progress;
    private final List<Row> rows = new ArrayList<>();
    private final java.util.Map<String, TaskPool> pools = new java.util.LinkedHashMap<>();

    Runner(int repeat, int warmup, Progress progress) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, not " + repeat);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must not be negative: " + warmup);
        }
        this.repeat = repeat;
        this.warmup = warmup;
        this.progress = progress;
    }

    /** The rows measured so far, in order. */
    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Checks then times a case whose result needs no conversion. */
    <T> Row measure(Case c, Body<T> body, Object expected, Supplier<Profile> profile) {
        return measure(c, body, v -> v, expected, profile, null, null);
    }

    /** Checks then times a case whose result {@code toHost} converts (downloads) for the check. */
    <T> Row measure(Case c, Body<T> body, ToHost<? super T> toHost, Object expected, Supplier<Profile> profile) {
        return measure(c, body, toHost, expected, profile, null, null);
    }

    /**
     * Runs {@code body} once and checks its result against {@code expected}; if equal, runs it {@code warmup} more
     * times untimed, then times {@code repeat} runs.
     *
     * @param profile the device's profile of the last call on this thread, or null for rows that run no kernel
     * @param pool    the pool whose worker processes' CPU time to count, or null
     * @param note    a remark for the row, or null
     */
    <T> Row measure(Case c, Body<T> body, ToHost<? super T> toHost, Object expected, Supplier<Profile> profile,
                    TaskPool pool, String note) {
        progress.starting(c.describe());
        String wrong;
        try {
            T v = body.run();
            Object actual;
            try {
                actual = toHost.apply(v);
            } finally {
                closeIfNeeded(v);
            }
            wrong = Oracle.difference(expected, actual);
            // Untimed runs after the check, so that the JIT has compiled the hot loops before timing starts. Not for
            // pools: their per-task overhead is what they are measured for, and process-pool runs take seconds.
            for (int i = 0; wrong == null && pool == null && i < warmup; i++) {
                closeIfNeeded(body.run());
            }
        } catch (UnsupportedOperationException e) {
            // A device that lacks an operation has no row to time, but it has computed nothing wrong either.
            Row row = Row.untimed(c, true, "not supported: " + e.getMessage());
            rows.add(row);
            progress.finished();
            return row;
        } catch (Exception | OutOfMemoryError e) {
            wrong = "failed: " + e;
        }
        Row row = wrong != null ? untimed(c, wrong)
                : time(c, body, toHost, profile, repeat, note, expected, pool);
        rows.add(row);
        progress.finished();
        return row;
    }

    /**
     * Times {@code reps} runs and checks each timed result: for cases too slow to run once more only to check
     * (the sleeping tasks).
     */
    <T> Row measureTimedOnly(Case c, int reps, Body<T> body, Object expected, String note, TaskPool pool) {
        progress.starting(c.describe());
        Row row = time(c, body, v -> v, null, reps, note, expected, pool);
        rows.add(row);
        progress.finished();
        return row;
    }

    /**
     * Hands the pool of {@code kind} to {@code use}, making it on first use: worker JVMs start once per comparison,
     * not once per workload. A pool that cannot start makes a failed row for {@code c}.
     */
    void withPool(Case c, PoolKind kind, Consumer<TaskPool> use) {
        TaskPool pool = pools.get(kind.strategy());
        if (pool == null) {
            try {
                pool = kind.make().get();
            } catch (RuntimeException e) {
                progress.starting(c.describe());
                rows.add(untimed(c, "failed to start the pool: " + e));
                progress.finished();
                return;
            }
            pools.put(kind.strategy(), pool);
        }
        use.accept(pool);
    }

    /**
     * Opens device {@code id} for the cases {@code workloads} x {host, resident}; when it cannot be opened, records
     * each of those cases as failed (the host ones as the baseline when {@code baseline}) and returns null, so that
     * the comparison goes on with the next device.
     */
    Offload openOrFail(String id, long size, String unit, boolean baseline, String... workloads) {
        try {
            return Offload.open(id);
        } catch (RuntimeException e) {
            for (String w : workloads) {
                for (String strategy : new String[] {IntsSuite.HOST, IntsSuite.RESIDENT}) {
                    Case c = new Case(w, strategy, id, size, unit, baseline && strategy.equals(IntsSuite.HOST));
                    progress.starting(c.describe());
                    rows.add(untimed(c, "failed to open the device: " + e));
                    progress.finished();
                }
            }
            return null;
        }
    }

    /** Closes every pool {@link #withPool} made. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (TaskPool p : pools.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        pools.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Adds a row measured elsewhere. */
    void add(Row row) {
        rows.add(row);
    }

    private <T> Row time(Case c, Body<T> body, ToHost<? super T> toHost, Supplier<Profile> profile, int reps,
                         String note, Object expected, TaskPool pool) {
        long[] wall = new long[reps];
        long[] user = new long[reps];
        long[] sys = new long[reps];
        long[] worker = new long[reps];
        long[] up = new long[reps];
        long[] kern = new long[reps];
        long[] down = new long[reps];
        for (int i = 0; i < reps; i++) {
            Timed<T> t;
            try {
                t = pool == null ? Timing.timeChecked(body::run)
                        : Timing.timeChecked(pool::workerCpuTime, body::run);
            } catch (Exception | OutOfMemoryError e) {
                return untimed(c, "failed in timed run " + (i + 1) + ": " + e);
            }
            // The timed call's profile, read before the check: checking a resident result downloads it, and that
            // download would otherwise be the profile reported (a resident saxpy showed only download time).
            Profile p = profile == null ? null : profile.get();
            // Device arrays are checked once, before timing: downloading each would double the device's work.
            try {
                if (!(t.value() instanceof AutoCloseable)) {
                    String wrong = Oracle.difference(expected, toHost.apply(t.value()));
                    if (wrong != null) {
                        return untimed(c, "timed run " + (i + 1) + ": " + wrong);
                    }
                }
            } catch (Exception e) {
                return untimed(c, "failed checking timed run " + (i + 1) + ": " + e);
            } finally {
                closeIfNeeded(t.value());
            }
            wall[i] = t.wallNanos();
            user[i] = t.userNanos();
            sys[i] = t.systemNanos();
            worker[i] = t.workerCpuNanos();
            if (p != null) {
                up[i] = p.uploadNanos();
                kern[i] = p.kernelNanos();
                down[i] = p.downloadNanos();
            } else {
                up[i] = kern[i] = down[i] = -1;
            }
        }
        long[] sorted = wall.clone();
        Arrays.sort(sorted);
        return new Row(c.workload(), c.strategy(), c.device(), c.size(), c.unit(), reps, median(wall), sorted[0],
                sorted[reps - 1], median(user), median(sys), median(worker), median(up), median(kern), median(down),
                c.baseline(), Double.NaN, true, note == null ? "" : note);
    }

    private static Row untimed(Case c, String why) {
        return Row.untimed(c, false, why);
    }

    static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static void closeIfNeeded(Object v) {
        if (v instanceof AutoCloseable ac) {
            try {
                ac.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing " + v + " failed", e);
            }
        }
    }

    /** Sets each row's speed-up against the baseline row of the same workload and size. */
    static List<Row> withSpeedups(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Row base = rows.stream()
                    .filter(b -> b.baseline() && b.workload().equals(r.workload()) && b.size() == r.size())
                    .findFirst().orElse(null);
            double s = base == null || base.wallNanos() <= 0 || r.wallNanos() <= 0 ? Double.NaN
                    : (double) base.wallNanos() / r.wallNanos();
            out.add(r.withSpeedup(s));
        }
        return out;
    }
}
