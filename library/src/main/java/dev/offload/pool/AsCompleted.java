package dev.offload.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/** {@link TaskPool#asCompleted(Collection)}: futures in the order they complete, through one queue fed by listeners. */
final class AsCompleted {
    private AsCompleted() {
    }

    static <R> Iterable<Future<R>> of(Collection<? extends Future<R>> futures) {
        List<Future<R>> list = new ArrayList<>(Objects.requireNonNull(futures, "futures"));
        for (Future<R> f : list) {
            Objects.requireNonNull(f, "future");
            if (!(f instanceof PoolFuture<?>) && !(f instanceof CompletableFuture<?>)) {
                throw new IllegalArgumentException("asCompleted watches futures of a TaskPool or CompletableFutures,"
                        + " not " + f.getClass().getName());
            }
        }
        return () -> {
            LinkedBlockingQueue<Future<R>> done = new LinkedBlockingQueue<>();
            for (Future<R> f : list) {
                if (f instanceof PoolFuture<?> pf) {
                    pf.whenDone(() -> done.add(f));
                } else {
                    ((CompletableFuture<?>) f).whenComplete((v, e) -> done.add(f));
                }
            }
            return new Iterator<>() {
                private int left = list.size();

                @Override
                public boolean hasNext() {
                    return left > 0;
                }

                @Override
                public Future<R> next() {
                    if (left == 0) {
                        throw new NoSuchElementException("all " + list.size() + " futures were returned");
                    }
                    try {
                        Future<R> f = done.take();
                        left--;
                        return f;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        CancellationException c = new CancellationException(
                                "interrupted while waiting for the next completed future");
                        c.initCause(e);
                        throw c;
                    }
                }
            };
        };
    }
}
