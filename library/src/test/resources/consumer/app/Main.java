package app;

import dev.offload.Offload;
import dev.offload.pool.Task;
import dev.offload.pool.TaskPool;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's program, compiled and run by ConsumerTest from the module path and from the class path: one Offload call
 * of each kind on the backend named by each argument, a kernel written in Java, a task on a worker process. Prints
 * one line per fact; throws (exit 1) where a result is wrong.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] selectors) throws Exception {
        Module m = Offload.class.getModule();
        System.out.println("library module: " + (m.isNamed() ? m.getName() : "unnamed"));
        Set<String> exports = new TreeSet<>();
        if (m.isNamed()) {
            m.getDescriptor().exports().forEach(e -> exports.add(e.source()));
        }
        System.out.println("exports: " + (m.isNamed() ? exports : "all (class path)"));

        int[] xs = {3, -4, 46341, 0, 7};
        long squares = 0;
        for (int x : xs) {
            squares += (long) x * x;
        }
        for (String selector : selectors) {
            try (Offload off = Offload.open(selector)) {
                check(off.sumOfSquares(xs) == squares, "sumOfSquares on " + selector);
                int[] out = new int[xs.length];
                int k = 3;
                off.parallelFor(xs.length, i -> out[i] = xs[i] * k + i);
                for (int i = 0; i < xs.length; i++) {
                    check(out[i] == xs[i] * k + i, "parallelFor on " + selector + " at " + i + ": " + out[i]);
                }
                long sum = off.sumLong(xs.length, i -> (long) xs[i] * xs[i]);
                check(sum == squares, "sumLong on " + selector + ": " + sum);
                String where = off.lastProfile().device().isOpenCl() ? "OpenCL" : "Java";
                System.out.println(selector + ": sumOfSquares, parallelFor, sumLong ok, ran on " + where);
            }
        }

        Task<Integer, Long> square = x -> (long) x * x;
        try (TaskPool pool = TaskPool.processes(1)) {
            List<Long> r = pool.map(square, List.of(2, 3));
            check(r.equals(List.of(4L, 9L)), "a worker process: " + r);
        }
        System.out.println("worker process: ok");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("wrong result: " + what);
        }
    }
}
