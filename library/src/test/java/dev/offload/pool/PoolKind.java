package dev.offload.pool;

/**
 * The pool kinds of the pool matrix ({@link PoolMatrix}): {@code TaskPoolContractTest} runs on each. A new kind is
 * one more constant here.
 */
enum PoolKind {
    /** Runs each task on the caller, at submission. */
    SEQUENTIAL("sequential") {
        @Override
        TaskPool newPool() {
            return TaskPool.sequential();
        }

        @Override
        boolean runsAtSubmission() {
            return true;
        }
    },
    /** Three platform threads. */
    THREADS("threads") {
        @Override
        TaskPool newPool() {
            return TaskPool.threads(3);
        }
    },
    /** A virtual thread per task. */
    VIRTUAL_THREADS("virtual-threads") {
        @Override
        TaskPool newPool() {
            return TaskPool.virtualThreads();
        }
    },
    /** Two worker JVMs. */
    PROCESSES("processes") {
        @Override
        TaskPool newPool() {
            return TaskPool.processes(2);
        }

        @Override
        TaskPool newMarkedPool(String marker) {
            return TaskPool.processes(2, ProcessOptions.defaults().jvmOptions(marker));
        }
    };

    private final String kind;

    PoolKind(String kind) {
        this.kind = kind;
    }

    /** A new pool of this kind, with parallelism of at least 2 where the kind has a bound. */
    abstract TaskPool newPool();

    /** A new pool like {@link #newPool()} whose worker processes, if any, carry {@code marker} on their command line. */
    TaskPool newMarkedPool(String marker) {
        return newPool();
    }

    /** The kind's name, as {@link TaskPool#kind()} says it. */
    String kind() {
        return kind;
    }

    /** Whether tasks run on the caller as they are submitted. */
    boolean runsAtSubmission() {
        return false;
    }

    @Override
    public String toString() {
        return kind;
    }
}
