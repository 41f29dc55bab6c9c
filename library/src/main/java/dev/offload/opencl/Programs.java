package dev.offload.opencl;

import dev.offload.KernelBuildException;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The program cache of one backend (one context, one device). A program is the text {@code prefix + "\n" + resource}
 * (the prefix holds the {@code #define}s that specialise a skeleton, and any user preamble) built with some options;
 * it is built once per (resource, prefix, options), that is per full source and options, and its kernels are
 * created once per name. Thread-safe; building holds this cache's lock, so two threads asking for the same program
 * build it once.
 */
final class Programs implements AutoCloseable {
    private final cl_context context;
    private final cl_device_id device;
    private final String deviceName;
    private final long maxLocalSize;
    private final ReentrantLock queueLock;
    private final Map<String, String> resources = new ConcurrentHashMap<>();
    private final Map<Key, Built> programs = new HashMap<>();
    private final ProgramBinaryCache binaries;
    private boolean closed;

    // The resource's text is fixed, so its name stands for it: no 20 KB source is concatenated and hashed on every
    // lookup (several per call on the hot path).
    // equals and hashCode written out: a record's own are bound through invokedynamic at first use, ~10 ms of a new
    // JVM's first call.
    private record Key(String resource, String prefix, String options) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && resource.equals(k.resource) && prefix.equals(k.prefix)
                    && Objects.equals(options, k.options);
        }

        @Override
        public int hashCode() {
            return (resource.hashCode() * 31 + prefix.hashCode()) * 31 + Objects.hashCode(options);
        }
    }

    private record Built(cl_program program, Map<String, ClKernel> kernels) {
    }

    /**
     * A cache for one context and device. {@code maxLocalSize} caps every kernel's reported work-group limit
     * ({@link Long#MAX_VALUE}: no cap), so tests can run the kernels with small and odd local sizes. Kernels check
     * that {@code queueLock} is held when their arguments are set. Built programs are stored in {@code binaries}.
     */
    Programs(cl_context context, cl_device_id device, String deviceName, long maxLocalSize, ReentrantLock queueLock,
             ProgramBinaryCache binaries) {
        this.queueLock = queueLock;
        this.context = context;
        this.device = device;
        this.deviceName = deviceName;
        this.maxLocalSize = maxLocalSize;
        this.binaries = binaries;
    }

    /**
     * The kernel {@code kernelName} of the program {@code prefix + resource}, built with {@code options}.
     *
     * @param resource   a class path resource such as {@code "kernels/reduce.cl"}
     * @param prefix     OpenCL C placed before the resource's text ({@code #define}s, pragmas, helper functions)
     * @param options    {@code clBuildProgram} options
     * @param kernelName the {@code __kernel} function's name
     * @throws KernelBuildException with the build log, options and device when the program does not compile
     * @throws dev.offload.DeviceException when the program has no such kernel ({@code CL_INVALID_KERNEL_NAME})
     */
    synchronized ClKernel kernel(String resource, String prefix, String options, String kernelName) {
        // Keyed by the parts, so a call on the hot path neither reads nor concatenates the resource's text.
        return kernel(new Key(resource, prefix, options), kernelName + " (" + resource + ")", kernelName);
    }

    /**
     * The kernel {@code kernelName} of a complete program given as text (generated source, such as a translated Java
     * lambda), built with {@code options}; cached by source text and options like resource programs. Errors name the
     * program {@code programName}.
     *
     * @throws KernelBuildException with the build log, options and device when the program does not compile
     */
    synchronized ClKernel kernelFromSource(String source, String options, String kernelName, String programName) {
        return kernel(new Key("", source, options), programName, kernelName);
    }

    /** The kernel of the program {@code key} names: a resource after its prefix, or (no resource) the prefix alone. */
    private ClKernel kernel(Key key, String programName, String kernelName) {
        if (closed) {
            throw new IllegalStateException("OpenCL backend is closed");
        }
        Built built = programs.get(key);
        if (built == null) {
            String source = key.resource().isEmpty() ? key.prefix()
                    : key.prefix() + "\n" + resourceText(key.resource());
            built = new Built(build(programName, source, key.options()), new HashMap<>());
            programs.put(key, built);
        }
        ClKernel k = built.kernels().get(kernelName);
        if (k == null) {
            try {
                k = createKernel(built.program(), kernelName);
            } catch (CLException e) {
                throw Cl.failure("cannot create kernel " + kernelName + " of " + programName + " on " + deviceName, e);
            }
            built.kernels().put(kernelName, k);
        }
        return k;
    }

    /** The folder of the on-disk binary cache, or null when it is off. */
    java.nio.file.Path binaryCacheFolder() {
        return binaries.dir();
    }

    /** Number of programs built so far (for tests of the cache). */
    synchronized int size() {
        return programs.size();
    }

    private cl_program build(String programName, String source, String options) {
        cl_program cached = binaries.load(context, source, options);
        if (cached != null) {
            return cached;
        }
        cl_program program;
        try {
            program = CL.clCreateProgramWithSource(context, 1, new String[] {source},
                    new long[] {source.getBytes(StandardCharsets.UTF_8).length}, null);
        } catch (CLException e) {
            throw Cl.failure("cannot create program " + programName + " on " + deviceName, e);
        }
        try {
            CL.clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
            binaries.built(program, source, options);
            return program;
        } catch (CLException e) {
            String log = buildLog(program);
            CL.clReleaseProgram(program);
            // The log's line numbers refer to the generated source, which the caller never saw: append it.
            throw new KernelBuildException(programName, deviceName, options,
                    log + "\n--- source ---\n" + numbered(source), e);
        } catch (RuntimeException | Error e) {
            CL.clReleaseProgram(program);
            throw e;
        }
    }

    private ClKernel createKernel(cl_program program, String name) {
        cl_kernel kernel = CL.clCreateKernel(program, name, null);
        try {
            long wgs = Cl.kernelWorkGroupSize(kernel, device, CL.CL_KERNEL_WORK_GROUP_SIZE);
            long multiple = Cl.kernelWorkGroupSize(kernel, device, CL.CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE);
            return new ClKernel(name, kernel, Math.min(wgs, maxLocalSize), multiple, queueLock);
        } catch (RuntimeException e) {
            CL.clReleaseKernel(kernel);
            throw e;
        }
    }

    private String buildLog(cl_program program) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            int n = buf.length;
            while (n > 0 && buf[n - 1] == 0) {
                n--;
            }
            return new String(buf, 0, n, StandardCharsets.UTF_8).strip();
        } catch (CLException e) {
            return "(no build log: " + Cl.statusName(e) + ")";
        }
    }

    private static String numbered(String source) {
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            sb.append(String.format("%4d  %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }

    private String resourceText(String resource) {
        return resources.computeIfAbsent(resource, Programs::read);
    }

    private static String read(String resource) {
        // Through the class, not its loader: on the module path "kernels" is a package of this module, and a
        // module's resources are hidden from ClassLoader.getResourceAsStream unless opened.
        try (InputStream in = Programs.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL source \"" + resource + "\" is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenCL source \"" + resource + '"', e);
        }
    }

    /** Releases every kernel and program. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CLException> failures = new ArrayList<>();
        for (Built b : programs.values()) {
            binaries.store(b.program());
            for (ClKernel k : b.kernels().values()) {
                try {
                    CL.clReleaseKernel(k.kernel());
                } catch (CLException e) {
                    failures.add(e);
                }
            }
            try {
                CL.clReleaseProgram(b.program());
            } catch (CLException e) {
                failures.add(e);
            }
        }
        programs.clear();
        if (!failures.isEmpty()) {
            throw Cl.failure("releasing OpenCL programs", failures.getFirst());
        }
    }
}
