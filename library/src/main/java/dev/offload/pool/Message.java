package dev.offload.pool;

import java.util.List;
import java.util.Set;

/**
 * The messages between the process pool and a worker, as types: {@link WireCodec} writes and reads them for both
 * ends, so the frame layout exists once. User objects travel inside as {@link Payload}s (serialized bytes), so the
 * envelope itself never goes through Java serialization.
 *
 * <p>Pool to worker: {@link Dispatch}, {@link Recall}, {@link Stop}. Worker to pool: {@link Hello} once, then for each
 * dispatch, in the order sent, {@link Accepted} and one of {@link Result} or {@link Failure}, unless the dispatch was
 * handed back by a {@link Returned} (the answer to a {@link Recall}, at any point between those frames); {@link Bye}
 * after a stop. A worker sends {@link Accepted} (flushed) before any code of the dispatch runs, deserialization
 * included: a worker that dies before that never started the dispatch, which may then go to another worker without
 * ever running twice. The pool writes several dispatches ahead while tasks are short; the worker queues them and runs
 * them one at a time, in order.
 */
sealed interface Message {

    /** Serialized bytes and the names of the classes serialized in them (for the reader's allow list). */
    record Payload(byte[] bytes, Set<String> classNames) {
    }

    /**
     * One task applied to one item (a chunk is one item).
     *
     * @param id        the job's id, unique in the pool
     * @param taskRef   the id of the serialized task; the worker keeps the last one it got
     * @param task      the serialized task, or {@code null} when the worker already holds {@code taskRef}
     * @param classPath jars and folders holding the task's classes, for the worker to add if it lacks them (only with
     *                  {@code task})
     * @param item      the serialized item
     */
    record Dispatch(long id, long taskRef, Payload task, List<String> classPath, Payload item) implements Message {
        /** Bytes this message puts into the pipe, near enough to bound what is written ahead of a busy worker. */
        int size() {
            return 64 + item.bytes().length + (task == null ? 0 : task.bytes().length + 64 * classPath.size());
        }
    }

    /** Asks the worker to hand back, with {@link Returned}, the dispatches it holds but has not started. */
    record Recall() implements Message {
    }

    /**
     * The answer to {@link Recall}: dispatches the worker dropped without starting them (possibly none).
     *
     * @param ids the dispatches, in the order they were sent
     */
    record Returned(long[] ids) implements Message {
    }

    /** Asks the worker to say {@link Bye} and exit. */
    record Stop() implements Message {
    }

    /**
     * The worker is up.
     *
     * @param pid         its process id
     * @param javaVersion its {@code Runtime.version()}
     */
    record Hello(long pid, String javaVersion) implements Message {
    }

    /**
     * The worker has read dispatch {@code id} whole and runs nothing of it before this is flushed.
     *
     * @param id the dispatch
     */
    record Accepted(long id) implements Message {
    }

    /**
     * Dispatch {@code id} returned a value.
     *
     * @param id       the dispatch
     * @param cpuNanos the worker's CPU time so far
     * @param value    the serialized value
     */
    record Result(long id, long cpuNanos, byte[] value) implements Message {
    }

    /**
     * Dispatch {@code id} threw.
     *
     * @param id         the dispatch
     * @param cpuNanos   the worker's CPU time so far
     * @param className  the exception's class
     * @param message    its message, or {@code null}
     * @param exception  the serialized exception, or {@code null} when it could not be serialized
     * @param stackText  its {@code printStackTrace()} text
     * @param stack      its stack trace
     */
    record Failure(long id, long cpuNanos, String className, String message, byte[] exception, String stackText,
                   StackTraceElement[] stack) implements Message {
    }

    /**
     * The answer to {@link Stop}, just before the worker exits.
     *
     * @param cpuNanos the worker's CPU time in all
     */
    record Bye(long cpuNanos) implements Message {
    }
}
