package dev.offload;

class VirtualThreadsTaskPoolTest extends TaskPoolContractTest {
    @Override
    TaskPool newPool() {
        return TaskPool.virtualThreads();
    }

    @Override
    String kind() {
        return "virtual-threads";
    }
}
