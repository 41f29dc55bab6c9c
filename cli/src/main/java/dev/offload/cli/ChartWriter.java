package dev.offload.cli;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison as bar charts of wall time: one panel per workload and size (their times differ by orders of
 * magnitude, so one shared axis would hide the small ones), bars per strategy and device, error bars over the
 * range of the repetitions. PNG through AWT, SVG through VectorGraphics2D (XChart's own vector back end); the
 * panels are painted onto one canvas either way.
 */
final class ChartWriter {
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 420;
    private static final int COLUMNS = 2;

    private ChartWriter() {
    }

    /**
     * Writes the chart; the format follows the file's extension.
     *
     * @throws IllegalArgumentException when the extension is neither .png nor .svg
     */
    static void write(List<Row> rows, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new IllegalArgumentException("chart file must end in .png or .svg: " + file);
        }
        List<CategoryChart> panels = panels(rows);
        int cols = Math.max(1, Math.min(COLUMNS, panels.size()));
        int rowsOfPanels = Math.max(1, (panels.size() + cols - 1) / cols);
        int width = cols * PANEL_WIDTH;
        int height = rowsOfPanels * PANEL_HEIGHT;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (svg) {
            VectorGraphics2D g = new VectorGraphics2D();
            paint(g, panels, cols, width, height);
            try (OutputStream out = Files.newOutputStream(file)) {
                Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
            }
        } else {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                paint(g, panels, cols, width, height);
            } finally {
                g.dispose();
            }
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer in this JVM");
            }
        }
    }

    private static void paint(Graphics2D g, List<CategoryChart> panels, int cols, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D p = (Graphics2D) g.create((i % cols) * PANEL_WIDTH, (i / cols) * PANEL_HEIGHT, PANEL_WIDTH,
                    PANEL_HEIGHT);
            try {
                panels.get(i).paint(p, PANEL_WIDTH, PANEL_HEIGHT);
            } finally {
                p.dispose();
            }
        }
    }

    private static List<CategoryChart> panels(List<Row> rows) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.correct() && r.wallNanos() > 0) {
                groups.computeIfAbsent(r.workload() + ", " + Units.count(r.size()) + " " + r.unit(),
                        k -> new ArrayList<>()).add(r);
            }
        }
        List<CategoryChart> panels = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : groups.entrySet()) {
            List<String> labels = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (Row r : e.getValue()) {
                labels.add(r.label());
                wall.add(r.wallNanos() / 1e6);
                // Symmetric bars only: half the range, clipped so that no bar reaches below zero.
                err.add(Math.min((r.wallMaxNanos() - r.wallMinNanos()) / 2e6, r.wallNanos() / 1e6));
            }
            CategoryChart c = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(e.getKey())
                    .xAxisTitle("").yAxisTitle("wall ms (median, bar: half the range)").build();
            c.getStyler().setLegendVisible(false);
            c.getStyler().setXAxisLabelRotation(30);
            c.getStyler().setChartBackgroundColor(Color.WHITE);
            c.getStyler().setToolTipsEnabled(false);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            c.getStyler().setErrorBarsColor(Color.DARK_GRAY);
            c.addSeries("wall", labels, wall, err);
            panels.add(c);
        }
        if (panels.isEmpty()) {
            CategoryChart c = new CategoryChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
                    .title("no correct rows to chart").build();
            c.addSeries("wall", List.of("none"), List.of(0.0));
            panels.add(c);
        }
        return panels;
    }
}
