package dev.offload.pool;

import java.io.Serializable;

/**
 * A function from one item to one result that a {@link TaskPool} runs: the Java counterpart of the function handed to
 * Python's {@code Pool.map}. It may throw checked exceptions (they reach the caller as the cause of an
 * {@link java.util.concurrent.ExecutionException}), and it is {@link Serializable}, so the same lambda runs on threads
 * and in worker processes:
 *
 * <pre>{@code
 * Task<Integer, Long> f = x -> { Thread.sleep(1000); return (long) x * x; };
 * }</pre>
 *
 * For worker processes everything the lambda captures must be serializable too; a task that is not fails at
 * submission with a message naming the class at fault.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Task<T, R> extends Serializable {
    /**
     * Computes the result for one item.
     *
     * @param item the item, possibly {@code null} if the caller passed one
     * @return the result, may be {@code null}
     * @throws Exception any failure; the pool hands it to the caller as the cause of an
     *         {@link java.util.concurrent.ExecutionException}
     */
    R call(T item) throws Exception;
}
