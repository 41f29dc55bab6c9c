package dev.offload.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Panels of horizontal bars with their labels beside them, drawn as SVG (labels are real {@code <text>}, so the file
 * is small, searchable and selectable) or as PNG through Java2D. One layout paints both through {@link Canvas}, so
 * the two formats show the same picture.
 *
 * <p>Each panel gets its own axis: linear from zero, or logarithmic when its values span more than {@link #LOG_SPAN}
 * (a task pool at 800 ms beside devices under 3 ms would otherwise flatten every device bar to nothing). Every bar
 * carries its value as text at its end, so the numbers read the same on either scale.
 *
 * <p>Text widths are estimated from a per-character table, not measured, so that SVG needs no AWT (a Java runtime
 * without {@code java.desktop}, as in the GPU kit, still writes SVG) and both formats share one layout.
 */
final class BarChart {
    /** Ratio of the largest to the smallest value of a panel above which its axis is logarithmic. */
    static final double LOG_SPAN = 10;

    private static final int MARGIN = 16;
    private static final int FONT = 12;
    private static final int SMALL = 11;
    private static final int TITLE_FONT = 14;
    private static final int ROW = 20;
    private static final int BAR = 13;
    private static final int HEADER = 52;
    private static final int PANEL_TITLE = 24;
    private static final int AXIS = 34;
    private static final int PLOT = 300;
    private static final int GAP_X = 36;
    private static final int GAP_Y = 18;
    private static final String INK = "#222222";
    private static final String GREY = "#666666";
    private static final String GRID = "#dddddd";
    private static final String WRONG = "#c0392b";

    /**
     * One bar.
     *
     * @param label     what the bar is, drawn to its left
     * @param value     its length in the panel's unit; NaN for a row without a bar (the text says why)
     * @param low       the left end of its whisker (fastest run), NaN for none
     * @param high      the right end of its whisker (slowest run), NaN for none
     * @param valueText drawn at the bar's end: its value, or why there is no bar
     * @param color     fill, as {@code #rrggbb}
     */
    record Bar(String label, double value, double low, double high, String valueText, String color) {
        boolean drawn() {
            return value > 0 && Double.isFinite(value);
        }
    }

    /**
     * One panel: a title, bars in order from top to bottom.
     *
     * @param title drawn above the bars
     * @param bars  the bars
     */
    record Panel(String title, List<Bar> bars) {
        Panel {
            bars = List.copyOf(bars);
        }
    }

    /**
     * An entry of the legend.
     *
     * @param label what the color means
     * @param color as {@code #rrggbb}
     */
    record Key(String label, String color) {
    }

    private final String title;
    private final String unit;
    private final List<Key> keys;
    private final List<Panel> panels;
    private final int labelWidth;
    private final int valueWidth;
    private final int panelWidth;
    private final int columns;
    private final int width;
    private final int height;

    /**
     * A chart, laid out at once.
     *
     * @param title  the line above everything
     * @param unit   the unit of the values, shown under each axis ({@code ms})
     * @param keys   the legend, may be empty
     * @param panels the panels, two per row when there are several
     */
    BarChart(String title, String unit, List<Key> keys, List<Panel> panels) {
        this.title = title;
        this.unit = unit;
        this.keys = List.copyOf(keys);
        this.panels = List.copyOf(panels);
        double labels = 0;
        double values = 0;
        for (Panel p : this.panels) {
            for (Bar b : p.bars()) {
                labels = Math.max(labels, textWidth(b.label(), FONT));
                values = Math.max(values, textWidth(b.valueText(), FONT));
            }
        }
        labelWidth = (int) Math.ceil(labels) + 10;
        valueWidth = (int) Math.ceil(values) + 12;
        int titles = 0;
        for (Panel p : this.panels) {
            titles = Math.max(titles, (int) Math.ceil(textWidth(p.title(), FONT + 1)));
        }
        panelWidth = Math.max(labelWidth + PLOT + valueWidth, titles);
        columns = this.panels.size() > 1 ? 2 : 1;
        width = 2 * MARGIN + columns * panelWidth + (columns - 1) * GAP_X;
        int h = MARGIN + HEADER;
        for (int i = 0; i < this.panels.size(); i += columns) {
            h += rowHeight(i) + GAP_Y;
        }
        height = h + MARGIN - GAP_Y;
    }

    /**
     * The picture's width.
     *
     * @return in pixels
     */
    int width() {
        return width;
    }

    /**
     * The picture's height.
     *
     * @return in pixels
     */
    int height() {
        return height;
    }

    /**
     * Whether a panel's axis is logarithmic: its bars (medians, not whisker ends: one noisy repetition should not
     * change the scale) span more than {@link #LOG_SPAN}.
     *
     * @param p the panel
     * @return true for a log axis
     */
    static boolean logScale(Panel p) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Bar b : p.bars()) {
            if (b.drawn()) {
                min = Math.min(min, b.value());
                max = Math.max(max, b.value());
            }
        }
        return max > 0 && max / min > LOG_SPAN;
    }

    /**
     * The chart as SVG.
     *
     * @return a standalone SVG document
     */
    String svg() {
        SvgCanvas c = new SvgCanvas(width, height);
        paint(c);
        return c.finish();
    }

    /**
     * The chart as PNG (needs the {@code java.desktop} module; works headless).
     *
     * @return the PNG file's bytes
     */
    byte[] png() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Java2DCanvas.png(width, height, this::paint, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // into memory: cannot happen
        }
    }

    private int panelHeight(Panel p) {
        return PANEL_TITLE + Math.max(1, p.bars().size()) * ROW + AXIS;
    }

    private int rowHeight(int firstPanel) {
        int h = 0;
        for (int i = firstPanel; i < Math.min(panels.size(), firstPanel + columns); i++) {
            h = Math.max(h, panelHeight(panels.get(i)));
        }
        return h;
    }

    void paint(Canvas c) {
        c.rect(0, 0, width, height, "#ffffff", null);
        c.text(MARGIN, MARGIN + TITLE_FONT, title, Canvas.Anchor.START, TITLE_FONT, true, INK);
        double x = MARGIN;
        double keyY = MARGIN + TITLE_FONT + 22;
        for (Key k : keys) {
            c.rect(x, keyY - 10, 12, 12, k.color(), null);
            c.text(x + 17, keyY, k.label(), Canvas.Anchor.START, SMALL, false, INK);
            x += 17 + textWidth(k.label(), SMALL) + 22;
        }
        int y = MARGIN + HEADER;
        for (int i = 0; i < panels.size(); i++) {
            int col = i % columns;
            paintPanel(c, panels.get(i), MARGIN + col * (panelWidth + GAP_X), y);
            if (col == columns - 1 || i == panels.size() - 1) {
                y += rowHeight(i - col) + GAP_Y;
            }
        }
    }

    private void paintPanel(Canvas c, Panel p, double x0, double y0) {
        c.text(x0, y0 + 15, p.title(), Canvas.Anchor.START, FONT + 1, true, INK);
        Scale s = Scale.of(p);
        double plotX = x0 + labelWidth;
        double top = y0 + PANEL_TITLE;
        double bottom = top + Math.max(1, p.bars().size()) * ROW;
        for (double t : s.ticks()) {
            double tx = plotX + s.fraction(t) * PLOT;
            c.line(tx, top, tx, bottom + 4, GRID, 1);
            c.text(tx, bottom + 16, s.tickText(t), Canvas.Anchor.MIDDLE, SMALL, false, GREY);
        }
        c.line(plotX, bottom, plotX + PLOT, bottom, "#888888", 1);
        c.line(plotX, top, plotX, bottom, "#888888", 1);
        c.text(plotX + PLOT, bottom + 30, unit + (s.log() ? ", log scale" : ""), Canvas.Anchor.END, SMALL, false,
                GREY);
        for (int i = 0; i < p.bars().size(); i++) {
            Bar b = p.bars().get(i);
            double mid = top + i * ROW + ROW / 2.0;
            c.text(plotX - 6, mid + 4, b.label(), Canvas.Anchor.END, FONT, false, INK);
            if (!b.drawn()) {
                c.text(plotX + 6, mid + 4, b.valueText(), Canvas.Anchor.START, FONT, true, WRONG);
                continue;
            }
            double end = plotX + s.fraction(b.value()) * PLOT;
            c.rect(plotX, mid - BAR / 2.0, Math.max(1, end - plotX), BAR, b.color(), b.label() + ": " + b.valueText());
            double textX = end;
            if (b.low() > 0 && b.high() > b.low()) {
                double lo = plotX + s.fraction(b.low()) * PLOT;
                double hi = plotX + s.fraction(b.high()) * PLOT;
                c.line(lo, mid, hi, mid, "#333333", 1);
                c.line(lo, mid - 4, lo, mid + 4, "#333333", 1);
                c.line(hi, mid - 4, hi, mid + 4, "#333333", 1);
                textX = Math.max(textX, hi);
            }
            c.text(textX + 5, mid + 4, b.valueText(), Canvas.Anchor.START, FONT, false, INK);
        }
    }

    /**
     * A panel's axis: linear from zero to a round number, or logarithmic between powers of ten.
     *
     * @param log whether logarithmic
     * @param lo  the value at the left end (0 when linear)
     * @param hi  the value at the right end
     */
    record Scale(boolean log, double lo, double hi) {
        static Scale of(Panel p) {
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (Bar b : p.bars()) {
                if (!b.drawn()) {
                    continue;
                }
                for (double v : new double[] {b.value(), b.low(), b.high()}) {
                    if (v > 0 && Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            if (max == 0) {
                return new Scale(false, 0, 1);
            }
            if (logScale(p)) {
                double lo = Math.pow(10, Math.floor(Math.log10(min)));
                if (lo >= min) {
                    lo /= 10;   // the shortest bar keeps a visible length
                }
                return new Scale(true, lo, Math.pow(10, Math.ceil(Math.log10(max))));
            }
            double step = niceStep(max / 5);
            return new Scale(false, 0, Math.ceil(max / step - 1e-9) * step);
        }

        /**
         * A round step for ticks.
         *
         * @param raw the least step wanted
         * @return 1, 2 or 5 times a power of ten, at least {@code raw}
         */
        static double niceStep(double raw) {
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (m * p >= raw * (1 - 1e-9)) {
                    return m * p;
                }
            }
            return 10 * p;
        }

        /**
         * Where a value lies, from 0 (left end) to 1 (right end).
         *
         * @param v the value
         * @return its fraction of the axis, clipped to [0, 1]
         */
        double fraction(double v) {
            double f = log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
            return Math.max(0, Math.min(1, f));
        }

        /**
         * Where the grid lines go.
         *
         * @return the values that get a grid line and a label
         */
        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            if (log) {
                for (double t = lo; t <= hi * 1.0001; t *= 10) {
                    out.add(t);
                }
            } else {
                double step = niceStep(hi / 5);
                for (int i = 0; i * step <= hi * 1.0001; i++) {
                    out.add(i * step);
                }
            }
            return out;
        }

        /**
         * A tick's label, with as many decimals as the ticks need.
         *
         * @param t the tick value
         * @return the label, with thousands separators
         */
        String tickText(double t) {
            double step = log ? t : niceStep(hi / 5);
            int decimals = t == 0 ? 0 : (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%,." + decimals + "f", t);
        }
    }

    /**
     * Estimated width of {@code s} in a sans-serif font (DejaVu Sans / Verdana-like), a little generous so that
     * labels never overlap their bars in the fonts a browser might pick.
     *
     * @param s    the text
     * @param size font size in pixels
     * @return the width in pixels
     */
    static double textWidth(String s, int size) {
        double em = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ("iljtfr.,:;|!'()[] ".indexOf(ch) >= 0) {
                em += 0.36;
            } else if ("mwMW@%".indexOf(ch) >= 0) {
                em += 0.92;
            } else if (Character.isUpperCase(ch)) {
                em += 0.72;
            } else {
                em += 0.62;
            }
        }
        return em * size;
    }
}
