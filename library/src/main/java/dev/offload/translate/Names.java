package dev.offload.translate;

/** C identifiers from Java names: letters, digits and underscores only. */
final class Names {
    private Names() {
    }

    static String sanitize(String javaName) {
        StringBuilder b = new StringBuilder(javaName.length());
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            b.append((c < 128 && Character.isLetterOrDigit(c)) ? c : '_');
        }
        return b.toString();
    }

    /** The simple name of an internal class name: {@code a/b/Outer$Inner} gives {@code Outer$Inner}. */
    static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
