package dev.offload;

/**
 * The measured cost of one family of calls on the device and on the parallel Java backend, and the choice between
 * them: whichever line is lower at the call's size.
 *
 * @param device the device's cost, transfers included
 * @param java   the parallel Java backend's cost
 */
record CostPair(CallCost device, CallCost java) {

    /** Whether a call moving {@code bytes} is expected to finish sooner on Java than on the device. */
    boolean javaIsFaster(long bytes) {
        return java.estimate(bytes) < device.estimate(bytes);
    }

    /**
     * Where the lines cross, in bytes: calls below it run on the side with the lower fixed cost, larger ones on the
     * other; {@link Long#MAX_VALUE} when the side with the lower fixed cost is also cheaper per byte.
     */
    long crossoverBytes() {
        double fixedGap = Math.abs((double) device.fixedNanos() - java.fixedNanos());
        double slopeGap = Math.abs(device.nanosPerByte() - java.nanosPerByte());
        boolean cheapFixedAlsoCheapPerByte = (java.fixedNanos() <= device.fixedNanos())
                == (java.nanosPerByte() <= device.nanosPerByte());
        if (cheapFixedAlsoCheapPerByte) {
            return Long.MAX_VALUE;
        }
        return (long) Math.min(Long.MAX_VALUE, fixedGap / slopeGap);
    }

    /** One line for the log: both costs and what follows from them. */
    String describe() {
        long cross = crossoverBytes();
        boolean javaFixedCheaper = java.fixedNanos() <= device.fixedNanos();
        String side = javaFixedCheaper ? "Java" : "the device";
        String other = javaFixedCheaper ? "the device" : "Java";
        String rule = cross == Long.MAX_VALUE ? "every call runs on " + side
                : "calls under " + cross + " bytes run on " + side + ", larger ones on " + other;
        return "device " + device + ", Java " + java + ": " + rule;
    }
}
