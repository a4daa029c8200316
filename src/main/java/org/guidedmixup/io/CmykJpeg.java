package org.guidedmixup.io;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Four-component JPEGs (CMYK, and YCCK as Photoshop writes them) to RGB exactly as Pillow's
 * {@code Image.open(f).convert("RGB")} does: libjpeg's YCCK-to-CMYK conversion, the inversion of
 * Adobe files ({@code "CMYK;I"}), then Pillow's {@code cmyk2rgb}. OpenCV converts CMYK with a
 * formula of its own (a shift by 8 where Pillow divides by 255), so these few files (a few dozen in
 * ImageNet) take the JDK's reader, whose {@code readRaster} hands over the components unconverted.
 */
final class CmykJpeg {
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final long[] CR_G = new long[256];
    private static final long[] CB_G = new long[256];

    static {
        // libjpeg's build_ycc_rgb_table (jdcolor.c), 16-bit fixed point.
        long fixCrR = (long) (1.40200 * 65536 + 0.5);
        long fixCbB = (long) (1.77200 * 65536 + 0.5);
        long fixCrG = (long) (0.71414 * 65536 + 0.5);
        long fixCbG = (long) (0.34414 * 65536 + 0.5);
        for (int i = 0, x = -128; i < 256; i++, x++) {
            CR_R[i] = (int) ((fixCrR * x + 32768) >> 16);
            CB_B[i] = (int) ((fixCbB * x + 32768) >> 16);
            CR_G[i] = -fixCrG * x;
            CB_G[i] = -fixCbG * x + 32768;
        }
    }

    private CmykJpeg() {
    }

    /** Decodes a four-component JPEG to interleaved RGB (H x W x 3). */
    static byte[] decodeRgb(byte[] bytes, ImageHeader header) throws IOException {
        Raster raster = readRaster(bytes);
        int w = raster.getWidth();
        int h = raster.getHeight();
        boolean ycck = header.adobeTransform() == 2;
        boolean inverted = header.adobeTransform() >= 0;
        byte[] rgb = new byte[h * w * 3];
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int a = row[4 * x];
                int b = row[4 * x + 1];
                int c = row[4 * x + 2];
                int k = row[4 * x + 3];
                if (ycck) {
                    // jdcolor.c ycck_cmyk_convert: Y, Cb, Cr -> C, M, Y as 255 - R, G, B.
                    int luma = a;
                    a = clamp(255 - (luma + CR_R[c]));
                    int g = clamp(255 - (luma + (int) ((CB_G[b] + CR_G[c]) >> 16)));
                    c = clamp(255 - (luma + CB_B[b]));
                    b = g;
                }
                if (inverted) {
                    a = 255 - a;
                    b = 255 - b;
                    c = 255 - c;
                    k = 255 - k;
                }
                int nk = 255 - k;
                int o = (y * w + x) * 3;
                rgb[o] = (byte) clamp(nk - mulDiv255(a, nk));
                rgb[o + 1] = (byte) clamp(nk - mulDiv255(b, nk));
                rgb[o + 2] = (byte) clamp(nk - mulDiv255(c, nk));
            }
        }
        return rgb;
    }

    /** Pillow's MULDIV255: a * b / 255, rounded. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static Raster readRaster(byte[] bytes) throws IOException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            if (!readers.hasNext()) {
                throw new IOException("no JPEG reader in this JVM");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                Raster r = reader.readRaster(0, null);
                if (r.getNumBands() != 4) {
                    throw new IOException("expected 4 components, the reader gave " + r.getNumBands());
                }
                return r;
            } finally {
                reader.dispose();
            }
        }
    }
}
