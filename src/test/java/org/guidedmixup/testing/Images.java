package org.guidedmixup.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Small image files for reader and reject tests. */
public final class Images {
    private Images() {
    }

    /** A grey or RGB image with a bright square at a seed-dependent place on dim noise. */
    public static BufferedImage square(int h, int w, boolean rgb, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, rgb ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_BYTE_GRAY);
        int y0 = r.nextInt(Math.max(1, h / 2));
        int x0 = r.nextInt(Math.max(1, w / 2));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean in = y >= y0 && y < y0 + h / 3 && x >= x0 && x < x0 + w / 3;
                int v = in ? 200 + r.nextInt(56) : r.nextInt(60);
                int rgbv = rgb ? (v << 16) | (((v * 3) & 0xff) << 8) | (255 - v) : (v << 16) | (v << 8) | v;
                img.setRGB(x, y, rgbv);
            }
        }
        return img;
    }

    public static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG signature followed by garbage. */
    public static byte[] corruptPng() {
        byte[] b = new byte[300];
        new SplittableRandom(3).nextBytes(b);
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        return b;
    }

    /** The first half of a valid JPEG. */
    public static byte[] truncatedJpeg(int h, int w) {
        byte[] jpg = encode(square(h, w, true, 5), "jpg");
        return Arrays.copyOf(jpg, jpg.length / 2);
    }
}
