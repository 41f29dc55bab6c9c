package dev.offload;

import dev.offload.backend.Backend;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Chooses, under {@code auto} on an OpenCL device, where a built-in call on host data runs: on the device, or on
 * the parallel Java backend when the cost model says it finishes sooner there. On a discrete GPU a single pass over
 * a heap array is bound by PCIe (50 GB/s pinned at best) and a small call by the launch and the blocking read, while
 * Java on every core streams the heap at memory speed with no fixed cost worth naming; a card pays off for large
 * passes only where PCIe beats the cores. Which case holds is measured, not assumed: once per family of calls
 * ({@link CostFamily}), per machine, on first use, and kept with the programs ({@link CostCache}).
 *
 * <p>Only calls whose data starts and ends on the host are routed; device arrays stay where they are, and kernels
 * that users write (whose work per byte nobody knows before running them) stay on the device.
 */
final class AutoRouter {
    /** Times one call of {@code family}'s representative operation on {@code backend} over {@code input}. */
    @FunctionalInterface
    interface Sampler {
        long nanos(Backend backend, CostFamily family, Object input);
    }

    /** Calls before timing, so that programs are built, pools filled and the Java loops compiled. */
    private static final int WARM_SMALL = 50;
    private static final int WARM_LARGE = 2;
    /** Timed calls; the minimum of each is kept (the call without interference from the rest of the machine). */
    private static final int TIMED_SMALL = 21;
    private static final int TIMED_LARGE = 3;

    /** Families measured in this JVM (for tests: a cost file that loads is not measured again). */
    static final AtomicInteger MEASURED = new AtomicInteger();

    private final Backend device;
    private final Supplier<Backend> java;
    private final Sampler sampler;
    private final CostCache cache;
    private final Map<CostFamily, CostPair> costs = new ConcurrentHashMap<>();

    AutoRouter(Backend device, Supplier<Backend> java, Sampler sampler, CostCache cache) {
        this.device = device;
        this.java = java;
        this.sampler = sampler;
        this.cache = cache;
    }

    /** The device whose calls this router may move to Java. */
    Backend device() {
        return device;
    }

    /** The backend for a call of {@code family} that moves {@code bytes}; measures the family first if needed. */
    Backend choose(CostFamily family, long bytes) {
        return costs(family).javaIsFaster(bytes) ? java.get() : device;
    }

    /** {@code family}'s costs: from this instance, else from the cache file, else measured now (and stored). */
    CostPair costs(CostFamily family) {
        CostPair known = costs.get(family);
        if (known != null) {
            return known;
        }
        return costs.computeIfAbsent(family, f -> cache.load(f).orElseGet(() -> {
            CostPair measured = new CostPair(measure(device, f), measure(java.get(), f));
            MEASURED.incrementAndGet();
            cache.store(f, measured);
            Offload.logOnce(System.Logger.Level.INFO, "offload auto: measured " + f.key() + " calls on host data on "
                    + device.device().describe() + ": " + measured.describe(), null);
            return measured;
        }));
    }

    private CallCost measure(Backend b, CostFamily family) {
        Object small = family.input(family.smallBytes());
        Object large = family.input(family.largeBytes());
        for (int i = 0; i < WARM_SMALL; i++) {
            sampler.nanos(b, family, small);
        }
        for (int i = 0; i < WARM_LARGE; i++) {
            sampler.nanos(b, family, large);
        }
        long smallNanos = fastest(b, family, small, TIMED_SMALL);
        long largeNanos = fastest(b, family, large, TIMED_LARGE);
        return CallCost.through(family.smallBytes(), smallNanos, family.largeBytes(), largeNanos);
    }

    private long fastest(Backend b, CostFamily family, Object input, int times) {
        long[] t = new long[times];
        for (int i = 0; i < times; i++) {
            t[i] = sampler.nanos(b, family, input);
        }
        return Arrays.stream(t).min().orElseThrow();
    }
}
