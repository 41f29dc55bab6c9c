package dev.offload.pool;


import java.util.ArrayList;
import java.util.List;

/**
 * Applies a task to each item of a chunk in order, stopping at the first failure, whose exception it rethrows
 * unchanged so the caller sees the task's own exception as the cause. One dispatch, many items: Python's chunksize.
 *
 * @param task the task applied to each item
 * @param <T>  the item type
 * @param <R>  the result type
 */
record ChunkTask<T, R>(Task<? super T, ? extends R> task) implements Task<List<T>, List<R>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<R> call(List<T> items) throws Exception {
        List<R> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(task.call(item));
        }
        return out;
    }
}
