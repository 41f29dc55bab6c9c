package dev.offload.opencl;

import dev.offload.Device;
import dev.offload.Offload;
import dev.offload.OffloadException;

import java.util.stream.Collectors;

/**
 * Run in a forked JVM by {@link OpenClFallbackTest}: opens {@code auto}, then the explicit selectors {@code gpu} and
 * {@code opencl}, and prints one {@code key=value} line for each result (newlines in values escaped as {@code \n}).
 */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    /** Prints what {@code auto} chose and what explicit OpenCL selectors do. */
    public static void main(String[] args) {
        try (Offload off = Offload.open("auto")) {
            print("device.kind", off.device().kind().toString());
            print("device", off.device().describe());
            print("fallbackReason", off.fallbackReason());
            print("sumOfSquares", Long.toString(off.sumOfSquares(new int[] {1, 2, 3})));
        }
        print("devices", Offload.devices().stream().map(Device::id).collect(Collectors.joining(",")));
        print("openClUnavailableReason", Offload.openClUnavailableReason());
        for (String selector : new String[] {"gpu", "opencl"}) {
            try (Offload off = Offload.open(selector)) {
                print("open." + selector, "opened " + off.device().describe());
            } catch (OffloadException e) {
                print("open." + selector, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static void print(String key, String value) {
        System.out.println(key + "=" + String.valueOf(value).replace("\n", "\\n"));
    }
}
