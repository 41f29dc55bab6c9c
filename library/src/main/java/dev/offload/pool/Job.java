package dev.offload.pool;

import dev.offload.OffloadException;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * One task applied to one item on a worker process, and its future: what the shared queue holds and a slot writes to
 * its worker. Completing the future from the worker's reply (reading the value or the exception back through the
 * pool's allow list) is written here once.
 */
final class Job {
    /** Queued once per slot by shutdown, behind the real jobs: the slot that takes it ends when its worker is idle. */
    static final Job POISON = new Job(-1, null, null, null);

    final long id;
    final TaskBlob task;
    final Message.Payload item;
    final PoolFuture<Object> future;
    /** Workers that died before accepting this job (slot thread only). */
    int attempts;
    /** The bytes of its last dispatch (slot thread only). */
    int size;

    Job(long id, TaskBlob task, Message.Payload item, PoolFuture<Object> future) {
        this.id = id;
        this.task = task;
        this.item = item;
        this.future = future;
    }

    /** Completes the future with the value in a {@link Message.Result}, or fails it when that cannot be read. */
    void complete(byte[] bytes, ProcessOptions options) {
        try {
            future.complete(ValueCodec.isEncoded(bytes) ? ValueCodec.decode(bytes)
                    : Serial.deserialize(bytes, resultAllowList(options), task.loader));
        } catch (Serial.RefusedClassException e) {
            future.fail(new OffloadException("the task's result holds a " + e.refused + ", which the process"
                    + " pool's deserialization filter refuses; admit it with " + AllowList.howToAdmit(e.refused), e));
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            future.fail(new OffloadException("cannot deserialize the task's result: " + e, e));
        }
    }

    /**
     * Fails the future with the task's own exception from a {@link Message.Failure}, or a {@link RemoteTaskException}
     * that tells why that one could not be had.
     */
    void fail(Message.Failure f, ProcessOptions options) {
        String why = "it is not serializable";
        if (f.exception() != null) {
            try {
                Object t = Serial.deserialize(f.exception(), resultAllowList(options), task.loader);
                if (t instanceof Throwable th) {
                    future.fail(th);
                    return;
                }
                why = "it arrived as a " + (t == null ? "null" : t.getClass().getName());
            } catch (Serial.RefusedClassException e) {
                why = "the deserialization filter refuses " + e.refused + "; admit it with "
                        + AllowList.howToAdmit(e.refused);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                why = "it cannot be deserialized here: " + e;
            }
        }
        future.fail(new RemoteTaskException(f.className(), f.message(), f.stackText(), f.stack(), why));
    }

    private AllowList resultAllowList(ProcessOptions options) {
        return task.allowLists.computeIfAbsent(item.classNames(), itemNames -> {
            Set<String> names = new HashSet<>(task.payload.classNames());
            names.addAll(itemNames);
            names.addAll(options.allowedClasses());
            return new AllowList(names, options.allowedPackages());
        });
    }
}
