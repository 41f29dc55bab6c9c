package dev.offload;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@link Offload#squares(int[])} per device and size: {@code host} from a Java heap array (upload,
 * kernel and download in one call), {@code device} on a {@link DeviceInts} already uploaded. Run:
 * {@code java -jar target/benchmarks.jar SquaresBenchmark -p device=java,opencl -p log2n=20,24}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class SquaresBenchmark {

    /** From a heap array: upload + kernel + download. */
    @Benchmark
    public long[] host(BenchData data) {
        return data.off.squares(data.xs);
    }

    /** Squares of ints already on the device; the result stays there (nothing is downloaded). */
    @Benchmark
    public long device(BenchData data) {
        try (DeviceLongs sq = data.off.squares(data.onDevice)) {
            return sq.length();
        }
    }
}
