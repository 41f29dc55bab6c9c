package dev.offload.spark;

import dev.offload.Offload;
import dev.offload.OffloadException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The executor JVM's devices: one {@link Offload} per JVM and selector, opened by the first task that needs it,
 * shared by every task thread of the executor (an {@code Offload} is thread-safe), and closed by a JVM shutdown hook.
 *
 * <p>Why static state and a shutdown hook: an executor JVM runs many tasks, each a fresh deserialized closure with
 * nothing that lives longer than the task, and Spark offers no per-executor lifecycle to user code (executor plugins
 * need a configuration entry on every cluster). Opening a device per task would pay the OpenCL context and program
 * builds every time. The JVM is the unit that owns the device, so the handles live as long as it does; the hook
 * releases them when the executor exits normally, and the OS reclaims them when it is killed.
 */
final class ExecutorDevices {
    private static final System.Logger LOG = System.getLogger(ExecutorDevices.class.getName());
    /** Spark's resource name for GPUs ({@code spark.task.resource.gpu.amount}). */
    static final String GPU = "gpu";

    private static final Map<String, Opened> OPENED = new ConcurrentHashMap<>();
    private static final Set<String> LOGGED_REASONS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK = new AtomicBoolean();

    private ExecutorDevices() {
    }

    private record Opened(Offload offload, String openFailure) {
    }

    /** The device of the current task (see {@link DeviceChoice}) and what to report about it. */
    record Lease(Offload offload, String gpuAddress, String reason) {
        /** The summary row of the current task, taken after its work (the device may have fallen back during it). */
        PartitionRun run(long items, long nanos) {
            TaskContext ctx = TaskContext.get();
            String why = reason != null ? reason : offload.fallbackReason();
            return new PartitionRun(ctx == null ? -1 : ctx.partitionId(), ctx == null ? 0 : ctx.attemptNumber(),
                    executorId(), host(), ProcessHandle.current().pid(), gpuAddress, offload.device().describe(), why,
                    items, nanos);
        }
    }

    /** Opens (once per JVM) or reuses the device for the current task. */
    static Lease forTask(Settings settings) {
        String address = assignedGpu();
        DeviceChoice choice = DeviceChoice.of(address == null ? List.of() : Offload.devices(), address,
                settings.gpuKind(), settings.selector());
        Opened opened = OPENED.computeIfAbsent(choice.selector(), ExecutorDevices::open);
        String reason = choice.fallbackReason() != null ? choice.fallbackReason() : opened.openFailure();
        if (reason != null && LOGGED_REASONS.add(reason)) {
            LOG.log(System.Logger.Level.WARNING, "offload-spark: executor " + executorId() + ": " + reason);
        }
        return new Lease(opened.offload(), address, reason);
    }

    private static Opened open(String selector) {
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorDevices::closeAll, "offload-spark-close"));
        }
        Offload off;
        String failure = null;
        try {
            off = Offload.open(selector);
        } catch (OffloadException e) {
            failure = "cannot open '" + selector + "' (" + e.getMessage() + "); running in Java";
            off = Offload.open("java");
        }
        LOG.log(System.Logger.Level.INFO, "offload-spark: executor " + executorId() + " on " + host() + " (pid "
                + ProcessHandle.current().pid() + ") opened " + off.device().describe() + " for '" + selector + "'"
                + (off.fallbackReason() != null ? "; " + off.fallbackReason() : ""));
        return new Opened(off, failure);
    }

    private static void closeAll() {
        for (Opened o : OPENED.values()) {
            o.offload().close();
        }
    }

    /** The first GPU address Spark assigned to the running task, or null (no task, no GPU resource). */
    static String assignedGpu() {
        TaskContext ctx = TaskContext.get();
        if (ctx == null) {
            return null;
        }
        ResourceInformation gpu = ctx.resourcesJMap().get(GPU);
        return gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "?";
        }
    }
}
