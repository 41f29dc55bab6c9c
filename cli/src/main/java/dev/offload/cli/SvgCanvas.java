package dev.offload.cli;

import java.util.Locale;

/** A {@link Canvas} that writes SVG 1.1 elements, text as {@code <text>} (no glyph outlines). */
final class SvgCanvas implements Canvas {
    private final StringBuilder sb = new StringBuilder();

    /**
     * An empty picture.
     *
     * @param width  in pixels
     * @param height in pixels
     */
    SvgCanvas(int width, int height) {
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, String tooltip) {
        sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill).append('"');
        if (tooltip == null) {
            sb.append("/>\n");
        } else {
            sb.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        }
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String stroke, double width) {
        sb.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(n(width)).append("\"/>\n");
    }

    @Override
    public void text(double x, double y, String text, Anchor anchor, int size, boolean bold, String fill) {
        sb.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(size)
                .append('"');
        if (anchor != Anchor.START) {
            sb.append(" text-anchor=\"").append(anchor.name().toLowerCase(Locale.ROOT)).append('"');
        }
        if (bold) {
            sb.append(" font-weight=\"bold\"");
        }
        sb.append(" fill=\"").append(fill).append("\">").append(escape(text)).append("</text>\n");
    }

    /**
     * Closes the document.
     *
     * @return the finished SVG
     */
    String finish() {
        return sb + "</svg>\n";
    }

    /** Coordinates to 0.1 px: enough for a screen, and the file stays small. */
    private static String n(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 ? ' ' : c);
            }
        }
        return out.toString();
    }
}
