/**
 * offload: data-parallel kernels on OpenCL devices with a Java fallback, and task pools for everything else.
 *
 * <p>Exports the public API only: {@code dev.offload} ({@link dev.offload.Offload}, device arrays, kernels and their
 * lambda interfaces, exceptions) and {@code dev.offload.pool} (task pools). Everything else (the backend SPI, the
 * OpenCL and Java backends, the translator, text passes, timing) is implementation: readable from the class path,
 * closed on the module path. The library works the same in both places.
 *
 * <p>Backends are found with {@link java.util.ServiceLoader}: on the module path through the {@code provides} below,
 * on the class path through {@code META-INF/services/dev.offload.backend.BackendProvider}. Both list OpenCL first.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.offload;
 * }
 * }</pre>
 * Run with {@code --enable-native-access=jocl} (on the class path: {@code ALL-UNNAMED}) so that JOCL may load its
 * native library.
 */
@SuppressWarnings("requires-automatic") // JOCL 2.0.6 has no module-info; its automatic name is "jocl"
module dev.offload {
    exports dev.offload;
    exports dev.offload.pool;

    requires jocl;
    requires org.objectweb.asm;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.tree.analysis;
    // Thread CPU times (com.sun.management.ThreadMXBean) for Timing and the pools' worker CPU.
    requires jdk.management;
    // The translator's differential fuzzer compiles generated kernels in process (javax.tools).
    requires java.compiler;

    uses dev.offload.backend.BackendProvider;
    // The text plan's Java half (dev.offload.backend.TextPasses): a service, as a static reference would be a cycle.
    uses dev.offload.backend.JavaText;
    provides dev.offload.backend.JavaText with dev.offload.text.JavaTextProvider;
    provides dev.offload.backend.BackendProvider with
            dev.offload.opencl.OpenClBackendProvider,
            dev.offload.cpu.JavaBackendProvider;
}
