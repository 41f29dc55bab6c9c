package dev.offload.opencl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM that finds no OpenCL platform: the ICD loader is pointed at an empty folder ({@code OCL_ICD_VENDORS}), so
 * {@code clGetPlatformIDs} reports {@code CL_PLATFORM_NOT_FOUND_KHR}. {@code auto} must then choose the parallel Java
 * backend and say why, and explicit OpenCL selectors must fail naming the devices that exist. Runs
 * {@link FallbackProbe} in a forked JVM because device discovery happens once per JVM. Needs the ICD loader
 * (ocl-icd), as installed by {@code ci/install-opencl.sh}; without it the reason is the missing loader instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClFallbackTest {
    private Map<String, String> probe;

    @BeforeAll
    void runProbe(@TempDir Path emptyVendors) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), FallbackProbe.class.getName()));
        pb.environment().put("OCL_ICD_VENDORS", emptyVendors.toString());
        pb.environment().remove("OFFLOAD_DEVICE");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish:\n" + out);
        assertEquals(0, p.exitValue(), "probe failed:\n" + out);
        probe = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                probe.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertTrue(probe.containsKey("device.kind"), "no probe output:\n" + out);
    }

    @Test
    void auto_withoutOpenClPlatform_choosesJavaAndSaysWhy() {
        assertEquals("JAVA", probe.get("device.kind"), probe.toString());
        assertEquals("14", probe.get("sumOfSquares"));
        String reason = probe.get("fallbackReason");
        assertTrue(reason.contains("no OpenCL platform found") && reason.contains("pocl-opencl-icd"), reason);
        assertEquals(reason, probe.get("openClUnavailableReason"));
    }

    @Test
    void devices_withoutOpenClPlatform_areTheJavaBackends() {
        assertEquals("java,java-seq", probe.get("devices"));
    }

    @Test
    void explicitOpenClSelectors_withoutOpenClPlatform_throwNoSuchDeviceNamingTheDevices() {
        for (String selector : List.of("gpu", "opencl")) {
            String result = probe.get("open." + selector);
            assertTrue(result.startsWith("NoSuchDeviceException: no device matches \"" + selector + "\""), result);
            assertTrue(result.contains("no OpenCL platform found"), result);
            assertTrue(result.contains("java-seq") && result.contains("java "), result);
        }
    }
}
