package dev.offload.opencl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM where OpenCL's native side does not load ({@code UnsatisfiedLinkError}, as on a machine without the ICD
 * loader): here forced by a temporary folder that does not exist, so JOCL cannot unpack its native library. Discovery
 * must not throw, {@code auto} must choose Java, and the reason must be one readable line, not JOCL's pages of
 * nested stack traces. Runs {@link FallbackProbe} in a forked JVM (discovery happens once per JVM).
 */
class OpenClMissingLibraryTest {

    @Test
    void discovery_whenTheNativeLibraryDoesNotLoad_fallsBackToJavaWithAOneLineReason()
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=/proc/offload-no-such-dir", "-cp", System.getProperty("java.class.path"),
                FallbackProbe.class.getName()));
        pb.environment().remove("OFFLOAD_DEVICE");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);     // the INFO line of the fallback; stdout has it all
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish:\n" + out);
        assertEquals(0, p.exitValue(), "probe failed:\n" + out);
        Map<String, String> probe = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                probe.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals("JAVA", probe.get("device.kind"), out);
        assertEquals("14", probe.get("sumOfSquares"), out);
        String reason = probe.get("openClUnavailableReason");
        assertTrue(reason.startsWith("cannot load OpenCL (UnsatisfiedLinkError: "), reason);
        assertTrue(reason.contains("ocl-icd-libopencl1"), reason);
        assertFalse(reason.contains("\\n"), "one line: " + reason);
        assertTrue(reason.length() < 400, "short: " + reason.length() + " characters");
        assertTrue(probe.get("open.opencl").startsWith("NoSuchDeviceException"), probe.get("open.opencl"));
    }
}
