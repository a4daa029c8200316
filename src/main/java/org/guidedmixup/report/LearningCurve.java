package org.guidedmixup.report;

import org.guidedmixup.train.output.EpochMetrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws training loss and test top-1 per epoch as a small PNG (plain Java2D: no plotting library). */
public final class LearningCurve {
    private static final int W = 640;
    private static final int H = 360;
    private static final int PAD = 50;

    private LearningCurve() {
    }

    public static void write(List<EpochMetrics> epochs, String title, OutputStream out) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartCanvas.open(img);
        g.drawString(title, PAD, 20);
        g.drawRect(PAD, PAD - 10, W - 2 * PAD, H - 2 * PAD);
        int n = epochs.size();
        double maxLoss = 1e-9;
        for (EpochMetrics e : epochs) {
            if (Double.isFinite(e.loss())) {
                maxLoss = Math.max(maxLoss, e.loss());
            }
        }
        g.drawString("epoch", W / 2 - 15, H - 12);
        g.drawString(String.format(Locale.ROOT, "loss (max %.3f)", maxLoss), 5, PAD - 15);
        g.drawString("top-1 (0..1)", W - PAD - 60, PAD - 15);
        // At most ~15 epoch labels, and a scale on both axes (loss on the left, top-1 on the right).
        int every = Math.max(1, (n + 14) / 15);
        for (int i = 0; i < n; i += every) {
            g.drawString(Integer.toString(epochs.get(i).epoch()), x(i, n) - 3, H - PAD + 25);
        }
        for (int k = 0; k <= 4; k++) {
            int y = (int) Math.round(H - PAD - (H - 2 * PAD - 10) * k / 4.0);
            g.setColor(new Color(235, 235, 235));
            g.drawLine(PAD + 1, y, W - PAD - 1, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", maxLoss * k / 4), 8, y + 4);
            g.drawString(String.format(Locale.ROOT, "%.2f", k / 4.0), W - PAD + 6, y + 4);
        }
        plot(g, epochs, n, true, maxLoss, new Color(200, 60, 40));
        plot(g, epochs, n, false, 1.0, new Color(40, 90, 200));
        g.setColor(new Color(200, 60, 40));
        g.drawString("train loss", PAD + 10, H - PAD - 8);
        g.setColor(new Color(40, 90, 200));
        g.drawString("test top-1", PAD + 90, H - PAD - 8);
        g.dispose();
        ImageIO.write(img, "png", out);
    }

    private static void plot(Graphics2D g, List<EpochMetrics> epochs, int n, boolean loss, double max, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < n; i++) {
            EpochMetrics e = epochs.get(i);
            Double v = loss ? Double.valueOf(e.loss()) : e.top1();
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            int x = x(i, n);
            int y = (int) Math.round(H - PAD - (H - 2 * PAD - 10) * Math.min(1, v / max));
            g.fillOval(x - 3, y - 3, 6, 6);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }

    private static int x(int i, int n) {
        return n <= 1 ? W / 2 : PAD + 10 + (int) Math.round((W - 2 * PAD - 20) * (double) i / (n - 1));
    }
}
