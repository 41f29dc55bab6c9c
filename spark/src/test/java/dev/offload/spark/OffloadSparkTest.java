package dev.offload.spark;

import dev.offload.Offload;
import dev.offload.demo.LoremText;
import dev.offload.text.WordCases;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link OffloadSpark} operation on a real {@code local[2]} session, checked against the single-machine API
 * (the sequential Java backend, offload's oracle) and against Python's answers for the Unicode corpus.
 */
class OffloadSparkTest {
    private static SparkSession spark;
    private static JavaSparkContext jsc;
    private static Offload oracle;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("OffloadSparkTest");
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        oracle = Offload.open("java-seq");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (oracle != null) {
            oracle.close();
        }
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }

    private static long[] expected(String text) {
        return oracle.wordLengthHistogram(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- word-length histogram

    @Test
    void wordLengthHistogram_loremDatasetAndRdd_equalSingleMachine() {
        String text = new String(LoremText.ofBytes(4 << 20, 42), StandardCharsets.US_ASCII);
        JavaRDD<String> rdd = jsc.parallelize(lines(text), 7);
        Dataset<String> ds = spark.createDataset(rdd.rdd(), Encoders.STRING());

        assertArrayEquals(expected(text), OffloadSpark.wordLengthHistogram(ds));
        JobSummary s = OffloadSpark.lastJobSummary();
        assertEquals(7, s.partitions().size(), s::toString);
        assertEquals(lines(text).size(), s.partitions().stream().mapToLong(PartitionRun::items).sum());
        assertArrayEquals(expected(text), OffloadSpark.wordLengthHistogram(rdd));
    }

    static List<WordCases.Text> corpus() {
        return WordCases.texts();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void wordLengthHistogram_unicodeCorpus_equalsPython(WordCases.Text t) {
        String text = new String(t.utf8(), StandardCharsets.UTF_8);
        long[] python = WordCases.histogramOf(t.lengths());
        assertArrayEquals(python, OffloadSpark.wordLengthHistogram(jsc.parallelize(lines(text), 3)), t::name);
    }

    @Test
    void wordLengthHistogram_corpusFilesReadBySpark_equalsPythonSummed(@TempDir Path dir) throws IOException {
        long[] python = {0};
        for (WordCases.Text t : WordCases.texts()) {
            if (t.name().startsWith("large-") || t.name().startsWith("straddle-emoji-4096")) {
                Files.write(dir.resolve(t.name() + ".txt"), t.utf8());
                python = OffloadSpark.add(python, WordCases.histogramOf(t.lengths()));
            }
        }
        // Several files per partition (Dataset), and files split into many partitions (RDD)
        assertArrayEquals(python, OffloadSpark.wordLengthHistogram(spark.read().textFile(dir.toString())));
        assertArrayEquals(python, OffloadSpark.wordLengthHistogram(jsc.textFile(dir.toString(), 24)));
        assertTrue(OffloadSpark.lastJobSummary().partitions().size() >= 24, OffloadSpark.lastJobSummary()::toString);
    }

    @Test
    void wordLengthHistogram_emptyPartitionsAndNoWords_giveSingleMachineShape() {
        assertArrayEquals(new long[] {0}, OffloadSpark.wordLengthHistogram(jsc.parallelize(List.<String>of(), 4)));
        assertArrayEquals(new long[] {0}, OffloadSpark.wordLengthHistogram(jsc.parallelize(List.of("", " \t", "\u3000"), 8)));
        List<String> few = List.of("a bb", "", "ccc dddd eeeee");
        assertArrayEquals(expected(String.join("\n", few)), OffloadSpark.wordLengthHistogram(jsc.parallelize(few, 8)));
        assertEquals(8, OffloadSpark.lastJobSummary().partitions().size());
    }

    @Test
    void wordLengthHistogram_hugeLineAndChunkedPartitions_equalSingleMachine() {
        // Partition 0: one line longer than a chunk; partition 1: many lines adding up to more than a chunk.
        // Both made inside the executor from the same seed the driver uses for the oracle.
        int bytes = OffloadSpark.TEXT_CHUNK + (3 << 20);
        JavaRDD<String> rdd = jsc.parallelize(List.of(0, 1), 2).flatMap(i -> {
            String t = new String(LoremText.ofBytes(bytes, 7 + i), StandardCharsets.US_ASCII);
            return (i == 0 ? List.of(t.replace('\n', ' ')) : Arrays.asList(t.split("\n", -1))).iterator();
        });
        long[] want = OffloadSpark.add(expected(new String(LoremText.ofBytes(bytes, 7), StandardCharsets.US_ASCII)),
                expected(new String(LoremText.ofBytes(bytes, 8), StandardCharsets.US_ASCII)));
        assertArrayEquals(want, OffloadSpark.wordLengthHistogram(rdd));
        assertEquals(1, OffloadSpark.lastJobSummary().partitions().get(0).items());
    }

    @Test
    void wordLengthHistogram_malformedUtf8_failsNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.txt");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("first line\nsecond line\nthird ".getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {(byte) 0xC3, (byte) 0x28});                       // a lead byte without its tail
            out.write(" line\nfourth\n".getBytes(StandardCharsets.UTF_8));
        }
        MalformedLineException e = assertThrows(MalformedLineException.class,
                () -> OffloadSpark.wordLengthHistogram(spark.read().textFile(f.toString())));
        assertEquals(3, e.line(), e::getMessage);
        assertTrue(e.file().endsWith("bad.txt") && e.getMessage().contains("bad.txt, line 3"), e::getMessage);
        MalformedLineException r = assertThrows(MalformedLineException.class,
                () -> OffloadSpark.wordLengthHistogram(jsc.textFile(f.toString())));
        assertEquals(3, r.line(), r::getMessage);
    }

    @Test
    void wordLengthHistogram_malformedLineInALaterSplit_numberedInTheWholeFile(@TempDir Path dir) throws IOException {
        String text = LoremText.paragraphs(4000, 3);
        List<String> ls = new ArrayList<>(lines(text));
        int bad = ls.size() * 3 / 4;                                 // 1-based line number of the bad line
        Path f = dir.resolve("big.txt");
        try (OutputStream out = Files.newOutputStream(f)) {
            for (int i = 0; i < ls.size(); i++) {
                out.write(ls.get(i).getBytes(StandardCharsets.UTF_8));
                if (i + 1 == bad) {
                    out.write(0xFF);
                }
                out.write('\n');
            }
        }
        assertTrue(Files.size(f) > 400_000, "the file must span several splits");
        MalformedLineException r = assertThrows(MalformedLineException.class,
                () -> OffloadSpark.wordLengthHistogram(jsc.textFile(f.toString(), 6)));
        assertEquals(bad, r.line(), r::getMessage);
        spark.conf().set("spark.sql.files.maxPartitionBytes", "65536");
        try {
            MalformedLineException d = assertThrows(MalformedLineException.class,
                    () -> OffloadSpark.wordLengthHistogram(spark.read().textFile(f.toString())));
            assertEquals(bad, d.line(), d::getMessage);
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
    }

    @Test
    void wordLengthHistogram_replacementCharacterWithoutFile_namesPartitionLine() {
        MalformedLineException e = assertThrows(MalformedLineException.class,
                () -> OffloadSpark.wordLengthHistogram(jsc.parallelize(List.of("ok", "not \uFFFD ok"), 1)));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("line 2 of partition 0"), e::getMessage);
    }

    // ---------------------------------------------------------------- sum of squares

    @Test
    void sumOfSquares_rddWithExtremes_equalsSingleMachine() {
        int[] xs = new SplittableRandom(5).ints(200_000).toArray();
        xs[0] = Integer.MIN_VALUE;
        xs[1] = Integer.MAX_VALUE;
        List<Integer> boxed = Arrays.stream(xs).boxed().toList();
        assertEquals(oracle.sumOfSquares(xs), OffloadSpark.sumOfSquares(jsc.parallelize(boxed, 5)));
        assertEquals(5, OffloadSpark.lastJobSummary().partitions().size());
        assertEquals(0L, OffloadSpark.sumOfSquares(jsc.parallelize(List.<Integer>of(), 3)));
    }

    @Test
    void sumOfSquares_partitionLargerThanAChunk_equalsSingleMachine() {
        int n = OffloadSpark.INT_CHUNK + 12345;
        JavaRDD<Integer> xs = jsc.parallelize(List.of(0), 1)
                .flatMap(i -> IntStream.range(0, n).map(k -> k * 31 - 7).boxed().iterator());
        assertEquals(oracle.sumOfSquares(IntStream.range(0, n).map(k -> k * 31 - 7).toArray()),
                OffloadSpark.sumOfSquares(xs));
    }

    @Test
    void sumOfSquares_datasetColumn_skipsNullsAndChecksTheColumn() {
        StructType schema = new StructType().add("name", DataTypes.StringType).add("x", DataTypes.IntegerType)
                .add("d", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 10_000; i++) {
            Integer x = i % 97 == 0 ? null : r.nextInt();
            rows.add(RowFactory.create("r" + i, x, 1.5));
            if (x != null) {
                values.add(x);
            }
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(4);
        assertEquals(oracle.sumOfSquares(values.stream().mapToInt(Integer::intValue).toArray()),
                OffloadSpark.sumOfSquares(df, "x"));
        assertEquals("sumOfSquares(x)", OffloadSpark.lastJobSummary().job());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> OffloadSpark.sumOfSquares(df, "d"));
        assertTrue(wrongType.getMessage().contains("'d' is double"), wrongType::getMessage);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> OffloadSpark.sumOfSquares(df, "y"));
        assertTrue(missing.getMessage().contains("no column 'y'"), missing::getMessage);
    }

    // ---------------------------------------------------------------- mapPartitions and the summary

    @Test
    void mapPartitions_anyOffloadCall_equalsSingleMachineAndIsSummarized() {
        String text = LoremText.paragraphs(300, 11);
        JavaRDD<String> rdd = jsc.parallelize(lines(text), 5);
        JavaRDD<Integer> lengths = OffloadSpark.mapPartitions(rdd, (off, part) -> {
            List<Integer> out = new ArrayList<>();
            part.forEachRemaining(line -> {
                for (int n : off.wordLengths(line)) {
                    out.add(n);
                }
            });
            return out.iterator();
        });
        List<Integer> got = lengths.collect();
        int[] want = oracle.wordLengths(text);
        assertArrayEquals(want, got.stream().mapToInt(Integer::intValue).toArray());

        JobSummary s = OffloadSpark.lastJobSummary();
        assertEquals("mapPartitions", s.job());
        assertEquals(5, s.partitions().size(), s::toString);
        assertEquals(want.length, s.partitions().stream().mapToLong(PartitionRun::items).sum());
        try (Offload auto = Offload.open("auto")) {
            assertEquals(auto.device().describe(), s.partitions().get(0).device(), "local mode uses auto's device");
            assertEquals(auto.fallbackReason(), s.partitions().get(0).fallbackReason());
        }
        assertTrue(s.toString().contains("driver"), s::toString);
    }

    @Test
    void mapPartitions_javaKernelLambdasFromTheDriver_runInPartitionsUnchanged() {
        // A kernel written on the driver, shipped as it is (LongTerm is Serializable) and run by each partition's
        // device: translated to OpenCL C there, or run as Java on the Java backends.
        dev.offload.LongTerm term = i -> (long) i * i % 7;
        int[] sizes = {0, 1, 1000, 123_457};
        JavaRDD<Long> sums = OffloadSpark.mapPartitions(jsc.parallelize(Arrays.stream(sizes).boxed().toList(), 4),
                (off, part) -> {
                    List<Long> out = new ArrayList<>();
                    part.forEachRemaining(n -> out.add(off.sumLong(n, term)));
                    return out.iterator();
                });
        List<Long> want = Arrays.stream(sizes).mapToObj(n -> oracle.sumLong(n, term)).toList();
        assertEquals(want, sums.collect());

        // A parallelFor written inside the partition function, over the partition's own data.
        JavaRDD<Integer> xs = jsc.parallelize(IntStream.range(-500, 500).boxed().toList(), 3);
        JavaRDD<Integer> saxpy = OffloadSpark.mapPartitions(xs, (off, part) -> {
            int[] x = new int[1000];
            int n = 0;
            while (part.hasNext()) {
                x[n++] = part.next();
            }
            int[] y = new int[n];
            int a = 3;
            off.parallelFor(n, i -> y[i] = a * x[i] + 1);
            return Arrays.stream(y).boxed().iterator();
        });
        assertEquals(IntStream.range(-500, 500).map(v -> 3 * v + 1).boxed().toList(), saxpy.collect());
    }

    @Test
    void deviceSetting_localProperty_choosesTheExecutorsDevice() {
        jsc.setLocalProperty(Settings.SELECTOR_KEY, "java-seq");
        try {
            OffloadSpark.sumOfSquares(jsc.parallelize(List.of(1, 2, 3), 2));
            JobSummary s = OffloadSpark.lastJobSummary();
            assertNotNull(s);
            assertEquals(List.of(oracle.device().describe()), List.copyOf(s.partitionsPerDevice().keySet()), s::toString);
            assertEquals(Collections.emptyList(), s.fallbackReasons());
        } finally {
            jsc.setLocalProperty(Settings.SELECTOR_KEY, null);
        }
    }
}
