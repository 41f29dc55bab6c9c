package dev.offload;

class ThreadsTaskPoolTest extends TaskPoolContractTest {
    @Override
    TaskPool newPool() {
        return TaskPool.threads(3);
    }

    @Override
    String kind() {
        return "threads";
    }
}
