package dev.offload.spark;

import dev.offload.Offload;

import java.io.Serializable;
import java.util.Iterator;

/**
 * The body of {@link OffloadSpark#mapPartitions}: one partition's elements in, results out, with the executor's
 * shared {@link Offload} at hand. Serializable, because Spark ships it from the driver to every executor; whatever
 * a lambda captures must be serializable too.
 *
 * <pre>{@code
 * PartitionFunction<String, Integer> lengths = (off, lines) -> {
 *     List<Integer> out = new ArrayList<>();
 *     while (lines.hasNext()) {
 *         for (int n : off.wordLengths(lines.next())) out.add(n);
 *     }
 *     return out.iterator();
 * };
 * }</pre>
 *
 * Do not close the {@code Offload}: it belongs to the executor JVM and is shared by its task threads.
 *
 * @param <T> the partition's element type
 * @param <R> the result element type
 */
@FunctionalInterface
public interface PartitionFunction<T, R> extends Serializable {
    /**
     * Maps one partition.
     *
     * @param off       the executor's device, opened once per JVM (see {@link OffloadSpark} for which device)
     * @param partition the partition's elements
     * @return the results; may be lazy, but then it must not outlive the task
     * @throws Exception anything; it fails the task (and, after Spark's retries, the job)
     */
    Iterator<R> call(Offload off, Iterator<T> partition) throws Exception;
}
