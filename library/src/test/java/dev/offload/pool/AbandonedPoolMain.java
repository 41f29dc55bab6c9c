package dev.offload.pool;

import java.util.stream.Collectors;

/**
 * A JVM that opens a two-worker process pool, keeps one worker busy in a long task, prints the worker pids and then
 * waits to be killed: {@code ProcessTaskPoolTest} kills it with SIGKILL, so the pool is never closed, and checks that
 * both workers (the idle one and the busy one) end on their own.
 */
final class AbandonedPoolMain {
    private AbandonedPoolMain() {
    }

    public static void main(String[] args) throws Exception {
        TaskPool pool = TaskPool.processes(2);
        pool.submit(x -> {
            Thread.sleep(120_000);
            return x;
        }, 0);
        Thread.sleep(300); // let a driver hand the task to its worker
        String pids = ProcessHandle.current().children().map(h -> Long.toString(h.pid()))
                .collect(Collectors.joining(" "));
        System.out.println("workers " + pids);
        System.out.flush();
        Thread.sleep(120_000);
    }
}
