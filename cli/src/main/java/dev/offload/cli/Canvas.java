package dev.offload.cli;

/**
 * What {@link BarChart} draws with: rectangles, lines and text in pixels, y downwards. Implemented for SVG
 * ({@link SvgCanvas}) and Java2D ({@link Java2DCanvas}).
 */
interface Canvas {
    /** Where a text's x lies: at its start, middle or end. */
    enum Anchor { START, MIDDLE, END }

    /**
     * A filled rectangle.
     *
     * @param x       left
     * @param y       top
     * @param w       width
     * @param h       height
     * @param fill    color as {@code #rrggbb}
     * @param tooltip shown on hover where the format can (SVG {@code <title>}), or {@code null}
     */
    void rect(double x, double y, double w, double h, String fill, String tooltip);

    /**
     * A straight line.
     *
     * @param x1     start x
     * @param y1     start y
     * @param x2     end x
     * @param y2     end y
     * @param stroke color as {@code #rrggbb}
     * @param width  stroke width
     */
    void line(double x1, double y1, double x2, double y2, String stroke, double width);

    /**
     * One line of text.
     *
     * @param x      anchor x
     * @param y      baseline y
     * @param text   the text
     * @param anchor which part of the text lies at x
     * @param size   font size in pixels
     * @param bold   whether bold
     * @param fill   color as {@code #rrggbb}
     */
    void text(double x, double y, String text, Anchor anchor, int size, boolean bold, String fill);
}
