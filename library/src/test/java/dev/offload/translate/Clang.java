package dev.offload.translate;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compiles OpenCL C for NVIDIA GPUs with PoCL's {@code clang-15} ({@code -target nvptx64-nvidia-nvcl}), so every
 * translated kernel is known to build for a GPU even on a machine with none. Without clang-15 the test fails in CI
 * ({@code CI=true}) and is skipped elsewhere.
 */
final class Clang {
    private static final String CLANG = "clang-15";

    private Clang() {
    }

    /** Compiles {@code source} to PTX with each define; fails the test with clang's output if it does not build. */
    static void compileForNvidia(String source, String... defines) {
        requireClang();
        try {
            Path dir = Files.createTempDirectory("offload-clang");
            try {
                Path cl = dir.resolve("kernel.cl");
                Files.writeString(cl, source);
                List<String> cmd = new java.util.ArrayList<>(List.of(CLANG, "-x", "cl", "-cl-std=CL1.2", "-target",
                        "nvptx64-nvidia-nvcl", "-Xclang", "-finclude-default-header", "-Werror=implicit-function-declaration",
                        // NVIDIA's driver has 64-bit atomics; clang's nvptx target does not declare them by default.
                        "-Xclang", "-cl-ext=+cl_khr_int64_base_atomics",
                        "-S", "-o", dir.resolve("kernel.ptx").toString(), cl.toString()));
                for (String d : defines) {
                    cmd.add("-D" + d);
                }
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("clang-15 timed out");
                }
                if (p.exitValue() != 0) {
                    fail("clang-15 (nvptx64) rejected the kernel:\n" + out + "\n--- source ---\n" + numbered(source));
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            fail("clang-15: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    static String numbered(String source) {
        String[] lines = source.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            b.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return b.toString();
    }

    private static void requireClang() {
        if ("skip".equals(System.getenv("OFFLOAD_CLANG_CHECK"))) {
            // ci/gpu-check.sh on an NVIDIA machine: the driver's own compiler builds every kernel these tests run.
            Assumptions.abort("OFFLOAD_CLANG_CHECK=skip: NVIDIA's own compiler checks the kernels here");
        }
        try {
            Process p = new ProcessBuilder(CLANG, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // not installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = CLANG + " is not installed (it comes with PoCL; see ci/install-opencl.sh)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + " (CI=true: the NVPTX compile tests must run)");
        }
        Assumptions.abort(why + " (skipped outside CI)");
    }
}
