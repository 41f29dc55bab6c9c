package dev.offload.cli;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * A {@link Canvas} on a Java2D image, for PNG. Kept apart from {@link BarChart} so that only PNG output loads AWT.
 */
final class Java2DCanvas implements Canvas {
    private final Graphics2D g;

    private Java2DCanvas(Graphics2D g) {
        this.g = g;
    }

    /**
     * Paints a picture and writes it as PNG.
     *
     * @param width   in pixels
     * @param height  in pixels
     * @param painter draws onto the canvas
     * @param out     receives the PNG
     * @throws IOException from {@code out}
     */
    static void png(int width, int height, Consumer<Canvas> painter, OutputStream out) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            painter.accept(new Java2DCanvas(g));
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("this Java runtime has no PNG writer");
        }
    }

    @Override
    public void rect(double x, double y, double w, double h, String fill, String tooltip) {
        g.setColor(Color.decode(fill));
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String stroke, double width) {
        g.setColor(Color.decode(stroke));
        g.setStroke(new BasicStroke((float) width));
        // Half-pixel offsets put 1-px lines on pixel centres, crisp instead of two grey rows.
        g.draw(new Line2D.Double(x1 + 0.5, y1 + 0.5, x2 + 0.5, y2 + 0.5));
    }

    @Override
    public void text(double x, double y, String text, Anchor anchor, int size, boolean bold, String fill) {
        g.setColor(Color.decode(fill));
        g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
        double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double left = switch (anchor) {
            case START -> x;
            case MIDDLE -> x - w / 2;
            case END -> x - w;
        };
        g.drawString(text, (float) left, (float) y);
    }
}
