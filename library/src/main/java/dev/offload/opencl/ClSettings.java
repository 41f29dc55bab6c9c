package dev.offload.opencl;

import dev.offload.DeviceKind;
import dev.offload.ElementType;
import dev.offload.OffloadOptions;

/**
 * The {@link OffloadOptions} of one backend resolved against its device: every "by device" choice made, once, when
 * the backend opens.
 *
 * @param maxAllocBytes   the largest single buffer in bytes (the device's, or a smaller one from the options)
 * @param mappedTransfers whether heap arrays are copied by mapping the buffer itself (true) or through pinned staging
 * @param contiguous      whether kernels walk one contiguous slice per work-item (CPU devices) or grid-stride (GPUs)
 * @param maxLocalSize    a cap on every kernel's work-group size ({@link Long#MAX_VALUE}: none)
 * @param maxLaunchItems  the most work-items of one launch by group ({@link dev.offload.backend.Backend#maxLaunchItems})
 * @param sharedBuffers   whether small buffers are {@linkplain DevicePool.Shared shared} with the host: on mapped
 *                        transfers over host memory, where the device shares fine-grained SVM
 */
record ClSettings(long maxAllocBytes, boolean mappedTransfers, boolean contiguous, long maxLocalSize,
                  int maxLaunchItems, boolean sharedBuffers) {
    /**
     * PoCL compiles a kernel's work-group function per local size, per zero or other global offset, and per grid
     * below this many work-items or not ({@code grid_width_specialization_limit}, {@code USHRT_MAX} in PoCL 3.1).
     */
    static final int POCL_SMALL_GRID = 65535;

    /** The settings of {@code d} under {@code options}. */
    static ClSettings resolve(ClDevice d, OffloadOptions options) {
        long maxAlloc = options.maxAllocationBytes() == 0 ? d.device().maxAllocation()
                : Math.min(options.maxAllocationBytes(), d.device().maxAllocation());
        boolean mapped = switch (options.transfer()) {
            case AUTO -> d.hostUnifiedMemory();
            case MAPPED -> true;
            case STAGED -> false;
        };
        boolean contiguous = switch (options.layout()) {
            case AUTO -> d.device().kind() != DeviceKind.GPU;
            case CONTIGUOUS -> true;
            case GRID_STRIDE -> false;
        };
        long maxLocal = options.maxLocalSize() == 0 ? Long.MAX_VALUE : options.maxLocalSize();
        int maxLaunch = d.device().platform().contains("Portable Computing Language") ? POCL_SMALL_GRID - 1
                : Integer.MAX_VALUE;
        return new ClSettings(maxAlloc, mapped, contiguous, maxLocal, maxLaunch,
                mapped && d.hostUnifiedMemory() && d.fineGrainSvm());
    }

    /**
     * Elements per chunk for buffers of {@code type}: {@code unit * 8 / type.bytes()} with {@code unit = maxAlloc / 8},
     * so a chunk of a wider type always lies inside one chunk of a narrower one.
     */
    long chunkElements(ElementType type) {
        return Math.max(1, maxAllocBytes / 8) * (8 / type.bytes());
    }
}
