package dev.offload.backend;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The plans' kernels, prepared once per backend: a plan looks its kernel up here on every call instead of making
 * the spec (a 20 KB source string) again. Backends are held weakly, so a closed and dropped backend takes its
 * entries with it; a backend that sees more than {@value #MAX_PER_BACKEND} distinct kernels starts over (each
 * backend caches its built programs anyway, so that only costs a lookup there).
 */
final class PreparedKernels {
    private static final int MAX_PER_BACKEND = 256;
    private static final Map<Backend, Map<Object, PreparedKernel>> BY_BACKEND =
            Collections.synchronizedMap(new WeakHashMap<>());

    private PreparedKernels() {
    }

    /** The kernel {@code key} names on {@code b}, prepared from {@code spec} on first use. */
    static PreparedKernel get(Backend b, Object key, Supplier<KernelSpec> spec) {
        Map<Object, PreparedKernel> kernels;
        synchronized (BY_BACKEND) {
            // Not computeIfAbsent with a lambda: this runs in every new JVM's first call, where evaluating a lambda
            // the first time costs ~1.5 ms.
            kernels = BY_BACKEND.get(b);
            if (kernels == null) {
                kernels = new ConcurrentHashMap<>();
                BY_BACKEND.put(b, kernels);
            }
        }
        PreparedKernel k = kernels.get(key);
        if (k == null) {
            k = b.prepare(spec.get());
            if (kernels.size() >= MAX_PER_BACKEND) {
                kernels.clear();
            }
            kernels.put(key, k);
        }
        return k;
    }
}
