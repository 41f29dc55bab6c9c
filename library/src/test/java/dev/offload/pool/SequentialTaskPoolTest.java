package dev.offload.pool;

class SequentialTaskPoolTest extends TaskPoolContractTest {
    @Override
    TaskPool newPool() {
        return TaskPool.sequential();
    }

    @Override
    String kind() {
        return "sequential";
    }

    @Override
    boolean runsAtSubmission() {
        return true;
    }
}
