package org.guidedmixup.io;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Lossy JPEG encoding of uint8 C x H x W pixels (grey or RGB), for large photos where lossless PNG
 * shards are several times the size of the (JPEG) source dataset: libjpeg-turbo, the system's
 * (with SIMD) or OpenCV's, the same bytes either way ({@link NativeImages}; baseline, standard
 * tables, 4:2:0 chroma), or ImageIO's writer for 4:4:4 colour and where no native library loads.
 * Read back with {@link ImageDecoder#decodeStored}.
 */
public final class JpegCodec {
    private JpegCodec() {
    }

    /** Keeps one ImageIO writer, image and output buffer per thread: not thread-safe. */
    public static final class Encoder implements ImageEncoder {
        private final int quality;
        private final boolean fullChroma;
        private byte[] interleaved = new byte[0];
        private ImageWriter writer;
        private ImageWriteParam param;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 14);
        private BufferedImage image;
        private int[] band = new int[0];

        /** @param quality 1..100, as in libjpeg (95 keeps pixels within a few levels of the input) */
        public Encoder(int quality) {
            this(quality, false);
        }

        /**
         * @param fullChroma colour at 4:4:4 (every pixel keeps its own chroma) instead of 4:2:0: through
         *                   the JDK's encoder, since OpenCV 4.5 has no sampling setting
         */
        public Encoder(int quality, boolean fullChroma) {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
            }
            this.quality = quality;
            this.fullChroma = fullChroma;
        }

        private void openImageIo() {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
            if (!writers.hasNext()) {
                throw new IllegalStateException("no JPEG writer available in this JVM");
            }
            writer = writers.next();
            param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
        }

        @Override
        public byte[] encode(byte[] chw, int channels, int height, int width) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("JPEG encoding takes 1 or 3 channels, got " + channels);
            }
            if (NativeImages.jpegAvailable() && !(fullChroma && channels == 3)) {
                if (interleaved.length < channels * height * width) {
                    interleaved = new byte[channels * height * width];
                }
                return NativeImages.get().encodeJpeg(chw, channels, height, width, quality, interleaved);
            }
            if (writer == null) {
                openImageIo();
            }
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
                writer.write(null, new IIOImage(image, null, fullChroma && channels == 3 ? fullChromaMetadata() : null), param);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** The writer's default metadata with every component sampled 1x1 (4:4:4). */
        private javax.imageio.metadata.IIOMetadata fullChromaMetadata() throws IOException {
            String format = "javax_imageio_jpeg_image_1.0";
            javax.imageio.metadata.IIOMetadata meta = writer.getDefaultImageMetadata(
                    new javax.imageio.ImageTypeSpecifier(image), param);
            org.w3c.dom.Element tree = (org.w3c.dom.Element) meta.getAsTree(format);
            org.w3c.dom.NodeList specs = tree.getElementsByTagName("componentSpec");
            for (int i = 0; i < specs.getLength(); i++) {
                org.w3c.dom.Element c = (org.w3c.dom.Element) specs.item(i);
                c.setAttribute("HsamplingFactor", "1");
                c.setAttribute("VsamplingFactor", "1");
            }
            meta.setFromTree(format, tree);
            return meta;
        }
    }
}
