package dev.offload.cli;

import dev.offload.Device;
import dev.offload.Offload;
import dev.offload.TestDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesCommandTest {
    @TempDir
    Path dir;

    @Test
    void devices_here_listsEveryDeviceTheLibraryFinds() {
        Object[] r = CliParsingTest.run("devices");
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        String out = (String) r[1];
        List<Device> devices = Offload.devices();
        for (Device d : devices) {
            assertTrue(out.contains(d.id()) && out.contains(d.name()), () -> d.describe() + " missing from:\n" + out);
        }
        boolean openCl = devices.stream().anyMatch(Device::isOpenCl);
        assertEquals(openCl, out.contains("OpenCL: "), out);
        assertEquals(!openCl, out.contains("No OpenCL runtime"), out);
        assertTrue(out.contains("Default (--device auto): "), out);
        if (!openCl) {
            TestDevices.requireOpenCl();   // fails in CI; elsewhere the OpenCL half of this check is skipped
        }
    }

    @Test
    void devices_noOpenClPlatform_saysSoAndHowToGetOne() throws Exception {
        // The ICD loader reads vendor files from OCL_ICD_VENDORS: an empty folder means no platform at all.
        Path empty = dir.resolve("no-vendors");
        java.nio.file.Files.createDirectories(empty);
        Result r = fork(List.of("devices"), empty);
        assertEquals(0, r.rc, r::toString);
        assertTrue(r.out.contains("No OpenCL runtime"), r::toString);
        assertTrue(r.out.contains("apt-get install pocl-opencl-icd"), r::toString);
        assertTrue(r.out.contains("java-seq") && r.out.contains("Java parallel"), r::toString);
        assertFalse(r.out.contains("opencl:"), r::toString);
    }

    record Result(int rc, String out, String err) {
    }

    /** Runs the CLI in a new JVM with this test's class path and OCL_ICD_VENDORS set. */
    static Result fork(List<String> args, Path vendors) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OCL_ICD_VENDORS", vendors.toString());
        pb.environment().remove("OFFLOAD_DEVICE");
        Path err = java.nio.file.Files.createTempFile("offload-err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the forked CLI did not finish in 60 s: " + cmd);
        }
        String errText = java.nio.file.Files.readString(err);
        java.nio.file.Files.deleteIfExists(err);
        return new Result(p.exitValue(), out, errText);
    }
}
