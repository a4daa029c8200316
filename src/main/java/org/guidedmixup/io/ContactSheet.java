package org.guidedmixup.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A contact sheet of mixed rows, one row per example: source, partner, their saliency maps, the
 * source's mask (white = source, black = partner), the mixed image, and the two labels with their
 * weights. Images are scaled up with nearest neighbour so small datasets stay legible.
 */
public final class ContactSheet {
    private static final String[] HEADERS = {"source", "partner", "saliency src", "saliency partner", "mask", "mixed"};
    private static final int TEXT_WIDTH = 300;
    private static final int HEADER = 22;
    private static final int GAP = 4;

    private ContactSheet() {
    }

    /** One example: uint8 C x H x W images, H x W maps, and the caption lines. */
    public record Item(byte[] source, byte[] partner, double[] sourceSaliency, double[] partnerSaliency, double[] mask,
                       byte[] mixed, List<String> caption) {
    }

    public static void write(List<Item> items, int channels, int height, int width, OutputStream out) throws IOException {
        write(items, HEADERS, null, channels, height, width, out);
    }

    /**
     * @param headers the six columns' headers
     * @param note    a line above the sheet on what is not shown, or null; maps of NaN are drawn as
     *                light grey cells
     */
    public static void write(List<Item> items, String[] headers, String note, int channels, int height, int width,
                             OutputStream out) throws IOException {
        int scale = Math.max(1, (int) Math.ceil(96.0 / Math.max(height, width)));
        int cw = width * scale;
        int ch = height * scale;
        int cols = headers.length;
        int top = note == null ? HEADER : 2 * HEADER;
        int sheetW = cols * (cw + GAP) + TEXT_WIDTH;
        int sheetH = top + Math.max(1, items.size()) * (ch + GAP);
        BufferedImage sheet = new BufferedImage(sheetW, sheetH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheetW, sheetH);
        boolean text = true;
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            if (note != null) {
                g.drawString(note, 2, 15);
            }
            for (int c = 0; c < cols; c++) {
                g.drawString(headers[c], c * (cw + GAP) + 2, top - HEADER + 15);
            }
            g.drawString("labels (weight)", cols * (cw + GAP) + 4, top - HEADER + 15);
        } catch (RuntimeException | Error e) {
            // A JVM without fonts still gets the pictures.
            text = false;
        }
        for (int r = 0; r < items.size(); r++) {
            Item it = items.get(r);
            int y = top + r * (ch + GAP);
            BufferedImage[] cells = {
                    image(it.source(), channels, height, width),
                    image(it.partner(), channels, height, width),
                    map(it.sourceSaliency(), height, width, true),
                    map(it.partnerSaliency(), height, width, true),
                    map(it.mask(), height, width, false),
                    image(it.mixed(), channels, height, width)};
            for (int c = 0; c < cols; c++) {
                g.drawImage(cells[c], c * (cw + GAP), y, cw, ch, null);
            }
            if (text) {
                g.setColor(Color.BLACK);
                for (int l = 0; l < it.caption().size(); l++) {
                    g.drawString(it.caption().get(l), cols * (cw + GAP) + 4, y + 14 + 15 * l);
                }
            }
        }
        g.dispose();
        ImageIO.write(sheet, "png", out);
    }

    private static BufferedImage image(byte[] chw, int channels, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int hw = h * w;
        for (int p = 0; p < hw; p++) {
            int r = chw[p] & 0xff;
            int gr = channels == 3 ? chw[hw + p] & 0xff : r;
            int b = channels == 3 ? chw[2 * hw + p] & 0xff : r;
            img.setRGB(p % w, p / w, (r << 16) | (gr << 8) | b);
        }
        return img;
    }

    /** A map as grey: stretched to its own min..max for saliency, as is (0..1) for a mask. */
    private static BufferedImage map(double[] v, int h, int w, boolean stretch) {
        if (Double.isNaN(v[0])) {
            // Not shown (the run's maps cannot be recomputed here): a light grey cell.
            BufferedImage blank = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < h * w; p++) {
                blank.setRGB(p % w, p / w, 0xdddddd);
            }
            return blank;
        }
        double lo = 0;
        double hi = 1;
        if (stretch) {
            lo = Double.MAX_VALUE;
            hi = -Double.MAX_VALUE;
            for (int p = 0; p < h * w; p++) {
                lo = Math.min(lo, v[p]);
                hi = Math.max(hi, v[p]);
            }
        }
        double span = hi > lo ? hi - lo : 1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < h * w; p++) {
            int g = (int) Math.round(255 * Math.min(1, Math.max(0, (v[p] - lo) / span)));
            img.setRGB(p % w, p / w, (g << 16) | (g << 8) | g);
        }
        return img;
    }
}
