package dev.offload;

import java.util.List;

/**
 * Thrown by {@link Offload#open(String)} when no device matches the selector. The message names the selector and
 * every device that does exist, so the caller can pick one.
 */
public final class NoSuchDeviceException extends OffloadException {
    private static final long serialVersionUID = 1L;

    /** The selector that matched nothing. */
    private final String selector;

    /**
     * A selector that matched no device; the message lists {@code available}.
     *
     * @param selector  what the caller asked for
     * @param available the devices that exist
     * @param why       extra detail (for example why OpenCL could not be used), or null
     */
    public NoSuchDeviceException(String selector, List<Device> available, String why) {
        super(message(selector, available, why));
        this.selector = selector;
    }

    /**
     * The selector that matched nothing.
     *
     * @return the selector that matched nothing
     */
    public String selector() {
        return selector;
    }

    private static String message(String selector, List<Device> available, String why) {
        StringBuilder sb = new StringBuilder("no device matches \"").append(selector).append('"');
        if (why != null && !why.isBlank()) {
            sb.append(" (").append(why).append(')');
        }
        sb.append("; devices found:");
        int idWidth = available.stream().mapToInt(d -> d.id().length()).max().orElse(0);
        int kindWidth = available.stream().mapToInt(d -> d.kind().name().length()).max().orElse(0);
        for (Device d : available) {
            sb.append("\n  ").append(pad(d.id(), idWidth)).append("  ").append(pad(d.kind().name(), kindWidth))
                    .append("  ").append(d.name());
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
