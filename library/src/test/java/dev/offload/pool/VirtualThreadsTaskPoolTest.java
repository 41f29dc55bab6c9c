package dev.offload.pool;

import org.junit.jupiter.api.Test;

class VirtualThreadsTaskPoolTest extends TaskPoolContractTest {
    @Override
    TaskPool newPool() {
        return TaskPool.virtualThreads();
    }

    @Override
    String kind() {
        return "virtual-threads";
    }

    @Test
    void map_shutdownNowWhileSubmitting_endsCancelledNotRejected() {
        InProcessShutdownRace.check(newPool());
    }
}
