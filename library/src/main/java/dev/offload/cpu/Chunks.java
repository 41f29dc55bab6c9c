package dev.offload.cpu;

import java.util.stream.IntStream;

/**
 * Splits {@code [0, n)} into contiguous chunks, one task each on the common fork/join pool. Contiguous ranges keep
 * each core streaming through its own part of memory; a fixed split (not work stealing over elements) makes the
 * order in which partial results are combined the same on every run.
 */
final class Chunks {
    /** Below this many elements per chunk the fork/join overhead outweighs the work. */
    static final int MIN_CHUNK = 1 << 15;

    private final int n;
    private final int count;

    Chunks(int n, boolean parallel) {
        this(n, parallel, MIN_CHUNK);
    }

    /** Chunks of at least {@code minChunk} items each (small for items that are much work each, such as rows). */
    Chunks(int n, boolean parallel, int minChunk) {
        this.n = n;
        int parallelism = parallel ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
        int byWork = Math.max(1, n / Math.max(1, minChunk));
        // A few chunks per core smooth out cores that start late; more would only add overhead.
        this.count = Math.min(byWork, parallelism * 4);
    }

    int count() {
        return count;
    }

    int start(int chunk) {
        return (int) ((long) n * chunk / count);
    }

    int end(int chunk) {
        return (int) ((long) n * (chunk + 1) / count);
    }

    /** Runs {@code body} for every chunk, in parallel when there is more than one. */
    void forEach(java.util.function.IntConsumer body) {
        if (count == 1) {
            body.accept(0);
        } else {
            IntStream.range(0, count).parallel().forEach(body);
        }
    }
}
