package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceBytes;
import dev.offload.DeviceInts;
import dev.offload.Offload;
import dev.offload.Profile;
import dev.offload.text.JavaWordLengths;
import dev.offload.demo.LoremText;

import dev.offload.demo.DemoTasks;
import dev.offload.pool.Task;
import dev.offload.pool.TaskPool;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Word lengths and the histogram of word lengths of a reproducible lorem text on every device, host- and
 * device-resident, and through every pool kind as the seed does it (its exercises 4-6).
 */
final class TextSuite implements Suite {
    static final String NAME = "words";
    static final String LENGTHS = "word_lengths_u8";
    static final String HISTOGRAM = "word_length_histogram_u8";

    /**
     * Why a text of {@code n} bytes cannot be compared here, or {@code null} when it can: more than a Java array
     * holds, or more than the heap holds (the bytes and the same text as a String: 2 bytes per byte at least).
     *
     * @param n       the text size in bytes
     * @param maxHeap the most heap this JVM may use
     * @return one line, or {@code null}
     */
    static String whyTooBig(long n, long maxHeap) {
        if (n > IntsSuite.MAX_ARRAY) {
            return Units.count(n) + " bytes do not fit in a Java array (at most " + Units.count(IntsSuite.MAX_ARRAY)
                    + ")";
        }
        if (2 * n > maxHeap) {
            return "needs at least " + Units.bytes(2 * n) + " of Java heap, this JVM may use " + Units.bytes(maxHeap)
                    + "; give it more with OFFLOAD_JAVA_OPTS=-Xmx" + ((2 * n >> 30) + 2) + "g or ask for less";
        }
        return null;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int cases(Settings s) {
        int pools = s.pools() ? (2 + PoolKind.seedKinds().size()) * 2 : 0;
        return s.textBytes().size() * (s.devices().size() * 4 + pools);
    }

    @Override
    public void run(Settings s, Runner runner) {
        for (long bytes : s.textBytes()) {
            byte[] utf8 = text(bytes, s.seed());
            int[] lengths = JavaWordLengths.wordLengths(utf8, false);
            long[] histogram = Oracle.histogram(lengths);
            long n = utf8.length;
            for (Device d : s.devices()) {
                boolean base = d.kind() == dev.offload.DeviceKind.JAVA_SEQUENTIAL;
                String id = d.id();
                Offload off = runner.openOrFail(id, n, "bytes", base, LENGTHS, HISTOGRAM);
                if (off == null) {
                    continue;
                }
                try (off) {
                    Supplier<Profile> profile = off::lastProfile;
                    runner.measure(new Case(LENGTHS, IntsSuite.HOST, id, n, "bytes", base),
                            () -> off.wordLengths(utf8), lengths, profile);
                    runner.measure(new Case(HISTOGRAM, IntsSuite.HOST, id, n, "bytes", base),
                            () -> off.wordLengthHistogram(utf8), histogram, profile);
                    try (DeviceBytes t = off.upload(utf8)) {
                        runner.measure(new Case(LENGTHS, IntsSuite.RESIDENT, id, n, "bytes", false),
                                () -> off.wordLengths(t), (DeviceInts r) -> r.toArray(), lengths, profile);
                        runner.measure(new Case(HISTOGRAM, IntsSuite.RESIDENT, id, n, "bytes", false),
                                () -> off.wordLengthHistogram(t), histogram, profile);
                    }
                }
            }
            if (s.pools()) {
                throughPools(new String(utf8, StandardCharsets.UTF_8), n, lengths, histogram, runner);
            }
        }
    }

    /**
     * The seed's way: split the text into words first (untimed, as Python's {@code text.split()} before the pool),
     * then word lengths one task per word ({@code pool.map(len, words)}, in chunks so that a worker process gets many
     * words per message), and the histogram as one partial histogram per chunk of words, merged by the caller.
     */
    private static void throughPools(String text, long n, int[] lengths, long[] histogram, Runner runner) {
        List<String> words = DemoTasks.words(text);
        runner.measure(new Case(LENGTHS, "sequential", "jvm", n, "bytes", false), () -> {
            int[] out = new int[words.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = DemoTasks.WORD_LENGTH.call(words.get(i));
            }
            return out;
        }, lengths, null);
        runner.measure(new Case(HISTOGRAM, "sequential", "jvm", n, "bytes", false),
                () -> new WordHistogram().call(words), histogram, null);
        runner.measure(new Case(LENGTHS, "map", "jvm", n, "bytes", false),
                () -> words.stream().map(w -> w.codePointCount(0, w.length())).toList(), TextSuite::toInts,
                lengths, null);
        runner.measure(new Case(HISTOGRAM, "map", "jvm", n, "bytes", false),
                () -> merge(chunks(words, 1).stream().map(new WordHistogram()::call).toList()), histogram, null);
        for (PoolKind kind : PoolKind.seedKinds()) {
            Case lengthCase = new Case(LENGTHS, kind.strategy(), kind.device(), n, "bytes", false);
            runner.withPool(lengthCase, kind, pool -> {
                int chunk = chunkSize(words.size(), pool);
                String note = SleepSuite.startupNote(pool);
                runner.measure(lengthCase, () -> pool.map(DemoTasks.WORD_LENGTH, words, chunk), TextSuite::toInts,
                        lengths, null, pool, note);
                List<List<String>> parts = chunks(words, words.size() / chunk + 1);
                runner.measure(new Case(HISTOGRAM, kind.strategy(), kind.device(), n, "bytes", false),
                        () -> merge(pool.map(new WordHistogram(), parts)), v -> v, histogram, null, pool, note);
            });
        }
    }

    /** Words per message: about four chunks per worker, so that the pool balances without a message per word. */
    static int chunkSize(int words, TaskPool pool) {
        int workers = Math.min(pool.parallelism(), 4 * TaskPool.cpuCount());
        return Math.max(1, (words + 4 * workers - 1) / (4 * workers));
    }

    /** {@code count} nearly equal slices, each an immutable (serializable) copy. */
    static List<List<String>> chunks(List<String> words, int count) {
        List<List<String>> out = new ArrayList<>();
        int size = Math.max(1, (words.size() + count - 1) / Math.max(1, count));
        for (int i = 0; i < words.size(); i += size) {
            out.add(List.copyOf(words.subList(i, Math.min(words.size(), i + size))));
        }
        return out;
    }

    static long[] merge(List<long[]> partials) {
        int len = 1;
        for (long[] p : partials) {
            len = Math.max(len, p.length);
        }
        long[] out = new long[len];
        for (long[] p : partials) {
            for (int i = 0; i < p.length; i++) {
                out[i] += p[i];
            }
        }
        return out;
    }

    private static int[] toInts(List<? extends Integer> xs) {
        int[] out = new int[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = xs.get(i);
        }
        return out;
    }

    /** Histogram of the code-point lengths of some words, sized longest + 1; a task, so worker JVMs can run it. */
    record WordHistogram() implements Task<List<String>, long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] call(List<String> words) {
            long[] hist = new long[16];
            int max = 0;
            for (String w : words) {
                int l = w.codePointCount(0, w.length());
                if (l >= hist.length) {
                    hist = java.util.Arrays.copyOf(hist, Math.max(l + 1, hist.length * 2));
                }
                hist[l]++;
                max = Math.max(max, l);
            }
            return java.util.Arrays.copyOf(hist, max + 1);
        }
    }

    /** Exactly {@code bytes} bytes of reproducible lorem text (ASCII paragraphs). */
    static byte[] text(long bytes, long seed) {
        if (bytes > IntsSuite.MAX_ARRAY) {
            throw new IllegalArgumentException("text size " + bytes + " exceeds the largest Java array");
        }
        return LoremText.ofBytes((int) bytes, seed);
    }
}
