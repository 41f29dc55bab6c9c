package dev.offload.pool;

/** The contract on worker processes; what only processes do is in {@code ProcessTaskPoolTest}. */
class ProcessesTaskPoolTest extends TaskPoolContractTest {
    @Override
    TaskPool newPool() {
        return TaskPool.processes(2);
    }

    @Override
    TaskPool newMarkedPool(String marker) {
        return TaskPool.processes(2, ProcessOptions.defaults().jvmOptions(marker));
    }

    @Override
    String kind() {
        return "processes";
    }
}
