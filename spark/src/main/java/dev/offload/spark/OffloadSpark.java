package dev.offload.spark;

import dev.offload.Offload;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.TaskCompletionListener;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * offload's kernels on Apache Spark: each partition runs on its executor's device, results are combined on the
 * driver, and {@link #lastJobSummary()} says where every partition ran.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().appName("words").getOrCreate();
 * long[] hist = OffloadSpark.wordLengthHistogram(spark.read().textFile("hdfs:///corpus/*.txt"));
 * long ss = OffloadSpark.sumOfSquares(spark.table("t"), "x");
 * JavaRDD<Integer> lens = OffloadSpark.mapPartitions(lines.javaRDD(), (off, part) -> {
 *     List<Integer> out = new ArrayList<>();
 *     part.forEachRemaining(line -> { for (int n : off.wordLengths(line)) out.add(n); });
 *     return out.iterator();
 * });
 * System.out.println(OffloadSpark.lastJobSummary());   // partition, executor, host, GPU address, device, fallback
 * }</pre>
 *
 * <h2>Which device a task uses</h2>
 * Every executor JVM opens one {@link Offload} per device, lazily, on the first task that needs it; the executor's
 * task threads share it, and a JVM shutdown hook closes it when the executor exits (there is no finalizer, and no
 * per-task open). When Spark assigns the task GPUs ({@code spark.executor.resource.gpu.amount} and
 * {@code spark.task.resource.gpu.amount} with a discovery script), the task uses the OpenCL GPU whose index among
 * this JVM's OpenCL GPUs, in {@link Offload#devices()} order, equals the first address Spark assigned (addresses are
 * what the discovery script reports: for NVIDIA's {@code nvidia-smi} indices this is the CUDA order, the order of
 * NVIDIA's OpenCL platform). An address with no OpenCL GPU behind it runs in plain Java on all the executor's cores,
 * and the summary and the executor's log say so. Tasks without a GPU use {@code spark.offload.device} (any
 * {@link Offload#open(String)} selector; default {@code auto}: the best GPU, else Java). Set it on the
 * {@code SparkConf}, or for one driver thread's jobs with {@code sparkContext.setLocalProperty}; it is read on the
 * driver when a job is defined and travels with the job.
 *
 * <h2>Word lengths, exactly</h2>
 * {@link #wordLengthHistogram(Dataset)} equals Python's histogram of {@code [len(w) for w in text.split()]} over the
 * lines joined by whitespace, the way a file's lines are: a line break is whitespace, so no word spans two lines
 * or two partitions, and each partition's lines joined with {@code '\n'} go through
 * {@link Offload#wordLengthHistogram(byte[])}, in chunks of whole lines. Histograms are added with 64-bit counts.
 * Spark decodes text files as UTF-8 and turns bytes that are not UTF-8 into U+FFFD, so a line holding U+FFFD fails
 * the job with {@link MalformedLineException} naming the file and the line (numbered by {@code '\n'} in the whole
 * file). What cannot be detected: a U+FFFD that really is in the file (it fails the same way, where Python would
 * count it), and text that was not read as UTF-8. A {@code String} line's lone surrogate counts as one code point,
 * as in Python. A {@code null} line fails with {@link NullPointerException}.
 *
 * <h2>Results and failures</h2>
 * Methods that return a value run one Spark job and block; {@link #mapPartitions} is lazy like Spark's own. A task
 * failure fails the job as in Spark, with a {@link SparkException}; a {@link MalformedLineException} from a task is
 * thrown as itself, with the {@code SparkException} as its cause.
 */
public final class OffloadSpark {
    private static final ThreadLocal<Supplier<JobSummary>> LAST = new ThreadLocal<>();
    /** Bytes of whole lines handed to one word-length call: big enough for a GPU transfer, small for the heap. */
    static final int TEXT_CHUNK = 32 << 20;
    /** Ints handed to one sum-of-squares call. */
    static final int INT_CHUNK = 4 << 20;

    private OffloadSpark() {
    }

    /**
     * The histogram of word lengths of all lines: {@code hist[k]} = number of words of {@code k} code points, length
     * = longest word + 1 ({@code [0]} when there are no words), as {@link Offload#wordLengthHistogram(byte[])} gives
     * for the whole text.
     *
     * @throws MalformedLineException a line holds U+FFFD (see the class comment)
     */
    public static long[] wordLengthHistogram(Dataset<String> lines) {
        Objects.requireNonNull(lines, "lines");
        return histogram(lines.javaRDD());
    }

    /** {@link #wordLengthHistogram(Dataset)} for an RDD of lines, e.g. from {@code JavaSparkContext.textFile}. */
    public static long[] wordLengthHistogram(JavaRDD<String> lines) {
        Objects.requireNonNull(lines, "lines");
        return histogram(lines);
    }

    /**
     * Sum of {@code (long) x * x} over every element, in 64 bits (wrapping modulo 2<sup>64</sup> only past
     * {@code Long.MAX_VALUE}, as {@link Offload#sumOfSquares(int[])} does).
     *
     * @throws NullPointerException (as the job's failure) for a null element
     */
    public static long sumOfSquares(JavaRDD<Integer> xs) {
        Objects.requireNonNull(xs, "xs");
        return sumSquares("sumOfSquares", xs);
    }

    /**
     * Sum of squares of an {@code int} column; nulls are skipped, as SQL's {@code sum} skips them.
     *
     * @throws IllegalArgumentException naming the column, when there is no such column or it is not {@code int}
     */
    public static long sumOfSquares(Dataset<Row> rows, String column) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(column, "column");
        StructField field = Arrays.stream(rows.schema().fields()).filter(f -> f.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column '" + column + "' in "
                        + rows.schema().simpleString()));
        if (!field.dataType().equals(DataTypes.IntegerType)) {
            throw new IllegalArgumentException("column '" + column + "' is " + field.dataType().simpleString()
                    + ", not int");
        }
        org.apache.spark.sql.Column c = rows.col("`" + column.replace("`", "``") + "`");
        JavaRDD<Integer> xs = rows.select(c).filter(c.isNotNull()).as(Encoders.INT()).javaRDD();
        return sumSquares("sumOfSquares(" + column + ")", xs);
    }

    /**
     * Spark's {@code mapPartitions} with the executor's {@link Offload} handed to {@code f}: any offload call runs
     * inside partitions. Lazy, like Spark's; after an action, {@link #lastJobSummary()} lists the partitions run
     * so far (collected with an accumulator, so a partition computed by two actions is listed twice).
     */
    public static <T, R> JavaRDD<R> mapPartitions(JavaRDD<T> rdd, PartitionFunction<T, R> f) {
        Objects.requireNonNull(rdd, "rdd");
        Objects.requireNonNull(f, "f");
        Settings settings = Settings.of(rdd.context());
        CollectionAccumulator<PartitionRun> runs = rdd.context().collectionAccumulator("offload-spark partitions");
        LAST.set(() -> new JobSummary("mapPartitions", runs.value()));
        return rdd.mapPartitions(part -> {
            ExecutorDevices.Lease lease = ExecutorDevices.forTask(settings);
            long t0 = System.nanoTime();
            Counting<R> out = new Counting<>(f.call(lease.offload(), part));
            TaskContext ctx = TaskContext.get();
            if (ctx != null) {
                ctx.addTaskCompletionListener((TaskCompletionListener) c ->
                        runs.add(lease.run(out.count, System.nanoTime() - t0)));
            }
            return out;
        });
    }

    /**
     * Where the partitions of the last job started by this thread ran; null before the first. For
     * {@link #mapPartitions} the rows are read when this is called, so call it after the action.
     */
    public static JobSummary lastJobSummary() {
        Supplier<JobSummary> s = LAST.get();
        return s == null ? null : s.get();
    }

    // ---------------------------------------------------------------- the jobs

    /** One partition's result and where it ran. */
    record Outcome<V extends Serializable>(V value, PartitionRun run) implements Serializable {
    }

    private static long[] histogram(JavaRDD<String> lines) {
        Settings settings = Settings.of(lines.context());
        List<Outcome<long[]>> parts = collect(lines.mapPartitions(it -> List.of(histogramOf(settings, it)).iterator()));
        long[] total = {0};
        for (Outcome<long[]> o : parts) {
            total = add(total, o.value());
        }
        LAST.set(summary("wordLengthHistogram", parts));
        return total;
    }

    private static long sumSquares(String job, JavaRDD<Integer> xs) {
        Settings settings = Settings.of(xs.context());
        List<Outcome<Long>> parts = collect(xs.mapPartitions(it -> List.of(sumSquaresOf(settings, it)).iterator()));
        long total = 0;
        for (Outcome<Long> o : parts) {
            total += o.value();
        }
        LAST.set(summary(job, parts));
        return total;
    }

    private static <V extends Serializable> Supplier<JobSummary> summary(String job, List<Outcome<V>> parts) {
        JobSummary s = new JobSummary(job, parts.stream().map(Outcome::run).toList());
        return () -> s;
    }

    private static <V> List<V> collect(JavaRDD<V> rdd) {
        try {
            return rdd.collect();
        } catch (Exception e) {        // Scala throws the checked SparkException without declaring it
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MalformedLineException m) {
                    MalformedLineException copy = new MalformedLineException(m.file(), m.line(), m.getMessage());
                    copy.initCause(e);
                    throw copy;
                }
            }
            throw OffloadSpark.<RuntimeException>sneaky(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }

    /** One partition of {@link #wordLengthHistogram}: whole lines, joined with {@code '\n'}, a chunk at a time. */
    static Outcome<long[]> histogramOf(Settings settings, Iterator<String> lines) {
        ExecutorDevices.Lease lease = ExecutorDevices.forTask(settings);
        Offload off = lease.offload();
        long t0 = System.nanoTime();
        LineTracker where = new LineTracker(TaskContext.getPartitionId());
        byte[] buf = new byte[1 << 16];
        int n = 0;
        long count = 0;
        long[] hist = {0};
        while (lines.hasNext()) {
            String line = lines.next();
            where.next();
            count++;
            if (line == null) {
                throw new NullPointerException(where.where() + " is null");
            }
            int bad = line.indexOf('\uFFFD');
            if (bad >= 0) {
                throw where.malformed(bad);
            }
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            if (n > 0 && n + b.length + 1 > TEXT_CHUNK) {
                hist = add(hist, off.wordLengthHistogram(Arrays.copyOf(buf, n)));
                n = 0;
            }
            if (n + b.length + 1 > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(n + b.length + 1, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.min(2L * buf.length, TEXT_CHUNK))));
            }
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
            buf[n++] = '\n';
        }
        if (n > 0) {
            hist = add(hist, off.wordLengthHistogram(n == buf.length ? buf : Arrays.copyOf(buf, n)));
        }
        return new Outcome<>(hist, lease.run(count, System.nanoTime() - t0));
    }

    /** One partition of {@link #sumOfSquares}: ints in chunks. */
    static Outcome<Long> sumSquaresOf(Settings settings, Iterator<Integer> xs) {
        ExecutorDevices.Lease lease = ExecutorDevices.forTask(settings);
        Offload off = lease.offload();
        long t0 = System.nanoTime();
        int[] chunk = new int[1 << 12];
        int n = 0;
        long count = 0;
        long sum = 0;
        while (xs.hasNext()) {
            Integer x = xs.next();
            if (x == null) {
                throw new NullPointerException("element " + count + " of partition " + TaskContext.getPartitionId()
                        + " is null");
            }
            if (n == chunk.length) {
                if (n == INT_CHUNK) {
                    sum += off.sumOfSquares(chunk);
                    n = 0;
                } else {
                    chunk = Arrays.copyOf(chunk, Math.min(2 * n, INT_CHUNK));
                }
            }
            chunk[n++] = x;
            count++;
        }
        if (n > 0) {
            sum += off.sumOfSquares(n == chunk.length ? chunk : Arrays.copyOf(chunk, n));
        }
        return new Outcome<>(sum, lease.run(count, System.nanoTime() - t0));
    }

    /** {@code a + b} bin by bin, as long as the longer one; neither is changed. */
    static long[] add(long[] a, long[] b) {
        long[] longer = a.length >= b.length ? a : b;
        long[] shorter = longer == a ? b : a;
        long[] out = longer.clone();
        for (int i = 0; i < shorter.length; i++) {
            out[i] += shorter[i];
        }
        return out;
    }

    /** An iterator that counts what it hands out, for the summary of {@link #mapPartitions}. */
    private static final class Counting<R> implements Iterator<R> {
        private final Iterator<R> in;
        long count;

        Counting(Iterator<R> in) {
            this.in = Objects.requireNonNull(in, "the partition function returned null");
        }

        @Override
        public boolean hasNext() {
            return in.hasNext();
        }

        @Override
        public R next() {
            R r = in.next();
            count++;
            return r;
        }
    }
}
