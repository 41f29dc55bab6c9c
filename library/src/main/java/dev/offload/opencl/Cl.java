package dev.offload.opencl;

import dev.offload.DeviceException;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;

/** Small JOCL helpers: info queries and the translation of {@link CLException} into offload's exceptions. */
final class Cl {
    private Cl() {
    }

    static {
        // Every OpenCL status becomes a CLException, which the boundary methods translate; no status is ignored.
        CL.setExceptionsEnabled(true);
    }

    /** Makes sure the static initialiser (exceptions on) has run. Throws LinkageError when JOCL cannot load. */
    static void init() {
        // the static block does the work
    }

    /**
     * A JOCL pointer to a whole primitive array. JOCL pins the array only for the call it is passed to, so it may go
     * to blocking transfers and to {@code CL_MEM_COPY_HOST_PTR}, never to a non-blocking command.
     */
    static Pointer pointerTo(Object array) {
        // Tests, not a pattern switch, which would be bound through invokedynamic in every new JVM's first call.
        if (array instanceof byte[] a) {
            return Pointer.to(a);
        } else if (array instanceof short[] a) {
            return Pointer.to(a);
        } else if (array instanceof char[] a) {
            return Pointer.to(a);
        } else if (array instanceof int[] a) {
            return Pointer.to(a);
        } else if (array instanceof long[] a) {
            return Pointer.to(a);
        } else if (array instanceof float[] a) {
            return Pointer.to(a);
        } else if (array instanceof double[] a) {
            return Pointer.to(a);
        }
        throw new IllegalArgumentException("not a primitive array: " + array.getClass());
    }

    /** The OpenCL status name of a JOCL exception, e.g. {@code CL_OUT_OF_RESOURCES}. */
    static String statusName(CLException e) {
        String name = CL.stringFor_errorCode(e.getStatus());
        return name == null || name.isEmpty() ? "OpenCL status " + e.getStatus() : name;
    }

    /** A {@link DeviceException} for a failed OpenCL call, naming what was being done and the status. */
    static DeviceException failure(String what, CLException e) {
        return new DeviceException(what, statusName(e), e);
    }

    static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    /** A {@code cl_ulong} or {@code cl_bitfield} device property. */
    static long deviceLong(cl_device_id device, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    /** A {@code cl_uint} or {@code cl_bool} device property. */
    static int deviceInt(cl_device_id device, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    /** A {@code size_t} device property. */
    static long deviceSize(cl_device_id device, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    /** A {@code size_t} kernel work-group property, e.g. {@code CL_KERNEL_WORK_GROUP_SIZE}. */
    static long kernelWorkGroupSize(cl_kernel kernel, cl_device_id device, int param) {
        long[] v = new long[1];
        CL.clGetKernelWorkGroupInfo(kernel, device, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] buf) {
        int n = buf.length;
        while (n > 0 && buf[n - 1] == 0) {
            n--;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8).trim();
    }
}
