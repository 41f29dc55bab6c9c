package dev.offload;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The calls {@link CallOverheadInterleaved} times, on one opened device, each run once per {@link #applyAsLong}:
 * the same ones as {@link CallOverheadBenchmark}'s. Public, and talking to its caller only through JDK types,
 * because the interleaved run loads one copy of it per library under test, each in its own class loader.
 */
public final class CallOverheadSide implements ToLongFunction<String>, Supplier<long[]>, AutoCloseable {
    /**
     * The calls, by name; the last one is not the library's: a trivial kernel launched with JOCL alone and waited
     * for ({@code clFinish}), on a context of its own on the first OpenCL device, the floor under any call that
     * launches a kernel and waits for it.
     */
    public static final List<String> CALLS = List.of("sumOfSquaresHost", "sumOfSquaresResident", "squaresHost",
            "squaresResident", "sumLongHost", "parallelForHost", "joclLaunchFinish");

    private final Offload off;
    private final int[] xs;
    private final long[] ys;
    private final DeviceInts resident;
    /** The last call's profile: wall, kernel, and the phases' sum (wall minus host). */
    private final long[] last = new long[3];
    private final RawLaunch raw;

    /**
     * Opens {@code device} and uploads {@code 2^log2n} ints.
     *
     * @param device the device selector
     * @param log2n  log2 of the element count
     */
    public CallOverheadSide(String device, int log2n) {
        off = Offload.open(device);
        int n = 1 << log2n;
        xs = new int[n];
        ys = new long[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i * 7919 - 1_000_000;
        }
        resident = off.upload(xs);
        raw = off.device().kind().isJava() ? null : new RawLaunch();
    }

    /**
     * Runs the call {@code name} once.
     *
     * @param name one of {@link #CALLS}
     * @return the caller's wall time of the call, ns
     */
    @Override
    public long applyAsLong(String name) {
        int[] v = xs;
        long[] out = ys;
        long t0 = System.nanoTime();
        long sink = switch (name) {
            case "sumOfSquaresHost" -> off.sumOfSquares(xs);
            case "sumOfSquaresResident" -> off.sumOfSquares(resident);
            case "squaresHost" -> off.squares(xs).length;
            case "squaresResident" -> {
                try (DeviceLongs r = off.squares(resident)) {
                    yield r.length();
                }
            }
            case "sumLongHost" -> off.sumLong(v.length, i -> (long) v[i] * v[i]);
            case "parallelForHost" -> {
                off.parallelFor(v.length, i -> out[i] = out[i] + (long) v[i] * v[i]);
                yield out[0];
            }
            case "joclLaunchFinish" -> raw == null ? 0 : raw.run();
            default -> throw new IllegalArgumentException("no call " + name);
        };
        long wall = System.nanoTime() - t0;
        if (name.equals("joclLaunchFinish")) {
            last[0] = wall;
            last[1] = 0;
            last[2] = 0;
            return wall;
        }
        Profile p = off.lastProfile();
        last[0] = p.wallNanos();
        last[1] = p.kernelNanos();
        last[2] = p.wallNanos() - p.hostNanos();
        return sink == 42 ? wall + 1 : wall;
    }

    /**
     * The last call's profile.
     *
     * @return {wall, kernel, wall minus host} in ns
     */
    @Override
    public long[] get() {
        return last.clone();
    }

    @Override
    public void close() {
        resident.close();
        off.close();
        if (raw != null) {
            raw.close();
        }
    }

    /** One work-group of 8 writing one long, launched and waited for with JOCL alone. */
    private static final class RawLaunch implements AutoCloseable {
        private final cl_context context;
        private final cl_command_queue queue;
        private final cl_program program;
        private final cl_kernel kernel;
        private final cl_mem out;

        @SuppressWarnings("deprecation")
        RawLaunch() {
            CL.setExceptionsEnabled(true);
            cl_platform_id[] platform = new cl_platform_id[1];
            CL.clGetPlatformIDs(1, platform, null);
            cl_device_id[] device = new cl_device_id[1];
            CL.clGetDeviceIDs(platform[0], CL.CL_DEVICE_TYPE_ALL, 1, device, null);
            context = CL.clCreateContext(null, 1, device, null, null, null);
            queue = CL.clCreateCommandQueue(context, device[0], CL.CL_QUEUE_PROFILING_ENABLE, null);
            program = CL.clCreateProgramWithSource(context, 1,
                    new String[] {"__kernel void one(__global long *o) { if (get_global_id(0) == 0) o[0] = 1; }"},
                    null, null);
            CL.clBuildProgram(program, 0, null, null, null, null);
            kernel = CL.clCreateKernel(program, "one", null);
            out = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, 8, null, null);
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(out));
        }

        long run() {
            CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {8}, new long[] {8}, 0, null, null);
            CL.clFinish(queue);
            return 1;
        }

        @Override
        public void close() {
            CL.clReleaseMemObject(out);
            CL.clReleaseKernel(kernel);
            CL.clReleaseProgram(program);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }
}
