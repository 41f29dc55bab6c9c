package dev.offload.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarChartTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The panel users complained about: 13 rows, six devices under 3 ms and task pools up to 828 ms. */
    static final List<String> LABELS = List.of("host java-seq", "resident java-seq", "host java", "resident java",
            "host opencl:0:0", "resident opencl:0:0", "sequential jvm", "map jvm", "threads(4) jvm",
            "processes(4) 4 jvms", "processes(cpuCount) 2 jvms", "threads() jvm", "virtualThreads() jvm");
    static final double[] MS = {1.2, 0.8, 1.1, 1.4, 1.8, 0.7, 0.5, 0.3, 1.2, 828, 65, 1.5, 2.9};

    static BarChart.Panel wordsPanel() {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (int i = 0; i < LABELS.size(); i++) {
            bars.add(new BarChart.Bar(LABELS.get(i), MS[i], MS[i] * 0.9, MS[i] * 1.2, MS[i] + " ms", "#4c78a8"));
        }
        return new BarChart.Panel("word_lengths_u8, 262,144 bytes", bars);
    }

    private static BarChart.Panel panel(double... values) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (double v : values) {
            bars.add(new BarChart.Bar("b" + v, v, Double.NaN, Double.NaN, v + " ms", "#000000"));
        }
        return new BarChart.Panel("p", bars);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        return dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document doc) {
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void svg_thirteenBars_oneTextLabelAndOneValuePerBar() throws Exception {
        BarChart chart = new BarChart("t", "ms", List.of(), List.of(wordsPanel()));
        Document doc = parse(chart.svg());
        List<String> texts = texts(doc);
        for (int i = 0; i < LABELS.size(); i++) {
            String label = LABELS.get(i);
            assertEquals(1, texts.stream().filter(label::equals).count(), () -> "label " + label + " in " + texts);
            String value = MS[i] + " ms";
            assertTrue(texts.contains(value), () -> "value " + value + " in " + texts);
        }
        NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        assertEquals(1 + LABELS.size(), rects.getLength(), "the background and one rect per bar");
        assertEquals(0, doc.getElementsByTagNameNS("*", "path").getLength(), "text as glyph outlines");
    }

    @Test
    void svg_labelsLeftOfTheirBarsOnTheSameRow() throws Exception {
        Document doc = parse(new BarChart("t", "ms", List.of(), List.of(wordsPanel())).svg());
        NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < LABELS.size(); i++) {
            org.w3c.dom.Element bar = (org.w3c.dom.Element) rects.item(i + 1);
            org.w3c.dom.Element label = null;
            for (int t = 0; t < texts.getLength(); t++) {
                if (texts.item(t).getTextContent().equals(LABELS.get(i))) {
                    label = (org.w3c.dom.Element) texts.item(t);
                }
            }
            assertNotNull(label);
            double barTop = Double.parseDouble(bar.getAttribute("y"));
            double barBottom = barTop + Double.parseDouble(bar.getAttribute("height"));
            double baseline = Double.parseDouble(label.getAttribute("y"));
            assertTrue(baseline > barTop && baseline - 4 < barBottom, "label " + LABELS.get(i) + " beside its bar");
            assertEquals("end", label.getAttribute("text-anchor"));
            assertTrue(Double.parseDouble(label.getAttribute("x")) <= Double.parseDouble(bar.getAttribute("x")));
        }
    }

    @Test
    void svg_smallAndEscaped() throws Exception {
        BarChart.Panel p = new BarChart.Panel("a < b & \"c\"", List.of(new BarChart.Bar("x<y", 1, 0.5, 2, "1 ms",
                "#000000")));
        String svg = new BarChart("t", "ms", List.of(new BarChart.Key("k & k", "#ffffff")), List.of(p)).svg();
        assertTrue(texts(parse(svg)).containsAll(List.of("a < b & \"c\"", "x<y", "k & k")));
        String big = new BarChart("t", "ms", List.of(), List.of(wordsPanel(), wordsPanel(), wordsPanel(),
                wordsPanel(), wordsPanel(), wordsPanel())).svg();
        assertTrue(big.length() < 60_000, "six panels of 13 bars take " + big.length() + " bytes");
    }

    @Test
    void logScale_spanOverTenTimes_log() {
        assertTrue(BarChart.logScale(wordsPanel()));
        assertTrue(BarChart.logScale(panel(1, 10.5)));
        assertTrue(BarChart.Scale.of(wordsPanel()).log());
    }

    @Test
    void logScale_spanAtMostTenTimes_linearFromZero() {
        assertFalse(BarChart.logScale(panel(1, 10)));
        assertFalse(BarChart.logScale(panel(1000, 8000)));   // the sleeping tasks: 1 s to 8 s
        BarChart.Scale s = BarChart.Scale.of(panel(1037, 8102));
        assertFalse(s.log());
        assertEquals(0, s.lo());
        assertTrue(s.hi() >= 8102 && s.hi() <= 10_000, "round end " + s.hi());
    }

    @Test
    void logScale_whiskersDoNotDecide() {
        BarChart.Panel p = new BarChart.Panel("p", List.of(
                new BarChart.Bar("a", 1, 0.01, 50, "", "#000000"), new BarChart.Bar("b", 5, 4, 6, "", "#000000")));
        assertFalse(BarChart.logScale(p));
    }

    @Test
    void scale_log_everyBarVisibleAndTicksAtDecades() {
        BarChart.Scale s = BarChart.Scale.of(wordsPanel());
        for (double v : MS) {
            assertTrue(s.fraction(v) > 0.05, "bar of " + v + " ms has length " + s.fraction(v));
        }
        assertTrue(s.fraction(828) > 0.9);
        assertEquals(List.of(0.1, 1.0, 10.0, 100.0, 1000.0), s.ticks().stream()
                .map(t -> Math.round(t * 1000) / 1000.0).toList());
        assertEquals("0.1", s.tickText(0.1));
        assertEquals("1,000", s.tickText(1000));
    }

    @Test
    void scale_linear_niceTicks() {
        BarChart.Scale s = BarChart.Scale.of(panel(0.55, 2.14));
        assertEquals(List.of("0", "0.5", "1.0", "1.5", "2.0", "2.5"), s.ticks().stream().map(s::tickText).toList());
        assertEquals(0, s.fraction(0));
    }

    @Test
    void png_sameSizeAsTheLayoutAndReadable() throws Exception {
        BarChart chart = new BarChart("t", "ms", List.of(), List.of(wordsPanel(), panel(1, 2)));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertNotNull(img);
        assertEquals(chart.width(), img.getWidth());
        assertEquals(chart.height(), img.getHeight());
    }

    @Test
    void textWidth_estimateCoversJava2DsSansSerif() {
        // Labels are right-aligned against their bars by estimated width; an estimate below the real width would
        // push a long label over the next column in the PNG.
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        for (String label : LABELS) {
            double real = font.getStringBounds(label, frc).getWidth();
            double estimate = BarChart.textWidth(label, 12);
            assertTrue(estimate >= real * 0.95 && estimate <= real * 1.35,
                    label + ": estimated " + estimate + ", drawn " + real);
        }
    }

    @Test
    void chartWriter_rows_panelPerWorkloadWrongRowsLabelledNaRowsLeftOut() throws Exception {
        List<Row> rows = new ArrayList<>(FormatsTest.ROWS);
        rows.add(Row.untimed(new Case("sum_i32_i64", "host", "opencl:0:1", 1000, "ints", false), true,
                "not supported"));
        List<String> texts = texts(parse(ChartWriter.chart(rows).svg()));
        assertTrue(texts.contains("sum_i32_i64, 1,000 ints"), texts::toString);
        assertTrue(texts.contains("host java-seq") && texts.contains("resident opencl:0:0"), texts::toString);
        assertTrue(texts.contains("broken x") && texts.contains("WRONG"), texts::toString);
        assertFalse(texts.contains("host opencl:0:1"), "n/a rows have no bar");
    }
}
