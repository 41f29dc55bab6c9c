package dev.offload.cli;

import dev.offload.Device;
import dev.offload.DeviceBytes;
import dev.offload.DeviceInts;
import dev.offload.Offload;
import dev.offload.Profile;
import dev.offload.text.JavaWordLengths;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Word lengths and the histogram of word lengths of a reproducible lorem text on every device, host- and
 * device-resident (the seed's exercises 4-6).
 */
final class TextSuite implements Suite {
    static final String NAME = "words";
    static final String LENGTHS = "word_lengths_u8";
    static final String HISTOGRAM = "word_length_histogram_u8";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int cases(Settings s) {
        return s.textBytes().size() * s.devices().size() * 4;
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
                try (Offload off = Offload.open(id)) {
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
        }
    }

    /** About {@code bytes} bytes of lorem ipsum, the same for the same seed; whole words only. */
    static byte[] text(long bytes, long seed) {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("text size " + bytes + " exceeds the largest Java array");
        }
        com.thedeanda.lorem.LoremIpsum lorem = new com.thedeanda.lorem.LoremIpsum(seed);
        StringBuilder sb = new StringBuilder((int) bytes + 1024);
        while (sb.length() < bytes) {
            sb.append(lorem.getParagraphs(1, 4)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
