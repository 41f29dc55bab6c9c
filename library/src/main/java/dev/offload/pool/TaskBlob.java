package dev.offload.pool;

import java.io.IOException;
import java.io.NotSerializableException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A task serialized once for worker processes, shared by every {@link Job} of one submit, submitAll or map call: its
 * bytes, the class path entries that hold its classes (sent to a worker that lacks them) and the class loader its
 * results are read with.
 */
final class TaskBlob {
    final long ref;
    final Message.Payload payload;
    final List<String> classPath;
    final ClassLoader loader;
    /** Result allow lists by the item's class names: most items of a call have the same classes. */
    final Map<Set<String>, AllowList> allowLists = new ConcurrentHashMap<>();

    private TaskBlob(long ref, Message.Payload payload, List<String> classPath, ClassLoader loader) {
        this.ref = ref;
        this.payload = payload;
        this.classPath = classPath;
        this.loader = loader;
    }

    /**
     * Serializes {@code task} and finds where its classes live.
     *
     * @throws IllegalArgumentException when the task cannot be serialized, naming what it holds
     */
    static TaskBlob of(long ref, Task<?, ?> task) {
        Serial.Serialized s = serialize(task, "task", task);
        Set<String> cp = new LinkedHashSet<>();
        for (Class<?> c : s.classes()) {
            cp.addAll(WorkerClassPath.locations(c));
        }
        Task<?, ?> inner = userTask(task);
        cp.addAll(WorkerClassPath.locations(inner.getClass()));
        return new TaskBlob(ref, new Message.Payload(s.bytes(), s.classNames()), List.copyOf(cp),
                inner.getClass().getClassLoader());
    }

    /**
     * Serializes an item of {@code task} for a worker.
     *
     * @throws IllegalArgumentException when it cannot be serialized, naming its class
     */
    static Message.Payload item(Object item, Task<?, ?> task) {
        Serial.Serialized s = serialize(item, "item", task);
        return new Message.Payload(s.bytes(), s.classNames());
    }

    private static Serial.Serialized serialize(Object o, String what, Task<?, ?> task) {
        try {
            return Serial.serialize(o);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the " + owner(o, what, task) + " cannot be sent to a worker process:"
                    + " it holds a " + e.getMessage() + ", which is not Serializable (make it Serializable, or capture"
                    + " less in the lambda)", e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the " + owner(o, what, task) + " cannot be serialized for a worker"
                    + " process: " + e, e);
        }
    }

    private static String owner(Object o, String what, Task<?, ?> task) {
        return what.equals("task") ? "task " + userTask(task).getClass().getName()
                : "item of class " + (o == null ? "null" : o.getClass().getName());
    }

    /** The user's task: a map's chunk wrapper names the task it wraps, in messages and for class loading. */
    private static Task<?, ?> userTask(Task<?, ?> task) {
        return task instanceof ChunkTask<?, ?> chunk ? chunk.task() : task;
    }
}
