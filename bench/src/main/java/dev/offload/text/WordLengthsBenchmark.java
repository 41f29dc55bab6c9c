package dev.offload.text;

import dev.offload.DeviceBytes;
import dev.offload.DeviceInts;
import dev.offload.Offload;
import dev.offload.demo.LoremText;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Word lengths and their histogram over lorem-ipsum text ({@link LoremText#ofBytes}, ASCII) of 1 to 256 MiB, on each
 * device, with the text on the host ({@code byte[]}: every call uploads it) or already on the device
 * ({@link DeviceBytes}: the kernel alone, plus downloading the result). Throughput in MB/s is
 * {@code megabytes * 1.048576 / (ms/op / 1000)}.
 *
 * <p>Before timing, each trial checks its device's answer against the sequential Java oracle, so a fast wrong kernel
 * fails instead of winning. Devices that do not exist fail their trial (NoSuchDeviceException): pick them with
 * {@code -p device=java-seq,java} on machines without OpenCL.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--enable-native-access=ALL-UNNAMED"})
public class WordLengthsBenchmark {
    /** A selector of {@link Offload#open(String)}. */
    @Param({"java-seq", "java", "opencl"})
    public String device;

    /** Size of the text in MiB. */
    @Param({"1", "16", "256"})
    public int megabytes;

    /** {@code host}: {@code byte[]} arguments; {@code device}: a {@link DeviceBytes} uploaded once. */
    @Param({"host", "device"})
    public String residency;

    private Offload off;
    private byte[] text;
    private DeviceBytes onDevice;

    @Setup(Level.Trial)
    public void setUp() {
        text = LoremText.ofBytes(megabytes << 20, 42);
        off = Offload.open(device);
        if (residency.equals("device")) {
            onDevice = off.upload(text);
        } else if (!residency.equals("host")) {
            throw new IllegalArgumentException("residency must be host or device, not " + residency);
        }
        int[] expected = JavaWordLengths.wordLengths(text, false);
        if (!Arrays.equals(expected, wordLengthsArray())
                || !Arrays.equals(JavaWordLengths.histogram(text, false), histogram())) {
            throw new IllegalStateException(off.device().describe() + " disagrees with the sequential oracle");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (onDevice != null) {
            onDevice.close();
        }
        off.close();
    }

    /** Lengths of every word; on the device they stay there, and only their count comes back. */
    @Benchmark
    public long wordLengths() {
        if (onDevice == null) {
            return off.wordLengths(text).length;
        }
        try (DeviceInts lengths = off.wordLengths(onDevice)) {
            return lengths.length();
        }
    }

    /** Histogram of word lengths, without materializing the lengths on the host. */
    @Benchmark
    public long[] histogram() {
        return onDevice == null ? off.wordLengthHistogram(text) : off.wordLengthHistogram(onDevice);
    }

    private int[] wordLengthsArray() {
        if (onDevice == null) {
            return off.wordLengths(text);
        }
        try (DeviceInts lengths = off.wordLengths(onDevice)) {
            return lengths.toArray();
        }
    }
}
