package dev.offload.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartWriterTest {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @TempDir
    Path dir;

    @Test
    void write_png_isAReadablePngImage() throws Exception {
        Path f = dir.resolve("chart.png");
        ChartWriter.write(FormatsTest.ROWS, f);
        byte[] head = Arrays.copyOf(Files.readAllBytes(f), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img, "ImageIO cannot read the PNG");
        assertTrue(img.getWidth() >= 320 && img.getHeight() >= 200, img.getWidth() + "x" + img.getHeight());
    }

    @Test
    void write_svg_isWellFormedSvg() throws Exception {
        Path f = dir.resolve("chart.svg");
        ChartWriter.write(FormatsTest.ROWS, f);
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        // The SVG names a DTD; a test must not fetch it from the network.
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(f.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertTrue(Files.readString(f).contains("<svg"));
        assertTrue(doc.getElementsByTagNameNS("*", "text").getLength() > 0
                || doc.getElementsByTagNameNS("*", "path").getLength() > 0, "the SVG draws nothing");
    }

    @Test
    void write_otherExtension_throwsNamingTheFile() {
        Path f = dir.resolve("chart.gif");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChartWriter.write(FormatsTest.ROWS, f));
        assertTrue(e.getMessage().contains("chart.gif"), e.getMessage());
    }

    @Test
    void chartCommand_csvFromCompare_readsBackEveryRowAndDrawsPng() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, Formats.csv(FormatsTest.ROWS));
        java.util.List<Row> back = ChartCommand.read(Files.readString(csv));
        assertEquals(FormatsTest.ROWS.size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            Row a = FormatsTest.ROWS.get(i);
            Row b = back.get(i);
            assertEquals(a.label(), b.label());
            assertEquals(a.wallNanos(), b.wallNanos());
            assertEquals(a.correct(), b.correct());
            assertEquals(a.note(), b.note());
        }
        Path png = dir.resolve("t.png");
        Object[] r = CliParsingTest.run("chart", csv.toString(), "--out", png.toString());
        assertEquals(0, r[0], () -> "stderr: " + r[2]);
        assertNotNull(ImageIO.read(png.toFile()));
    }

    @Test
    void chartCommand_notOurCsv_usageErrorNamingTheFile() throws Exception {
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        Object[] r = CliParsingTest.run("chart", csv.toString(), "--out", dir.resolve("x.png").toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("other.csv"), () -> "stderr: " + r[2]);
    }
}
