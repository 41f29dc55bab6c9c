package dev.offload;

/**
 * A value and what producing it cost. (Interim copy of the {@code pool} branch's record, so the CLI builds before
 * that branch lands; the merge takes the pool branch's version.)
 *
 * @param value          the result
 * @param wallNanos      elapsed wall-clock time
 * @param userNanos      CPU time of this process in user mode
 * @param systemNanos    CPU time of this process in kernel mode
 * @param workerCpuNanos CPU time of worker processes, 0 when none ran
 * @param <T>            the result type
 */
public record Timed<T>(T value, long wallNanos, long userNanos, long systemNanos, long workerCpuNanos) {
}
