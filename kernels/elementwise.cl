/*
 * elementwise.cl: the skeleton of every elementwise map, out[i] = MAP(in[inOffset + i]).
 *
 * Kernels: one, named KERNEL_NAME (for example squares_i32_i64, squares_f64, or a user MapKernel's name).
 * Correct output: dev.offload.MapKernel#applyAsLong / #applyAsDouble (the Java half of the same kernel), run by the
 *   sequential Java backend (dev.offload.cpu.JavaBackend, "java-seq"), which every test compares against.
 * Specialised by the host (dev.offload.opencl.OpenClBackend), which prepends, in this order:
 *   #define IN_T, OUT_T        element types (int -> long, long -> long, double -> double)
 *   #define MAP(x)             the kernel's expression of x, cast to OUT_T
 *   #define KERNEL_NAME        the kernel's name
 *   #define CONTIGUOUS 0|1     launch layout (below)
 *   #pragma cl_khr_fp64        for double kernels
 *   #define WITH_FAULTS 1      for a kernel translated from Java (MapKernel.of): MAP(x) calls a translated function
 *                               that names faults and ofs (dev.offload.translate.TranslatedFunctions)
 *   the kernel's preamble      user helper functions, or the translated prelude and functions
 * Arguments: __global const IN_T *in, ulong inOffset (elements), __global OUT_T *out, ulong n (elements); with
 *   WITH_FAULTS also __global int *faults, the fault record of dev.offload.translate.TranslatedKernel (int[4], zeroed
 *   by the host; when faults[0] != 0 after the launch the host throws and discards out).
 * Launch contract: any global size and any local size (asked from the device per kernel, never assumed); every
 *   i in [0, n) is written exactly once. CONTIGUOUS 0 (GPUs): a grid-stride loop, so neighbouring work-items touch
 *   neighbouring elements (coalesced). CONTIGUOUS 1 (CPU devices): each work-item walks one contiguous slice, which
 *   keeps a CPU core streaming through its own cache lines.
 * Output contract: out[i] for i < n; nothing beyond n is touched.
 * Needs: OpenCL C 1.2 (64-bit long); cl_khr_fp64 for double kernels.
 */

#if defined(WITH_FAULTS) && WITH_FAULTS
#define OFFLOAD_FAULT_PARAM , __global int *faults
#define OFFLOAD_FAULT_LOCALS int offload_stop = 0; int *ofs = &offload_stop;
#else
#define OFFLOAD_FAULT_PARAM
#define OFFLOAD_FAULT_LOCALS
#endif

__kernel void KERNEL_NAME(__global const IN_T *in, const ulong inOffset, __global OUT_T *out, const ulong n
                          OFFLOAD_FAULT_PARAM) {
    OFFLOAD_FAULT_LOCALS
    const ulong items = get_global_size(0);
    const ulong id = get_global_id(0);
    __global const IN_T *src = in + inOffset;
#if CONTIGUOUS
    const ulong span = (n + items - 1) / items;
    const ulong begin = id * span;
    const ulong end = min(begin + span, n);
    for (ulong i = begin; i < end; i++) {
        out[i] = MAP(src[i]);
    }
#else
    for (ulong i = id; i < n; i += items) {
        out[i] = MAP(src[i]);
    }
#endif
}
