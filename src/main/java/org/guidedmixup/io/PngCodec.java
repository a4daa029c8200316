package org.guidedmixup.io;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/** Lossless PNG encoding of uint8 C x H x W pixels (grey or RGB) and back, for the shards. */
public final class PngCodec {
    static {
        ImageIO.setUseCache(false);
    }

    private PngCodec() {
    }

    /** Encodes one image; for many, keep an {@link Encoder}. */
    public static byte[] encode(byte[] chw, int channels, int height, int width) {
        return new Encoder().encode(chw, channels, height, width);
    }

    /**
     * Encodes the many images of a partition with one ImageIO PNG writer, one image buffer and one
     * output buffer, instead of looking up a writer and allocating them per image. Not thread-safe:
     * one per partition or thread.
     */
    public static final class Encoder {
        private final ImageWriter writer;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        private BufferedImage image;
        private int[] band = new int[0];

        public Encoder() {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
            if (!writers.hasNext()) {
                throw new IllegalStateException("no PNG writer available in this JVM");
            }
            writer = writers.next();
        }

        public byte[] encode(byte[] chw, int channels, int height, int width) {
            int type = channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR;
            if (image == null || image.getType() != type || image.getWidth() != width || image.getHeight() != height) {
                image = new BufferedImage(width, height, type);
            }
            int hw = height * width;
            if (band.length < hw) {
                band = new int[hw];
            }
            WritableRaster raster = image.getRaster();
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < hw; p++) {
                    band[p] = chw[c * hw + p] & 0xff;
                }
                raster.setSamples(0, 0, width, height, c, band);
            }
            bytes.reset();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(image);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** Decodes a PNG written by {@link #encode} back to C x H x W bytes. */
    public static byte[] decode(byte[] png, int channels) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            if (img == null) {
                throw new IllegalArgumentException("not a PNG image");
            }
            return ImageDecoder.toChannels(img, channels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
