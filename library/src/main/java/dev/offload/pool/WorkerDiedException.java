package dev.offload.pool;

import dev.offload.OffloadException;

/**
 * A worker process of a {@link TaskPool#processes(int)} pool died while it ran a task: it was killed, called
 * {@code System.exit}, ran out of memory or crashed. Only the task it was running fails with this exception (as the
 * cause of an {@link java.util.concurrent.ExecutionException}); the pool starts a replacement and every other task
 * goes on. The message says how the worker ended (exit status, the signal it most likely means) and ends with the
 * last lines the worker wrote to its standard error.
 */
public class WorkerDiedException extends OffloadException {
    private static final long serialVersionUID = 1L;

    /** The process id of the worker that died. */
    private final long pid;
    /** The worker's exit status, or -1 when unknown. */
    private final int exitStatus;

    /**
     * An exception for the death of worker {@code pid}.
     *
     * @param message    what happened, for people
     * @param pid        the worker's process id
     * @param exitStatus the exit status as {@link Process#exitValue()} gives it (128 + n after signal n on Linux),
     *                   or -1 when unknown
     */
    public WorkerDiedException(String message, long pid, int exitStatus) {
        super(message);
        this.pid = pid;
        this.exitStatus = exitStatus;
    }

    /**
     * The process id of the worker that died.
     *
     * @return its pid
     */
    public long pid() {
        return pid;
    }

    /**
     * The exit status as {@link Process#exitValue()} gave it.
     *
     * @return the status (128 + n after signal n on Linux), or -1 when it is unknown
     */
    public int exitStatus() {
        return exitStatus;
    }
}
