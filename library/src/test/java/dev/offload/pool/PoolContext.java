package dev.offload.pool;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One cell of the pool matrix, handed to a {@link PoolMatrix} test as its first argument: the kind under test and
 * its shared pool, made on first use once per test class and kind and closed when the class is done (worker JVMs
 * are slow to start, so tests that leave the pool usable share it).
 */
final class PoolContext {
    private static final ExtensionContext.Namespace POOLS = ExtensionContext.Namespace.create(PoolContext.class);

    private final PoolKind kind;
    private final ExtensionContext.Store store;

    PoolContext(PoolKind kind, ExtensionContext classContext) {
        this.kind = kind;
        this.store = classContext.getStore(POOLS);
    }

    /** The pool of this kind shared by the test class; tests that shut a pool down make their own. */
    TaskPool pool() {
        return store.getOrComputeIfAbsent(kind, PoolKind::newPool, TaskPool.class);
    }

    /** A new pool of this kind; the caller closes it. */
    TaskPool newPool() {
        return kind.newPool();
    }

    /** A new pool whose worker processes, if any, carry {@code marker} on their command line. */
    TaskPool newMarkedPool(String marker) {
        return kind.newMarkedPool(marker);
    }

    /** The kind's name, as {@link TaskPool#kind()} says it. */
    String kind() {
        return kind.kind();
    }

    /** Whether tasks run on the caller as they are submitted. */
    boolean runsAtSubmission() {
        return kind.runsAtSubmission();
    }

    @Override
    public String toString() {
        return kind.kind();
    }
}
