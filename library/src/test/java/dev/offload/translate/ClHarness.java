package dev.offload.translate;

import dev.offload.DoubleCombiner;
import dev.offload.LongCombiner;
import dev.offload.TestDevices;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.jocl.CL.*;

/**
 * A test-only launcher for translated kernels on the first OpenCL device (PoCL here), with JOCL directly: it sets
 * the arguments exactly as {@link TranslatedKernel} documents, takes the captured values from the lambda itself,
 * and copies written arrays back into the very Java arrays the lambda captured. Stands in for the library's launch
 * path of the library. A captured device array is read with its {@code toArray()} and written back with {@code set}.
 */
final class ClHarness implements AutoCloseable {
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_device_id device;
    /** Extra build options, for example the correctly-rounded fp32 division. */
    String extraOptions = "";
    boolean contiguous;
    long global1D = 37;
    long local1D = 0;

    private ClHarness(cl_context context, cl_command_queue queue, cl_device_id device) {
        this.context = context;
        this.queue = queue;
        this.device = device;
    }

    /** Opens the first OpenCL device; fails in CI, or skips elsewhere, when there is none. */
    static ClHarness open() {
        TestDevices.requireOpenCl();
        CL.setExceptionsEnabled(true);
        cl_platform_id[] platforms = new cl_platform_id[1];
        clGetPlatformIDs(1, platforms, null);
        cl_device_id[] devices = new cl_device_id[1];
        clGetDeviceIDs(platforms[0], CL_DEVICE_TYPE_ALL, 1, devices, null);
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platforms[0]);
        cl_context ctx = clCreateContext(props, 1, devices, null, null, null);
        @SuppressWarnings("deprecation")
        cl_command_queue q = clCreateCommandQueue(ctx, devices[0], 0, null);
        return new ClHarness(ctx, q, devices[0]);
    }

    @Override
    public void close() {
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

    static SerializedLambda serialized(Object lambda) {
        try {
            Method m = lambda.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return (SerializedLambda) m.invoke(lambda);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Builds {@code k} and returns the kernel, failing with the build log. */
    cl_kernel build(TranslatedKernel k) {
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {k.source()}, null, null);
        String options = "-cl-std=CL1.2 -D OFFLOAD_CONTIGUOUS=" + (contiguous ? 1 : 0) + " " + extraOptions;
        try {
            clBuildProgram(program, 0, null, options, null, null);
        } catch (RuntimeException e) {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            throw new AssertionError("PoCL build failed: " + new String(log) + "\n" + Clang.numbered(k.source()), e);
        }
        cl_kernel kernel = clCreateKernel(program, k.name(), null);
        clReleaseProgram(program);
        return kernel;
    }

    /** The arguments of the captured values; returns the buffers of arrays, in param order (null for scalars). */
    private List<cl_mem> setParams(cl_kernel kernel, TranslatedKernel k, Object lambda, int[] arg) {
        SerializedLambda s = serialized(lambda);
        List<cl_mem> buffers = new ArrayList<>();
        for (KernelParam p : k.params()) {
            Object v = s.getCapturedArg(p.captureIndex());
            if (p.isArray()) {
                Object array = p.kind() == ParamKind.DEVICE_ARRAY ? backing(v) : v;
                int length = java.lang.reflect.Array.getLength(array);
                Pointer ptr = pointer(array);
                long bytes = (long) Math.max(length, 1) * p.type().elementBytes();
                cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
                if (length > 0) {
                    clEnqueueWriteBuffer(queue, mem, CL_TRUE, 0, (long) length * p.type().elementBytes(), ptr, 0, null, null);
                }
                buffers.add(mem);
                clSetKernelArg(kernel, arg[0]++, Sizeof.cl_mem, Pointer.to(mem));
                clSetKernelArg(kernel, arg[0]++, Sizeof.cl_int, Pointer.to(new int[] {length}));
            } else {
                buffers.add(null);
                switch (p.type()) {
                    case BOOLEAN -> setInt(kernel, arg[0]++, ((Boolean) v) ? 1 : 0);
                    case BYTE -> clSetKernelArg(kernel, arg[0]++, 1, Pointer.to(new byte[] {(Byte) v}));
                    case SHORT -> clSetKernelArg(kernel, arg[0]++, 2, Pointer.to(new short[] {(Short) v}));
                    case CHAR -> clSetKernelArg(kernel, arg[0]++, 2, Pointer.to(new char[] {(Character) v}));
                    case INT -> setInt(kernel, arg[0]++, (Integer) v);
                    case LONG -> clSetKernelArg(kernel, arg[0]++, 8, Pointer.to(new long[] {(Long) v}));
                    case FLOAT -> clSetKernelArg(kernel, arg[0]++, 4, Pointer.to(new float[] {(Float) v}));
                    case DOUBLE -> clSetKernelArg(kernel, arg[0]++, 8, Pointer.to(new double[] {(Double) v}));
                }
            }
        }
        return buffers;
    }

    private final java.util.Map<Object, Object> hostCopies = new java.util.IdentityHashMap<>();

    /** A device array's contents as a Java array: its {@code toArray()}, made once per run and written back after. */
    private Object backing(Object deviceArray) {
        return hostCopies.computeIfAbsent(deviceArray, d -> {
            try {
                return d.getClass().getMethod("toArray").invoke(d);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("not a device array: " + d.getClass(), e);
            }
        });
    }

    private static void writeDevice(Object deviceArray, Object array) {
        try {
            Class<?> element = array.getClass().getComponentType();
            Method set = deviceArray.getClass().getMethod("set", int.class, element);
            for (int i = 0; i < java.lang.reflect.Array.getLength(array); i++) {
                set.invoke(deviceArray, i, java.lang.reflect.Array.get(array, i));
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void setInt(cl_kernel kernel, int index, int value) {
        clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {value}));
    }

    private static Pointer pointer(Object array) {
        return switch (array) {
            case boolean[] z -> {
                byte[] b = new byte[z.length];
                for (int i = 0; i < z.length; i++) {
                    b[i] = (byte) (z[i] ? 1 : 0);
                }
                yield Pointer.to(b);
            }
            case byte[] b -> Pointer.to(b);
            case short[] s -> Pointer.to(s);
            case char[] c -> Pointer.to(c);
            case int[] i -> Pointer.to(i);
            case long[] l -> Pointer.to(l);
            case float[] f -> Pointer.to(f);
            case double[] d -> Pointer.to(d);
            default -> throw new AssertionError("not a primitive array: " + array.getClass());
        };
    }

    private void readBack(TranslatedKernel k, Object lambda, List<cl_mem> buffers) {
        SerializedLambda s = serialized(lambda);
        for (int j = 0; j < k.params().size(); j++) {
            KernelParam p = k.params().get(j);
            cl_mem mem = buffers.get(j);
            if (mem == null) {
                continue;
            }
            Object v = s.getCapturedArg(p.captureIndex());
            Object array = p.kind() == ParamKind.DEVICE_ARRAY ? backing(v) : v;
            int length = java.lang.reflect.Array.getLength(array);
            if (p.written() && length > 0) {
                if (array instanceof boolean[] z) {
                    byte[] b = new byte[z.length];
                    clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, b.length, Pointer.to(b), 0, null, null);
                    for (int i = 0; i < z.length; i++) {
                        z[i] = b[i] != 0;
                    }
                } else {
                    clEnqueueReadBuffer(queue, mem, CL_TRUE, 0, (long) length * p.type().elementBytes(),
                            pointer(array), 0, null, null);
                }
            }
            clReleaseMemObject(mem);
            if (p.kind() == ParamKind.DEVICE_ARRAY && p.written()) {
                writeDevice(v, array);
            }
        }
        hostCopies.clear();
    }

    private int[] faults(cl_mem faults) {
        int[] f = new int[4];
        clEnqueueReadBuffer(queue, faults, CL_TRUE, 0, 16, Pointer.to(f), 0, null, null);
        clReleaseMemObject(faults);
        return f;
    }

    private cl_mem faultBuffer() {
        return clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, 16, Pointer.to(new int[4]), null);
    }

    /** Runs a FOR_1D kernel over {@code [0, n)}; returns the faults array. */
    int[] run1D(TranslatedKernel k, Object body, int n) {
        cl_kernel kernel = build(k);
        try {
            int[] arg = {0};
            List<cl_mem> buffers = setParams(kernel, k, body, arg);
            setInt(kernel, arg[0]++, n);
            cl_mem faults = faultBuffer();
            clSetKernelArg(kernel, arg[0], Sizeof.cl_mem, Pointer.to(faults));
            clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {global1D},
                    local1D == 0 ? null : new long[] {local1D}, 0, null, null);
            clFinish(queue);
            readBack(k, body, buffers);
            return faults(faults);
        } finally {
            clReleaseKernel(kernel);
        }
    }

    /** Runs a FOR_2D kernel with global size {@code {g0, g1}} (dimension 0 = columns); returns the faults. */
    int[] run2D(TranslatedKernel k, Object body, int rows, int cols, long g0, long g1) {
        cl_kernel kernel = build(k);
        try {
            int[] arg = {0};
            List<cl_mem> buffers = setParams(kernel, k, body, arg);
            setInt(kernel, arg[0]++, rows);
            setInt(kernel, arg[0]++, cols);
            cl_mem faults = faultBuffer();
            clSetKernelArg(kernel, arg[0], Sizeof.cl_mem, Pointer.to(faults));
            clEnqueueNDRangeKernel(queue, kernel, 2, null, new long[] {g0, g1}, null, 0, null, null);
            clFinish(queue);
            readBack(k, body, buffers);
            return faults(faults);
        } finally {
            clReleaseKernel(kernel);
        }
    }

    /** The result of a reduction: the partials folded on the host, and the faults. */
    record Reduced(long longValue, double doubleValue, int[] faults) {
    }

    /**
     * Runs a reduction kernel with {@code groups} work-groups of {@code local} items; folds the partials with the
     * combiner (sums with +), starting from {@code identity}.
     */
    Reduced reduce(TranslatedKernel k, Object term, Object combiner, int n, long identityBits, int groups, int local) {
        cl_kernel kernel = build(k);
        boolean isDouble = k.shape() == KernelShape.SUM_DOUBLE || k.shape() == KernelShape.REDUCE_DOUBLE;
        try {
            int[] arg = {0};
            List<cl_mem> buffers = setParams(kernel, k, term, arg);
            setInt(kernel, arg[0]++, n);
            if (k.shape() == KernelShape.REDUCE_LONG || k.shape() == KernelShape.REDUCE_DOUBLE) {
                clSetKernelArg(kernel, arg[0]++, 8, Pointer.to(new long[] {identityBits}));
            }
            cl_mem partials = clCreateBuffer(context, CL_MEM_READ_WRITE, 8L * groups, null, null);
            clSetKernelArg(kernel, arg[0]++, Sizeof.cl_mem, Pointer.to(partials));
            clSetKernelArg(kernel, arg[0]++, 8L * local, null);
            cl_mem faults = faultBuffer();
            clSetKernelArg(kernel, arg[0], Sizeof.cl_mem, Pointer.to(faults));
            clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {(long) groups * local}, new long[] {local},
                    0, null, null);
            clFinish(queue);
            long[] p = new long[groups];
            clEnqueueReadBuffer(queue, partials, CL_TRUE, 0, 8L * groups, Pointer.to(p), 0, null, null);
            clReleaseMemObject(partials);
            readBack(k, term, buffers);
            long acc = k.shape() == KernelShape.SUM_LONG || k.shape() == KernelShape.SUM_DOUBLE ? 0 : identityBits;
            double dacc = Double.longBitsToDouble(acc);
            for (long v : p) {
                if (isDouble) {
                    double d = Double.longBitsToDouble(v);
                    dacc = combiner == null ? dacc + d : ((DoubleCombiner) combiner).apply(dacc, d);
                } else {
                    acc = combiner == null ? acc + v : ((LongCombiner) combiner).apply(acc, v);
                }
            }
            return new Reduced(acc, dacc, faults(faults));
        } finally {
            clReleaseKernel(kernel);
        }
    }
}
