package dev.offload.text;

/**
 * The 29 code points for which Python 3's {@code str.isspace()} is true, which is what {@code str.split()} splits on.
 * Java's {@link Character#isWhitespace(int)} is a different set: it leaves out U+0085, U+00A0, U+2007 and U+202F,
 * and holds nothing that Python's lacks (checked over every code point), so it is not used.
 */
public final class PythonWhitespace {
    private PythonWhitespace() {
    }

    /** Whether {@code cp} is whitespace for Python's {@code str.split()}. */
    public static boolean isSpace(int cp) {
        if (cp <= 0x20) {
            return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028
                || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** All 29 whitespace code points, ascending. */
    public static int[] all() {
        return java.util.stream.IntStream.rangeClosed(0, 0x3000).filter(PythonWhitespace::isSpace).toArray();
    }
}
