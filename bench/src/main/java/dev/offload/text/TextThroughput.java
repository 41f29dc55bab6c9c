package dev.offload.text;

import dev.offload.DeviceBytes;
import dev.offload.DeviceInts;
import dev.offload.Offload;
import dev.offload.demo.LoremText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Word lengths over ASCII text ({@link LoremText}) and Unicode-heavy text ({@link UnicodeText}) of the same size, on
 * {@code java-seq}, {@code java} and the first OpenCL device (from a {@code byte[]}, and with the text already on the
 * device), in one run, so the ratios compare like with like on a noisy machine. Prints median wall time over the
 * repeats, MB/s, the process's CPU time (every thread, the OpenCL runtime's included: on a shared machine it says more
 * about the code than wall time, which says much about the neighbours), the Unicode/ASCII throughput ratio per backend
 * and the java/java-seq speed-up per kind of text. Every answer is checked against the sequential Java oracle first.
 *
 * <pre>
 * mvn -Pbench -DskipTests package
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar dev.offload.text.TextThroughput [MiB] [repeats] [devices]
 * </pre>
 * Defaults: 64 MiB, 7 repeats, devices {@code java-seq,java,opencl} (leave {@code opencl} out where there is none).
 */
public final class TextThroughput {
    private TextThroughput() {
    }

    /** Prints the table. */
    public static void main(String[] args) {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String[] devices = (args.length > 2 ? args[2] : "java-seq,java,opencl").split(",");
        byte[][] texts = {LoremText.ofBytes(mib << 20, 42), UnicodeText.ofBytes(mib << 20, 42)};
        String[] kinds = {"ascii", "unicode"};
        int[][] expected = {JavaWordLengths.wordLengths(texts[0], false), JavaWordLengths.wordLengths(texts[1], false)};
        System.out.printf("%d MiB per text; words: ascii %,d, unicode %,d; %d repeats, median%n", mib,
                expected[0].length, expected[1].length, repeats);
        System.out.printf("%-10s %-10s %-8s %10s %9s %10s%n", "DEVICE", "INPUT", "TEXT", "wall ms", "MB/s", "cpu ms");
        List<double[]> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String device : devices) {
            try (Offload off = Offload.open(device)) {
                boolean cl = off.device().isOpenCl();
                for (String input : cl ? new String[] {"byte[]", "resident"} : new String[] {"byte[]"}) {
                    double[] ms = new double[4];
                    for (int k = 0; k < 2; k++) {
                        byte[] t = texts[k];
                        int[] want = expected[k];
                        if (input.equals("byte[]")) {
                            double[] m = time(() -> off.wordLengths(t), want, repeats);
                            ms[k] = m[0];
                            ms[2 + k] = m[1];
                        } else {
                            try (DeviceBytes d = off.upload(t)) {
                                double[] m = time(() -> {
                                    try (DeviceInts lens = off.wordLengths(d)) {
                                        return lens.toArray();
                                    }
                                }, want, repeats);
                                ms[k] = m[0];
                                ms[2 + k] = m[1];
                            }
                        }
                        System.out.printf("%-10s %-10s %-8s %10.1f %9.0f %10.1f%n", device, input, kinds[k], ms[k],
                                t.length / 1e3 / ms[k], ms[2 + k]);
                    }
                    rows.add(ms);
                    names.add(device + " " + input);
                }
            }
        }
        System.out.println();
        System.out.printf("%-20s %32s %24s%n", "DEVICE INPUT", "unicode MB/s / ascii MB/s, wall", "same, cpu time");
        for (int i = 0; i < rows.size(); i++) {
            System.out.printf("%-20s %32.2f %24.2f%n", names.get(i), rows.get(i)[0] / rows.get(i)[1],
                    rows.get(i)[2] / rows.get(i)[3]);
        }
        int seq = names.indexOf("java-seq byte[]");
        int par = names.indexOf("java byte[]");
        if (seq >= 0 && par >= 0) {
            System.out.printf("java / java-seq speed-up: ascii %.2fx, unicode %.2fx%n",
                    rows.get(seq)[0] / rows.get(par)[0], rows.get(seq)[1] / rows.get(par)[1]);
        }
    }

    /**
     * Median wall and process CPU milliseconds of {@code repeats} runs, after a checked warm-up run and two more
     * unchecked.
     */
    private static double[] time(Supplier<int[]> run, int[] expected, int repeats) {
        if (!Arrays.equals(expected, run.get())) {
            throw new IllegalStateException("wrong word lengths");
        }
        run.get();
        run.get();
        double[] ms = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            run.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (cpuNanos() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        return new double[] {ms[repeats / 2], cpu[repeats / 2]};
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
