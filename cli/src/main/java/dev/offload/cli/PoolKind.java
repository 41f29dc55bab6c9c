package dev.offload.cli;

import dev.offload.pool.TaskPool;


import java.util.List;
import java.util.function.Supplier;

/**
 * A task-pool strategy of the comparison, named as the call that makes it.
 *
 * @param strategy the call: {@code threads(4)}, {@code processes(cpuCount)}, ...
 * @param device   where the tasks run: {@code jvm} or {@code N jvms}
 * @param make     makes a fresh pool
 */
record PoolKind(String strategy, String device, Supplier<TaskPool> make) {

    /** The seed's pools: threads(4), processes(4), processes(cpuCount), threads() and virtualThreads(). */
    static List<PoolKind> seedKinds() {
        int cpus = TaskPool.cpuCount();
        return List.of(
                new PoolKind("threads(4)", "jvm", () -> TaskPool.threads(4)),
                new PoolKind("processes(4)", "4 jvms", () -> TaskPool.processes(4)),
                new PoolKind("processes(cpuCount)", cpus + " jvms", () -> TaskPool.processes(cpus)),
                new PoolKind("threads()", "jvm", TaskPool::threads),
                new PoolKind("virtualThreads()", "jvm", TaskPool::virtualThreads));
    }
}
