package dev.offload.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where every partition of one offload-spark job ran: executor, host, process, the GPU address Spark assigned, the
 * device, and any fallback reason. {@link #toString()} is a table to print.
 *
 * <pre>{@code
 * long[] hist = OffloadSpark.wordLengthHistogram(lines);
 * System.out.println(OffloadSpark.lastJobSummary());
 * }</pre>
 *
 * @param job        what ran, e.g. {@code "wordLengthHistogram"}
 * @param partitions one row per partition run, by partition index (a partition Spark ran twice, after a failure or
 *                   because an RDD was computed by two actions, appears twice)
 */
public record JobSummary(String job, List<PartitionRun> partitions) {
    /** Copies and sorts the rows. */
    public JobSummary {
        Objects.requireNonNull(job, "job");
        List<PartitionRun> sorted = new ArrayList<>(Objects.requireNonNull(partitions, "partitions"));
        sorted.sort(Comparator.comparingInt(PartitionRun::partition).thenComparingInt(PartitionRun::attempt));
        partitions = List.copyOf(sorted);
    }

    /** Partitions per device ({@link dev.offload.Device#describe()}), in order of first appearance. */
    public Map<String, Long> partitionsPerDevice() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (PartitionRun r : partitions) {
            out.merge(r.device(), 1L, Long::sum);
        }
        return out;
    }

    /** The distinct fallback reasons, in order of first appearance; empty when nothing fell back. */
    public List<String> fallbackReasons() {
        return partitions.stream().map(PartitionRun::fallbackReason).filter(Objects::nonNull).distinct().toList();
    }

    /** A table: one line per partition, then the partitions per device and the fallback reasons. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(job).append(": ").append(partitions.size()).append(" partition run(s)\n");
        sb.append(String.format("%5s %4s %-8s %-16s %8s %4s %12s %9s  %s%n",
                "PART", "TRY", "EXECUTOR", "HOST", "PID", "GPU", "ITEMS", "ms", "DEVICE"));
        for (PartitionRun r : partitions) {
            sb.append(String.format("%5d %4d %-8s %-16s %8d %4s %12d %9.1f  %s%s%n", r.partition(), r.attempt(),
                    r.executorId(), r.host(), r.pid(), r.gpuAddress() == null ? "-" : r.gpuAddress(), r.items(),
                    r.nanos() / 1e6, r.device(), r.fallbackReason() == null ? "" : "  (fallback)"));
        }
        partitionsPerDevice().forEach((d, n) -> sb.append("  ").append(n).append(" partition(s) on ").append(d)
                .append('\n'));
        for (String reason : fallbackReasons()) {
            sb.append("  fallback: ").append(reason).append('\n');
        }
        return sb.toString();
    }
}
