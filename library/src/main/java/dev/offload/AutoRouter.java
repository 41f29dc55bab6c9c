package dev.offload;

import dev.offload.backend.Backend;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Chooses, under {@code auto} on an OpenCL device, where a built-in call on host data runs: on the device, or on
 * the parallel Java backend when the cost model says it finishes sooner there. On a discrete GPU a single pass over
 * a heap array is bound by PCIe (50 GB/s pinned at best) and a small call by the launch and the blocking read, while
 * Java on every core streams the heap at memory speed with no fixed cost worth naming; a card pays off for large
 * passes only where PCIe beats the cores. Which case holds is measured, not assumed: once per family of calls
 * ({@link CostFamily}) and machine, on first use, kept for the JVM and in the program cache's folder
 * ({@link CostCache}) for later JVMs.
 *
 * <p>Only calls whose data starts and ends on the host are routed; device arrays stay where they are, and kernels
 * that users write (whose work per byte nobody knows before running them) stay on the device. Until a family is
 * measured, and when measuring it failed, its calls run on the device, as they would without a model.
 */
final class AutoRouter {
    /** Times one call of {@code family}'s representative operation on {@code backend} over {@code input}. */
    @FunctionalInterface
    interface Sampler {
        long nanos(Backend backend, CostFamily family, Object input);
    }

    /** Small calls before timing, so that programs are built, pools filled and the call path compiled. */
    private static final int WARM_SMALL = 50;
    /**
     * Large calls before timing: at least two, and until this much time has passed (at most {@link #WARM_LARGE_MAX}),
     * so that a GPU coming out of idle has raised its clocks and its PCIe link speed before it is timed.
     */
    private static final long WARM_LARGE_NANOS = 100_000_000;
    private static final int WARM_LARGE_MAX = 20;
    /** Timed calls; the minimum of each is kept (the call without interference from the rest of the machine). */
    private static final int TIMED_SMALL = 21;
    private static final int TIMED_LARGE = 5;
    /** A large call's median above this many times its minimum: the machine was busy; later JVMs measure again. */
    private static final double STEADY = 1.5;

    /** Families measured in this JVM (for tests: a cost file that loads is not measured again). */
    static final AtomicInteger MEASURED = new AtomicInteger();
    /**
     * Costs known to this JVM, by cost file, {@link CostCache#identity()} and family: later instances do not measure
     * again, even with the program cache off.
     */
    private static final Map<String, CostPair> KNOWN = new ConcurrentHashMap<>();
    /** Keys being measured now: other first callers run on the device meanwhile instead of waiting. */
    private static final Set<String> MEASURING = ConcurrentHashMap.newKeySet();

    private final Backend device;
    private final Supplier<Backend> java;
    private final Sampler sampler;
    private final CostCache cache;
    /** Each family's key in {@link #KNOWN}, made once: a routed call looks its family up on every call. */
    private final String[] keys = new String[CostFamily.values().length];
    /** Each family's costs once this instance knows them (immutable records: a racy read is safe). */
    private final CostPair[] resolved = new CostPair[keys.length];

    AutoRouter(Backend device, Supplier<Backend> java, Sampler sampler, CostCache cache) {
        this.device = device;
        this.java = java;
        this.sampler = sampler;
        this.cache = cache;
        for (CostFamily f : CostFamily.values()) {
            keys[f.ordinal()] = cache.file() + " | " + cache.identity() + " | " + f.key();
        }
    }

    /** The device whose calls this router may move to Java. */
    Backend device() {
        return device;
    }

    /** The backend for a call of {@code family} that moves {@code bytes}; measures the family first if needed. */
    Backend choose(CostFamily family, long bytes) {
        CostPair c = costs(family);
        return c != null && c.javaIsFaster(bytes) ? java.get() : device;
    }

    /**
     * {@code family}'s costs: known to this JVM, else from the cache file, else measured now by this thread; a pair
     * that always picks the device when measuring failed; null while another thread measures them, or when this
     * thread is a fork/join worker (the Java backend's pool would be measured short of a thread).
     */
    CostPair costs(CostFamily family) {
        CostPair mine = resolved[family.ordinal()];
        if (mine != null) {
            return mine;
        }
        String key = keys[family.ordinal()];
        CostPair known = KNOWN.get(key);
        if (known != null) {
            resolved[family.ordinal()] = known;
            return known;
        }
        if (ForkJoinTask.inForkJoinPool() || !MEASURING.add(key)) {
            return null;
        }
        try {
            CostPair loaded = cache.load(family).orElse(null);
            if (loaded == null) {
                loaded = measure(family);
            }
            KNOWN.put(key, loaded);
            return loaded;
        } catch (IllegalStateException e) { // the instance closed while measuring: nothing learned, nothing kept
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            // A probe the user's call never needed must not fail it, nor move the instance off the device: without a
            // model the call runs where it did before there was one. Remembered, so that it is not tried again.
            Offload.logOnce(System.Logger.Level.WARNING, "offload auto: could not measure " + family.key()
                    + " calls on " + device.device().describe() + ", so they stay on it: " + e, null);
            CostPair deviceAlways = new CostPair(new CallCost(0, 0), new CallCost(Long.MAX_VALUE / 4, 0));
            KNOWN.put(key, deviceAlways);
            return deviceAlways;
        } finally {
            MEASURING.remove(key);
        }
    }

    private CostPair measure(CostFamily family) {
        // The large probe fits easily in the heap and in one device buffer, whatever the machine.
        long cap = Math.min(Runtime.getRuntime().maxMemory() / 16, device.device().maxAllocation() / 4);
        long largeBytes = Math.max(64L << 10, Math.min(family.largeBytes(), cap)) & ~63L;
        Object small = family.input(family.smallBytes());
        Object large = family.input(largeBytes);
        long[] d = measure(device, family, small, large);
        long[] j = measure(java.get(), family, small, large);
        CostPair measured = new CostPair(CallCost.through(family.smallBytes(), d[0], largeBytes, d[1]),
                CallCost.through(family.smallBytes(), j[0], largeBytes, j[1]));
        MEASURED.incrementAndGet();
        boolean steady = d[2] <= STEADY * d[1] && j[2] <= STEADY * j[1];
        cache.store(family, measured, steady);
        Offload.logOnce(System.Logger.Level.INFO, "offload auto: measured " + family.key() + " calls on host data on "
                + device.device().describe() + ": " + measured.describe()
                + (steady ? "" : " (the machine was busy: used by this JVM only)"), null);
        return measured;
    }

    /** The fastest small call, the fastest large call and the median large call on {@code b}, in nanoseconds. */
    private long[] measure(Backend b, CostFamily family, Object small, Object large) {
        for (int i = 0; i < WARM_SMALL; i++) {
            sampler.nanos(b, family, small);
        }
        long until = System.nanoTime() + WARM_LARGE_NANOS;
        for (int i = 0; i < WARM_LARGE_MAX && (i < 2 || System.nanoTime() < until); i++) {
            sampler.nanos(b, family, large);
        }
        long[] s = times(b, family, small, TIMED_SMALL);
        long[] l = times(b, family, large, TIMED_LARGE);
        return new long[] {s[0], l[0], l[l.length / 2]};
    }

    private long[] times(Backend b, CostFamily family, Object input, int times) {
        long[] t = new long[times];
        for (int i = 0; i < times; i++) {
            t[i] = sampler.nanos(b, family, input);
        }
        Arrays.sort(t);
        return t;
    }
}
