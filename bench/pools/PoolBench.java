import dev.offload.pool.ProcessOptions;
import dev.offload.pool.Task;
import dev.offload.pool.TaskPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The Java half of {@code compare_pools.sh}: the same cases as {@code pool_bench.py}, printed as
 * {@code case<TAB>median ms} lines. Compiled and run by the script against the library jar, with this class on the
 * JVM's class path, so that worker processes load the tasks the way an application's would.
 */
public final class PoolBench {
    /**
     * Seconds of untimed runs before each warm case, on both sides: the JIT compilers of the pool and its workers need
     * hundreds of calls to reach their steady state (20 runs left the default-chunk map at 3-4 times its warm
     * time), Python's interpreter needs none.
     */
    static final int WARM_UP_SECONDS = 3;

    private PoolBench() {
    }

    /** The trivial task of the warm cases: Python's {@code def ident(x): return x}. */
    static final Task<Integer, Integer> IDENT = x -> x;

    /**
     * Word lengths of one line: Python's {@code [len(w) for w in line.split()]}, written as a loop over the
     * characters (Python's {@code split} is C; {@code String.split("\\s+")} compiles a regex per call, which a cold
     * worker JVM interprets: see {@link #WORD_LENGTHS_REGEX}).
     */
    static final Task<String, List<Integer>> WORD_LENGTHS = line -> {
        List<Integer> out = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                if (run > 0) {
                    out.add(run);
                }
                run = 0;
            } else {
                run++;
            }
        }
        if (run > 0) {
            out.add(run);
        }
        return out;
    };

    /** The same with {@code String.split}, as this benchmark had it first. */
    static final Task<String, List<Integer>> WORD_LENGTHS_REGEX = line -> {
        List<Integer> out = new ArrayList<>();
        for (String w : line.split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w.length());
            }
        }
        return out;
    };

    /**
     * Runs every case.
     *
     * @param args {@code [reps (default 15)] [coldReps (default 5)]}
     * @throws Exception when a case fails
     */
    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int coldReps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
        List<String> lines = lines(16_384);

        // The first pool ever started with this jar makes the workers' class-data archive in the background: start
        // one and give the training run time to finish, so the cold cases below measure what every later start gets.
        try (TaskPool pool = TaskPool.processes(2)) {
            pool.map(WORD_LENGTHS, lines.subList(0, 4));
        }
        Thread.sleep(8_000);

        // with and without the archive, and the regex task, interleaved
        String[] names = {"", ", no archive", ", regex split"};
        ProcessOptions[] kinds = {ProcessOptions.defaults(), ProcessOptions.defaults().noArchive(),
            ProcessOptions.defaults()};
        double[][] start = new double[kinds.length][coldReps];
        double[][] cold = new double[kinds.length][coldReps];
        for (int r = 0; r < coldReps; r++) {
            for (int k = 0; k < kinds.length; k++) {
                Task<String, List<Integer>> task = k == 2 ? WORD_LENGTHS_REGEX : WORD_LENGTHS;
                long t0 = System.nanoTime();
                try (TaskPool pool = TaskPool.processes(2, kinds[k])) {
                    long t1 = System.nanoTime();
                    List<List<Integer>> got = pool.map(task, lines);
                    long t2 = System.nanoTime();
                    check(got.size() == lines.size() && got.get(3).equals(WORD_LENGTHS_REGEX.call(lines.get(3))),
                            "word lengths");
                    start[k][r] = (t1 - t0) / 1e6;
                    cold[k][r] = (t2 - t1) / 1e6;
                }
            }
        }
        print("start processes(2)", start[0]);
        print("start processes(2), no archive", start[1]);
        for (int k = 0; k < kinds.length; k++) {
            print("cold map word lengths 16k lines" + names[k], cold[k]);
        }

        try (TaskPool pool = TaskPool.processes(2)) {
            print("warm map 10k trivial, default chunks", warm(pool, items, 0, reps));
            print("warm map 10k trivial, chunk 1", warm(pool, items, 1, Math.max(3, reps / 3)));
        }
    }

    private static double[] warm(TaskPool pool, List<Integer> items, int chunk, int reps) throws Exception {
        long until = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < until) {
            run(pool, items, chunk);
        }
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            List<Integer> got = run(pool, items, chunk);
            ms[r] = (System.nanoTime() - t0) / 1e6;
            check(got.equals(items), "trivial map");
        }
        return ms;
    }

    private static List<Integer> run(TaskPool pool, List<Integer> items, int chunk) throws Exception {
        return chunk == 0 ? pool.map(IDENT, items) : pool.map(IDENT, items, chunk);
    }

    /** The same text as pool_bench.py: a fixed word list cycled with a stride, 8 to 15 words per line. */
    static List<String> lines(int n) {
        String[] words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut"
                .split(" ");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < 8 + i % 8; j++) {
                s.append(j == 0 ? "" : " ").append(words[(i * 7 + j * 3) % words.length]);
            }
            out.add(s.toString());
        }
        return out;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("wrong result: " + what);
        }
    }

    private static void print(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        System.out.println(name + "\t" + String.format(Locale.ROOT, "%.2f", median));
    }
}
