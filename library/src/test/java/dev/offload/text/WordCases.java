package dev.offload.text;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The test cases that {@code src/test/python/gen_word_cases.py} wrote with Python 3 as the oracle: texts with their
 * expected word lengths, and malformed UTF-8 with the expected offset of the first bad byte. Regenerate with
 * {@code python3 src/test/python/gen_word_cases.py} from the repository root.
 */
public final class WordCases {
    private static final String WORDS = "/text/words/";
    private static final String MALFORMED = "/text/malformed/";

    private WordCases() {
    }

    /** A text and Python's {@code [len(w) for w in text.split()]}. */
    public record Text(String name, int bytes, int words, String description) {
        /** The text as UTF-8 bytes. */
        public byte[] utf8() {
            byte[] b = read(WORDS + name + ".txt");
            if (b.length != bytes) {
                throw new IllegalStateException(name + ": index says " + bytes + " bytes, file has " + b.length);
            }
            return b;
        }

        /** The expected word lengths. */
        public int[] lengths() {
            String s;
            try (InputStream in = new GZIPInputStream(open(WORDS + name + ".lengths.gz"))) {
                s = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(name, e);
            }
            int[] out = s.isEmpty() ? new int[0] : Arrays.stream(s.split(" ")).mapToInt(Integer::parseInt).toArray();
            if (out.length != words) {
                throw new IllegalStateException(name + ": index says " + words + " words, file has " + out.length);
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Bytes that are not UTF-8 and the offset Python's {@code UnicodeDecodeError.start} gives for them. */
    public record Malformed(String name, int bytes, long offset, String pythonReason) {
        /** The bytes. */
        public byte[] data() {
            byte[] b = read(MALFORMED + name + ".bin");
            if (b.length != bytes) {
                throw new IllegalStateException(name + ": index says " + bytes + " bytes, file has " + b.length);
            }
            return b;
        }

        @Override
        public String toString() {
            return name + "@" + offset;
        }
    }

    /** Every generated text, smallest first. */
    public static List<Text> texts() {
        List<Text> out = new ArrayList<>();
        for (String[] f : index(WORDS)) {
            out.add(new Text(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]));
        }
        out.sort((a, b) -> Integer.compare(a.bytes(), b.bytes()));
        return out;
    }

    /** Every generated malformed case. */
    public static List<Malformed> malformed() {
        List<Malformed> out = new ArrayList<>();
        for (String[] f : index(MALFORMED)) {
            out.add(new Malformed(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3]));
        }
        return out;
    }

    /** The histogram the word-length operations return for these lengths: {@code [0]} for none. */
    public static long[] histogramOf(int[] lengths) {
        int max = 0;
        for (int l : lengths) {
            max = Math.max(max, l);
        }
        long[] h = new long[max + 1];
        for (int l : lengths) {
            h[l]++;
        }
        return h;
    }

    private static List<String[]> index(String dir) {
        String text = new String(read(dir + "index.tsv"), StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                String[] f = line.split("\t");
                if (f.length != 4) {
                    throw new IllegalStateException(dir + "index.tsv: bad line " + line);
                }
                rows.add(f);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(dir + "index.tsv has no cases");
        }
        return rows;
    }

    private static byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = WordCases.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("test resource " + resource
                    + " is missing; run python3 src/test/python/gen_word_cases.py");
        }
        return in;
    }
}
