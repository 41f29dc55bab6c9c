package dev.offload.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * For the in-process kinds: the first task shuts the pool down while {@code map} is most likely still submitting
 * the rest (50,000 items). Whatever the interleaving, {@code map} must end as a cancelled call, never with the
 * {@code RejectedExecutionException} meant for calls made after a shutdown (seen once in CI-like runs before the fix).
 */
final class InProcessShutdownRace {
    private static final AtomicReference<TaskPool> POOL = new AtomicReference<>();

    private InProcessShutdownRace() {
    }

    static void check(TaskPool pool) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            POOL.set(pool);
            try {
                List<Integer> items = IntStream.range(0, 50_000).boxed().toList();
                pool.map(x -> {
                    if (x == 0) {
                        POOL.get().shutdownNow();
                    }
                    return x;
                }, items, 1);
                fail("map finished although the pool was shut down during it");
            } catch (CancellationException | ExecutionException expected) {
                // cancelled while submitting or waiting; or a running task saw the interrupt
            } finally {
                POOL.set(null);
            }
            assertTrue(pool.awaitTermination(Duration.ofSeconds(20)), "terminated");
        });
    }
}
