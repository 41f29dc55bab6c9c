/*
 * reduce.cl: the skeleton of every reduction, two stages (the PyOpenCL reduction.py model).
 *
 * Kernels:
 *   KERNEL_NAME (stage 1, for example sum_squares_i32_i64): each work-group folds its share of in[inOffset .. +n)
 *     into one partial, partials[partialOffset + group].
 *   FINISH_NAME (stage 2, KERNEL_NAME with suffix _finish): one work-group folds partials[0 .. count) into out[0].
 * Correct output: dev.offload.ReduceKernel#mapInt/#combineLongs (or the double forms) folded from the neutral value,
 *   as the sequential Java backend ("java-seq") does; integer results are identical bit for bit, doubles may differ
 *   in the last bits because the additions happen in another order.
 * Specialised by the host (dev.offload.opencl.OpenClBackend), which prepends, in this order:
 *   #define IN_T, ACC_T        input and accumulator types: int -> long (64-bit accumulation), long -> long,
 *                               double -> double
 *   #define MAP(x)             the map of one element, of type ACC_T
 *   #define REDUCE(a, b)       the associative, commutative combine of two ACC_T
 *   #define NEUTRAL            the neutral value, of type ACC_T
 *   #define KERNEL_NAME, FINISH_NAME
 *   #define CONTIGUOUS 0|1     launch layout of stage 1, as in elementwise.cl
 *   #pragma cl_khr_fp64        for double kernels
 *   #define WITH_FAULTS 1      for a kernel translated from Java (ReduceKernel.ofInts(neutral, map, combine)...):
 *                               MAP and REDUCE call translated functions that name faults and ofs
 *   the kernel's preamble      user helper functions, or the translated prelude and functions
 * Arguments, stage 1: __global const IN_T *in, ulong inOffset, ulong n, __global ACC_T *partials,
 *   ulong partialOffset, __local ACC_T *scratch (local size x sizeof(ACC_T) bytes).
 * Arguments, stage 2: __global const ACC_T *partials, ulong count, __global ACC_T *out,
 *   __local ACC_T *scratch.
 * With WITH_FAULTS both stages take one more, __global int *faults, as elementwise.cl.
 * Launch contract: any global size that is a multiple of the local size; any local size (asked from the device per
 *   kernel; need not be a power of two). Stage 2 runs as exactly one work-group.
 * Output contract: stage 1 writes one partial per work-group (NEUTRAL for a group that got no elements); stage 2
 *   writes out[0].
 * Needs: OpenCL C 1.2 (64-bit long); cl_khr_fp64 for double kernels.
 */

/* Folds scratch[0 .. lsize) into scratch[0]; works for any local size, not only powers of two. */
#if defined(WITH_FAULTS) && WITH_FAULTS
#define OFFLOAD_FAULT_PARAM , __global int *faults
#define OFFLOAD_FAULT_LOCALS int offload_stop = 0; int *ofs = &offload_stop;
#define OFFLOAD_FOLD_PARAM , __global int *faults, int *ofs
#define OFFLOAD_FOLD_ARGS , faults, ofs
#else
#define OFFLOAD_FAULT_PARAM
#define OFFLOAD_FAULT_LOCALS
#define OFFLOAD_FOLD_PARAM
#define OFFLOAD_FOLD_ARGS
#endif

static ACC_T offload_group_fold(__local ACC_T *scratch, ACC_T acc OFFLOAD_FOLD_PARAM) {
    const uint lid = get_local_id(0);
    const uint lsize = get_local_size(0);
    scratch[lid] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    uint stride = 1;
    while (stride < lsize) {
        stride <<= 1;
    }
    for (stride >>= 1; stride > 0; stride >>= 1) {
        if (lid < stride && lid + stride < lsize) {
            scratch[lid] = REDUCE(scratch[lid], scratch[lid + stride]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return scratch[0];
}

__kernel void KERNEL_NAME(__global const IN_T *in, const ulong inOffset, const ulong n,
                          __global ACC_T *partials, const ulong partialOffset, __local ACC_T *scratch
                          OFFLOAD_FAULT_PARAM) {
    OFFLOAD_FAULT_LOCALS
    const ulong items = get_global_size(0);
    const ulong id = get_global_id(0);
    __global const IN_T *src = in + inOffset;
    ACC_T acc = NEUTRAL;
#if CONTIGUOUS
    const ulong span = (n + items - 1) / items;
    const ulong begin = id * span;
    const ulong end = min(begin + span, n);
    for (ulong i = begin; i < end; i++) {
        acc = REDUCE(acc, MAP(src[i]));
    }
#else
    for (ulong i = id; i < n; i += items) {
        acc = REDUCE(acc, MAP(src[i]));
    }
#endif
    acc = offload_group_fold(scratch, acc OFFLOAD_FOLD_ARGS);
    if (get_local_id(0) == 0) {
        partials[partialOffset + get_group_id(0)] = acc;
    }
}

__kernel void FINISH_NAME(__global const ACC_T *partials, const ulong count, __global ACC_T *out,
                          __local ACC_T *scratch OFFLOAD_FAULT_PARAM) {
    OFFLOAD_FAULT_LOCALS
    ACC_T acc = NEUTRAL;
    for (ulong i = get_local_id(0); i < count; i += get_local_size(0)) {
        acc = REDUCE(acc, partials[i]);
    }
    acc = offload_group_fold(scratch, acc OFFLOAD_FOLD_ARGS);
    if (get_local_id(0) == 0) {
        out[0] = acc;
    }
}
