package org.guidedmixup.chart;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.Plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** How this project's figures look and are written (JFreeChart: white background, light grid). */
public final class Charts {
    /** Colours of the methods, in the report's order (vanilla grey, then one colour per method). */
    public static final Color[] PALETTE = {new Color(120, 120, 120), new Color(230, 150, 30), new Color(150, 90, 190),
        new Color(90, 170, 220), new Color(30, 80, 200), new Color(200, 40, 40), new Color(40, 160, 80), Color.BLACK};

    private Charts() {
    }

    /** A chart in the project's light theme. */
    public static JFreeChart styled(JFreeChart chart) {
        StandardChartTheme.createJFreeTheme().apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        Plot p = chart.getPlot();
        p.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    public static void writePng(JFreeChart chart, int width, int height, OutputStream out) throws IOException {
        ChartUtils.writeChartAsPNG(out, chart, width, height);
    }

    /** Charts side by side in one PNG of {@code width} x {@code height}. */
    public static void writeSideBySide(Path png, int width, int height, JFreeChart... charts) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double w = (double) width / charts.length;
        for (int i = 0; i < charts.length; i++) {
            charts[i].draw(g, new Rectangle2D.Double(i * w, 0, w, height));
        }
        g.dispose();
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(img, "png", png.toFile());
    }
}
