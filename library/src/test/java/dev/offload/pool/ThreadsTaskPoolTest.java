package dev.offload.pool;

import org.junit.jupiter.api.Test;

class ThreadsTaskPoolTest extends TaskPoolContractTest {
    @Override
    TaskPool newPool() {
        return TaskPool.threads(3);
    }

    @Override
    String kind() {
        return "threads";
    }

    @Test
    void map_shutdownNowWhileSubmitting_endsCancelledNotRejected() {
        InProcessShutdownRace.check(newPool());
    }
}
