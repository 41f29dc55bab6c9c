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
 * {@link Offload#sumOfSquares(int[])} per device and size: {@code host} from a Java heap array (upload,
 * kernel and download in one call), {@code device} on a {@link DeviceInts} already uploaded. Run:
 * {@code java -jar target/benchmarks.jar SumOfSquaresBenchmark -p device=java,opencl -p log2n=20,24}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class SumOfSquaresBenchmark {

    /** From a heap array: upload + kernel + download. */
    @Benchmark
    public long host(BenchData data) {
        return data.off.sumOfSquares(data.xs);
    }

    /** The same on ints already on the device: no upload, only the kernel and an 8-byte result. */
    @Benchmark
    public long device(BenchData data) {
        return data.off.sumOfSquares(data.onDevice);
    }
}
