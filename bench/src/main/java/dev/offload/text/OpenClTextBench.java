package dev.offload.text;

import com.thedeanda.lorem.LoremIpsum;
import dev.offload.DeviceBytes;
import dev.offload.DeviceInts;
import dev.offload.Offload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One-off throughput measurement of the text operations (not a test, nothing asserted): MB/s of word lengths and the
 * histogram on a 64 MB lorem-ipsum text, on the first OpenCL device (device-resident and host-resident input) and on
 * the Java backends. Run: {@code mvn -q test-compile} then
 * {@code java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:<deps> dev.offload.opencl.OpenClTextBench [MB]}.
 * Every result is checked against the sequential Java answer before it is timed. Prints wall time and the process's
 * CPU time (all threads), since on a shared machine wall time says more about the neighbours than about the code.
 */
public final class OpenClTextBench {
    private OpenClTextBench() {
    }

    /** Prints a table of median times over a few runs. */
    public static void main(String[] args) {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        byte[] text = lorem(mb << 20);
        System.out.printf("text: %d bytes of lorem ipsum%n", text.length);
        try (Offload seq = Offload.open("java-seq"); Offload java = Offload.open("java");
             Offload cl = Offload.open("opencl")) {
            int[] expected = seq.wordLengths(text);
            long[] hist = seq.wordLengthHistogram(text);
            System.out.printf("words: %d; OpenCL device: %s%n", expected.length, cl.device().describe());
            row("java-seq", "wordLengths(byte[])", text.length, () -> seq.wordLengths(text), expected, seq);
            row("java", "wordLengths(byte[])", text.length, () -> java.wordLengths(text), expected, java);
            row("java", "histogram(byte[])", text.length, () -> java.wordLengthHistogram(text), hist, java);
            row("opencl", "wordLengths(byte[])", text.length, () -> cl.wordLengths(text), expected, cl);
            row("opencl", "histogram(byte[])", text.length, () -> cl.wordLengthHistogram(text), hist, cl);
            try (DeviceBytes d = cl.upload(text)) {
                row("opencl", "wordLengths(DeviceBytes)", text.length, () -> {
                    try (DeviceInts lens = cl.wordLengths(d)) {
                        return lens.length();
                    }
                }, (long) expected.length, cl);
                row("opencl", "histogram(DeviceBytes)", text.length, () -> cl.wordLengthHistogram(d), hist, cl);
                row("opencl", "wordCount(DeviceBytes)", text.length, () -> cl.wordCount(d), (long) expected.length,
                        cl);
            }
        }
    }

    private static void row(String backend, String op, long bytes, Supplier<Object> run, Object expected,
                            Offload off) {
        Object got = run.get();
        if (!Arrays.deepEquals(new Object[] {expected}, new Object[] {got})) {
            throw new IllegalStateException(backend + " " + op + " gave a wrong answer");
        }
        long[] t = new long[5];
        long[] cpu = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            run.get();
            t[i] = System.nanoTime() - t0;
            cpu[i] = cpuNanos() - c0;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        double ms = t[t.length / 2] / 1e6;
        double cpuMs = cpu[cpu.length / 2] / 1e6;
        System.out.printf("%-9s %-26s %8.1f ms %7.0f MB/s | cpu %7.1f ms %7.0f MB/cpu-s | %s%n", backend, op, ms,
                bytes / 1e6 / (ms / 1e3), cpuMs, bytes / 1e6 / (cpuMs / 1e3), off.lastProfile());
    }

    /** CPU time of the whole process (every thread, PoCL's included): steadier than wall time on a shared machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static byte[] lorem(int size) {
        LoremIpsum lorem = new LoremIpsum(42L);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < (1 << 20)) {
            sb.append(lorem.getParagraphs(1, 3)).append('\n');
        }
        byte[] block = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i += block.length) {
            System.arraycopy(block, 0, out, i, Math.min(block.length, size - i));
        }
        return out;
    }
}
