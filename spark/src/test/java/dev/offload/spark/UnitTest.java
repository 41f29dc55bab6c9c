package dev.offload.spark;

import dev.offload.Device;
import dev.offload.DeviceKind;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts that need no Spark job: adding histograms, mapping GPU addresses, settings, the summary table. */
class UnitTest {
    private static Device dev(String id, DeviceKind kind) {
        boolean java = kind.isJava();
        return new Device(id, "dev " + id, kind, java ? "java" : "opencl", "p", "v", "", 1, 1, 1);
    }

    private static final List<Device> DEVICES = List.of(dev("opencl:0:0", DeviceKind.CPU),
            dev("opencl:1:0", DeviceKind.GPU), dev("opencl:1:1", DeviceKind.GPU), dev("java", DeviceKind.JAVA));

    @Test
    void add_differentLengths_addsBinByBinIn64Bits() {
        long[] a = {0, 2, Long.MAX_VALUE - 1};
        long[] b = {0, 1, 1, 0, 5};
        assertArrayEquals(new long[] {0, 3, Long.MAX_VALUE, 0, 5}, OffloadSpark.add(a, b));
        assertArrayEquals(new long[] {0, 3, Long.MAX_VALUE, 0, 5}, OffloadSpark.add(b, a));
        assertArrayEquals(new long[] {0, 2, Long.MAX_VALUE - 1}, a, "inputs unchanged");
        assertArrayEquals(new long[] {0}, OffloadSpark.add(new long[] {0}, new long[] {0}));
    }

    @Test
    void deviceChoice_addressIndexesOpenClGpusInDevicesOrder() {
        assertEquals("opencl:1:0", DeviceChoice.of(DEVICES, "0", DeviceKind.GPU, "auto").selector());
        DeviceChoice second = DeviceChoice.of(DEVICES, "1", DeviceKind.GPU, "auto");
        assertEquals("opencl:1:1", second.selector());
        assertEquals("1", second.gpuAddress());
        assertNull(second.fallbackReason());
        assertEquals("opencl:0:0", DeviceChoice.of(DEVICES, "0", DeviceKind.CPU, "auto").selector());
    }

    @Test
    void deviceChoice_noGpuAtAddress_fallsBackToJavaAndSaysWhy() {
        DeviceChoice seven = DeviceChoice.of(DEVICES, "7", DeviceKind.GPU, "auto");
        assertEquals("java", seven.selector());
        assertTrue(seven.fallbackReason().contains("address 7") && seven.fallbackReason().contains("2 OpenCL GPU"),
                seven.fallbackReason());
        DeviceChoice named = DeviceChoice.of(DEVICES, "GPU-1234", DeviceKind.GPU, "auto");
        assertEquals("java", named.selector());
        assertTrue(named.fallbackReason().contains("'GPU-1234'"), named.fallbackReason());
    }

    @Test
    void deviceChoice_noAddress_usesTheSelector() {
        DeviceChoice c = DeviceChoice.of(DEVICES, null, DeviceKind.GPU, "java-seq");
        assertEquals("java-seq", c.selector());
        assertNull(c.gpuAddress());
        assertNull(c.fallbackReason());
    }

    @Test
    void settings_localPropertyWinsAndBadKindIsNamed() {
        SparkConf conf = new SparkConf(false).set(Settings.SELECTOR_KEY, "cpu").set(Settings.GPU_KIND_KEY, "cpu");
        assertEquals(new Settings("cpu", DeviceKind.CPU), Settings.of(conf, null, null));
        assertEquals(new Settings("java", DeviceKind.GPU), Settings.of(conf, "java", "GPU"));
        assertEquals(new Settings("auto", DeviceKind.GPU), Settings.of(new SparkConf(false), null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(new SparkConf(false).set(Settings.GPU_KIND_KEY, "java"), null, null));
        assertTrue(e.getMessage().contains("'JAVA'"), e::getMessage);
    }

    @Test
    void jobSummary_toString_listsPartitionsDevicesAndFallbacks() {
        JobSummary s = new JobSummary("job", List.of(
                new PartitionRun(1, 0, "2", "h", 42, "7", "JAVA Java (java)", "no GPU 7", 10, 2_000_000),
                new PartitionRun(0, 0, "1", "h", 41, "0", "GPU G (opencl:0:0)", null, 5, 1_000_000)));
        assertEquals(0, s.partitions().get(0).partition(), "sorted by partition");
        String t = s.toString();
        assertTrue(t.contains("1 partition(s) on GPU G (opencl:0:0)") && t.contains("fallback: no GPU 7"), t);
        assertEquals(List.of("no GPU 7"), s.fallbackReasons());
    }
}
