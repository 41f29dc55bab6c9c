package dev.offload.spark;

import java.io.Serializable;

/**
 * Where one partition ran: one row of a {@link JobSummary}.
 *
 * @param partition      the partition index
 * @param attempt        the task attempt number (0 unless Spark retried the task)
 * @param executorId     Spark's executor id ({@code "driver"} in local mode)
 * @param host           the executor's host name
 * @param pid            the executor JVM's process id
 * @param gpuAddress     the GPU address Spark assigned to the task ({@code spark.task.resource.gpu.amount}), or
 *                       null when it assigned none
 * @param device         {@link dev.offload.Device#describe()} of the device the work ran on, after any fallback
 * @param fallbackReason why the work ran somewhere other than what was asked for (no GPU at the assigned address,
 *                       {@code auto} found no GPU, OpenCL failed), or null
 * @param items          elements of the partition that were processed (lines, ints, or results for
 *                       {@code mapPartitions})
 * @param nanos          time spent in the partition's offload work, in nanoseconds
 */
public record PartitionRun(int partition, int attempt, String executorId, String host, long pid, String gpuAddress,
                           String device, String fallbackReason, long items, long nanos) implements Serializable {
    private static final long serialVersionUID = 1L;
}
