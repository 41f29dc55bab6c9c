package dev.offload.spark;

import dev.offload.DeviceKind;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

import java.io.Serializable;
import java.util.Locale;

/**
 * What executors need to pick their device, read on the driver when a job is defined, from the thread's local
 * properties ({@code SparkContext.setLocalProperty}) else the {@link SparkConf}, and shipped inside every task's
 * closure (executors read no configuration of their own).
 *
 * @param selector  {@code spark.offload.device}: the selector for tasks that Spark assigned no GPU; default
 *                  {@code auto}
 * @param gpuKind   {@code spark.offload.gpuDeviceKind}: which OpenCL devices Spark's GPU addresses index; default
 *                  {@link DeviceKind#GPU}. {@code CPU} is a test hook: it lets machines without a GPU (CI, PoCL)
 *                  exercise the address-to-device mapping on their OpenCL CPU device.
 */
record Settings(String selector, DeviceKind gpuKind) implements Serializable {
    static final String SELECTOR_KEY = "spark.offload.device";
    static final String GPU_KIND_KEY = "spark.offload.gpuDeviceKind";

    static Settings of(SparkContext sc) {
        return of(sc.getConf(), sc.getLocalProperty(SELECTOR_KEY), sc.getLocalProperty(GPU_KIND_KEY));
    }

    static Settings of(SparkConf conf, String localSelector, String localKind) {
        String kind = (localKind != null ? localKind : conf.get(GPU_KIND_KEY, "GPU")).trim().toUpperCase(Locale.ROOT);
        DeviceKind k;
        try {
            k = DeviceKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(GPU_KIND_KEY + " = '" + kind + "'; expected GPU, CPU or ACCELERATOR");
        }
        if (k.isJava()) {
            throw new IllegalArgumentException(GPU_KIND_KEY + " = '" + kind + "'; expected GPU, CPU or ACCELERATOR");
        }
        return new Settings((localSelector != null ? localSelector : conf.get(SELECTOR_KEY, "auto")).trim(), k);
    }
}
