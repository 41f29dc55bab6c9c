package dev.offload;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link Offload} drives its device, beyond which device it is: limits, transfer and kernel layout choices,
 * and the on-disk program cache. Immutable; every {@code with...} call returns a new instance. The defaults choose
 * everything by device, so most applications never need this class.
 *
 * <pre>{@code
 * OffloadOptions options = OffloadOptions.defaults()
 *         .withMaxAllocationBytes(64 << 20)            // chunk buffers past 64 MiB
 *         .withTransfer(OffloadOptions.Transfer.STAGED)
 *         .withoutProgramCache();
 * try (Offload off = Offload.open("opencl", options)) {
 *     long ss = off.sumOfSquares(xs);
 * }
 * }</pre>
 *
 * <p>Options travel with the open call to the backend ({@code BackendProvider.open(Device, OffloadOptions)}); nothing
 * below reads a global setting, so differently configured instances can live side by side in one JVM (tests run
 * in parallel). The Java backends ignore the OpenCL options.
 *
 * <p>The system properties below are a fallback for the command line and the build's test hooks, read in one
 * place, {@link #fromSystemProperties()}, which {@link Offload#open()} and {@link Offload#open(String)} use:
 * {@value #MAX_ALLOC_PROPERTY}, {@value #TRANSFER_PROPERTY} ({@code staged|mapped}), {@value #LAYOUT_PROPERTY}
 * ({@code contiguous|grid-stride}), {@value #MAX_LOCAL_PROPERTY} and {@value #PROGRAM_CACHE_PROPERTY}
 * ({@code off} or a folder).
 */
public final class OffloadOptions {
    /** System property read by {@link #fromSystemProperties()}: {@link #withMaxAllocationBytes}. */
    public static final String MAX_ALLOC_PROPERTY = "offload.opencl.maxAllocBytes";
    /** System property read by {@link #fromSystemProperties()}: {@link #withTransfer}, {@code staged|mapped}. */
    public static final String TRANSFER_PROPERTY = "offload.opencl.transfer";
    /** System property read by {@link #fromSystemProperties()}: {@link #withLayout}, {@code contiguous|grid-stride}. */
    public static final String LAYOUT_PROPERTY = "offload.opencl.layout";
    /** System property read by {@link #fromSystemProperties()}: {@link #withMaxLocalSize}. */
    public static final String MAX_LOCAL_PROPERTY = "offload.opencl.maxLocalSize";
    /** System property read by {@link #fromSystemProperties()}: {@code off} or the program cache's folder. */
    public static final String PROGRAM_CACHE_PROPERTY = "offload.programCache";

    /** How heap arrays reach an OpenCL device and come back. */
    public enum Transfer {
        /** By device: mapped where device memory is host memory (CPU devices, integrated GPUs), else staged. */
        AUTO,
        /** Through two pinned staging slots and {@code clEnqueueWrite/ReadBuffer} (the discrete-GPU path). */
        STAGED,
        /** By mapping the device buffer itself and filling it (zero-copy on host-unified memory). */
        MAPPED
    }

    /** How OpenCL work-items walk their elements. */
    public enum Layout {
        /** By device type: contiguous on CPU and accelerator devices, grid-stride on GPUs. */
        AUTO,
        /** Each work-item walks one contiguous slice (what CPU OpenCL runtimes run fastest). */
        CONTIGUOUS,
        /** A grid-stride loop over a few waves of work-groups (coalesced on GPUs). */
        GRID_STRIDE
    }

    private static final OffloadOptions DEFAULTS = new OffloadOptions(0, Transfer.AUTO, Layout.AUTO, 0, null, true);

    private final long maxAllocationBytes;
    private final Transfer transfer;
    private final Layout layout;
    private final long maxLocalSize;
    private final Path programCache;
    private final boolean programCacheOn;

    private OffloadOptions(long maxAllocationBytes, Transfer transfer, Layout layout, long maxLocalSize,
                           Path programCache, boolean programCacheOn) {
        this.maxAllocationBytes = maxAllocationBytes;
        this.transfer = transfer;
        this.layout = layout;
        this.maxLocalSize = maxLocalSize;
        this.programCache = programCache;
        this.programCacheOn = programCacheOn;
    }

    /**
     * Everything chosen by device; the program cache at its default location.
     *
     * @return the options
     */
    public static OffloadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults overridden by the system properties that are set (see the class comment): the one place that
     * reads them, for the command line and the build's test hooks.
     *
     * @throws IllegalArgumentException naming the property and its value when one is malformed
     * @return the options
     */
    public static OffloadOptions fromSystemProperties() {
        OffloadOptions o = DEFAULTS;
        String s = property(MAX_ALLOC_PROPERTY);
        if (s != null) {
            long v = parse(MAX_ALLOC_PROPERTY, s, "a number of bytes");
            if (v < 64) {
                throw new IllegalArgumentException(MAX_ALLOC_PROPERTY + " must be at least 64 bytes, not " + v);
            }
            o = o.withMaxAllocationBytes(v);
        }
        s = property(TRANSFER_PROPERTY);
        if (s != null) {
            o = o.withTransfer(switch (s) {
                case "staged" -> Transfer.STAGED;
                case "mapped" -> Transfer.MAPPED;
                default -> throw new IllegalArgumentException(TRANSFER_PROPERTY + " must be staged or mapped, not \""
                        + s + '"');
            });
        }
        s = property(LAYOUT_PROPERTY);
        if (s != null) {
            o = o.withLayout(switch (s) {
                case "contiguous" -> Layout.CONTIGUOUS;
                case "grid-stride" -> Layout.GRID_STRIDE;
                default -> throw new IllegalArgumentException(LAYOUT_PROPERTY + " must be contiguous or grid-stride,"
                        + " not \"" + s + '"');
            });
        }
        s = property(MAX_LOCAL_PROPERTY);
        if (s != null) {
            long v = parse(MAX_LOCAL_PROPERTY, s, "a work-group size of at least 1");
            if (v < 1) {
                throw new IllegalArgumentException(MAX_LOCAL_PROPERTY + " must be a work-group size of at least 1,"
                        + " not \"" + s + '"');
            }
            o = o.withMaxLocalSize(v);
        }
        s = property(PROGRAM_CACHE_PROPERTY);
        if (s != null) {
            o = s.equalsIgnoreCase("off") ? o.withoutProgramCache() : o.withProgramCache(Path.of(s));
        }
        return o;
    }

    private static String property(String name) {
        String s = System.getProperty(name);
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static long parse(String name, String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + what + ", not \"" + value + '"', e);
        }
    }

    /**
     * The largest single device buffer, in bytes, below the device's own {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}
     * (larger arrays are split into chunks); 0, the default, means the device's.
     *
     * @throws IllegalArgumentException when {@code bytes} is neither 0 nor at least 64
     * @param bytes the largest single buffer in bytes
     * @return the options
     */
    public OffloadOptions withMaxAllocationBytes(long bytes) {
        if (bytes != 0 && bytes < 64) {
            throw new IllegalArgumentException("the largest buffer must be 0 (the device's) or at least 64 bytes, not "
                    + bytes);
        }
        return new OffloadOptions(bytes, transfer, layout, maxLocalSize, programCache, programCacheOn);
    }

    /**
     * How arrays are copied to and from an OpenCL device.
     *
     * @param transfer how host arrays reach the device
     * @return the options
     */
    public OffloadOptions withTransfer(Transfer transfer) {
        Objects.requireNonNull(transfer, "transfer");
        return new OffloadOptions(maxAllocationBytes, transfer, layout, maxLocalSize, programCache, programCacheOn);
    }

    /**
     * How OpenCL work-items walk their elements.
     *
     * @param layout how work-items walk a range
     * @return the options
     */
    public OffloadOptions withLayout(Layout layout) {
        Objects.requireNonNull(layout, "layout");
        return new OffloadOptions(maxAllocationBytes, transfer, layout, maxLocalSize, programCache, programCacheOn);
    }

    /**
     * The largest work-group size to use, below the device's (any value from 1, powers of two or not); 0, the
     * default, means the device's. Small values exercise the kernels' group folds and scans.
     *
     * @throws IllegalArgumentException when {@code size} is negative
     * @param size the largest work-group size
     * @return the options
     */
    public OffloadOptions withMaxLocalSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("the largest work-group size must be 0 (the device's) or at least 1, not "
                    + size);
        }
        return new OffloadOptions(maxAllocationBytes, transfer, layout, size, programCache, programCacheOn);
    }

    /**
     * Caches built OpenCL programs in {@code folder} (made when missing).
     *
     * @param folder where built programs are kept
     * @return the options
     */
    public OffloadOptions withProgramCache(Path folder) {
        Objects.requireNonNull(folder, "folder");
        return new OffloadOptions(maxAllocationBytes, transfer, layout, maxLocalSize, folder, true);
    }

    /**
     * Builds every OpenCL program from source, reading and writing no cache.
     *
     * @return the options
     */
    public OffloadOptions withoutProgramCache() {
        return new OffloadOptions(maxAllocationBytes, transfer, layout, maxLocalSize, null, false);
    }

    /**
     * The largest single buffer in bytes, or 0 for the device's.
     *
     * @return the options
     */
    public long maxAllocationBytes() {
        return maxAllocationBytes;
    }

    /**
     * The transfer path.
     *
     * @return the options
     */
    public Transfer transfer() {
        return transfer;
    }

    /**
     * The kernel layout.
     *
     * @return the options
     */
    public Layout layout() {
        return layout;
    }

    /**
     * The largest work-group size, or 0 for the device's.
     *
     * @return the options
     */
    public long maxLocalSize() {
        return maxLocalSize;
    }

    /**
     * Whether built programs are cached on disk.
     *
     * @return the options
     */
    public boolean programCacheEnabled() {
        return programCacheOn;
    }

    /**
     * The program cache's folder when one was given; empty for the default location ({@code $OFFLOAD_PROGRAM_CACHE},
     * else {@code $XDG_CACHE_HOME/offload/programs}, else {@code ~/.cache/offload/programs}) or when caching is off.
     * @return the options
     */
    public Optional<Path> programCacheFolder() {
        return Optional.ofNullable(programCache);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OffloadOptions x && x.maxAllocationBytes == maxAllocationBytes && x.transfer == transfer
                && x.layout == layout && x.maxLocalSize == maxLocalSize && Objects.equals(x.programCache, programCache)
                && x.programCacheOn == programCacheOn;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAllocationBytes, transfer, layout, maxLocalSize, programCache, programCacheOn);
    }

    @Override
    public String toString() {
        return "OffloadOptions[maxAllocationBytes=" + maxAllocationBytes + ", transfer=" + transfer + ", layout="
                + layout + ", maxLocalSize=" + maxLocalSize + ", programCache="
                + (!programCacheOn ? "off" : programCache == null ? "default" : programCache) + "]";
    }
}
