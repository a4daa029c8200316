package org.guidedmixup.io;

import org.guidedmixup.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding, conversion and every reject reason of a single record. */
class ImageDecoderTest {
    private static final ImageSpec GREY8 = new ImageSpec(1, 8, 8, false, 1 << 20);

    private static String reason(SourceRecord r, ImageSpec spec, int k) {
        DecodedImage d = ImageDecoder.decode(r, spec, k);
        assertTrue(d.isRejected(), "expected a reject");
        assertNull(d.pixels);
        return d.rejectReason;
    }

    @Test
    void pngRoundTripsExactlyInGreyAndRgb() {
        byte[] grey = new byte[64];
        byte[] rgb = new byte[3 * 64];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
            if (i < 64) {
                grey[i] = (byte) (i * 3);
            }
        }
        assertArrayEquals(grey, ImageDecoder.decodeStored(PngCodec.encode(grey, 1, 8, 8), 1));
        assertArrayEquals(rgb, ImageDecoder.decodeStored(PngCodec.encode(rgb, 3, 8, 8), 3));
        DecodedImage d = ImageDecoder.decode(SourceRecord.encoded(0, 1, "x.png", PngCodec.encode(rgb, 3, 8, 8)),
                new ImageSpec(3, 8, 8, false, 1 << 20), 2);
        assertFalse(d.isRejected());
        assertArrayEquals(rgb, d.pixels);
    }

    @Test
    void ownPngWriterIsReadBackExactlyByImageIoAtManySizes() {
        // One reused encoder (buffers and Deflater kept between images), sizes that change both
        // ways, random and flat content: ImageIO must read every file back to the same bytes.
        PngCodec.Encoder enc = new PngCodec.Encoder();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        int[][] shapes = {{1, 28, 28}, {3, 32, 32}, {1, 1, 1}, {3, 5, 17}, {1, 64, 3}, {3, 2, 2}, {1, 1, 9}, {3, 1, 4},
                {3, 6, 1}, {1, 28, 28}};
        for (int[] s : shapes) {
            byte[] px = new byte[s[0] * s[1] * s[2]];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (i % 3 == 0 ? rnd.nextInt(256) : 200);
            }
            byte[] png = enc.encode(px, s[0], s[1], s[2]);
            assertArrayEquals(px, ImageDecoder.decodeStored(png, s[0]), s[0] + "x" + s[1] + "x" + s[2]);
        }
        // Noise everywhere, and smooth ramps with noise: every branch of the Paeth choice (left, up,
        // upper-left, and their ties) many thousand times.
        for (int[] s : new int[][] {{1, 200, 200}, {3, 64, 96}}) {
            byte[] noise = new byte[s[0] * s[1] * s[2]];
            byte[] ramp = new byte[noise.length];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (byte) rnd.nextInt(256);
                ramp[i] = (byte) ((i % s[2]) * 3 + (i / s[2]) * 2 + rnd.nextInt(5));
            }
            assertArrayEquals(noise, ImageDecoder.decodeStored(enc.encode(noise, s[0], s[1], s[2]), s[0]));
            assertArrayEquals(ramp, ImageDecoder.decodeStored(enc.encode(ramp, s[0], s[1], s[2]), s[0]));
        }
    }

    @Test
    void channelsConvertGreyToRgbAndRgbToLuma() {
        byte[] rgb = new byte[3 * 64];
        java.util.Arrays.fill(rgb, 0, 64, (byte) 200);
        java.util.Arrays.fill(rgb, 64, 128, (byte) 100);
        java.util.Arrays.fill(rgb, 128, 192, (byte) 50);
        DecodedImage d = ImageDecoder.decode(SourceRecord.encoded(0, 0, "c.png", PngCodec.encode(rgb, 3, 8, 8)), GREY8, 1);
        assertEquals((200 * 299 + 100 * 587 + 50 * 114 + 500) / 1000, d.pixels[0] & 0xff);
        byte[] grey = new byte[64];
        java.util.Arrays.fill(grey, (byte) 77);
        DecodedImage g = ImageDecoder.decode(SourceRecord.raw(0, 0, "g", grey, 1, 8, 8), new ImageSpec(3, 8, 8, false, 100), 1);
        assertEquals(3 * 64, g.pixels.length);
        assertEquals(77, g.pixels[2 * 64 + 5]);
    }

    @Test
    void everyBadRecordIsRejectedWithItsReason(@TempDir Path dir) {
        assertTrue(reason(SourceRecord.encoded(1, 0, "bad.png", Images.corruptPng()), GREY8, 10).startsWith("damaged PNG image"));
        assertTrue(reason(SourceRecord.encoded(2, 0, "cut.jpg", Images.truncatedJpeg(64, 64)), new ImageSpec(3, 64, 64, false, 1 << 20), 10)
                .startsWith("damaged JPEG image"));
        assertTrue(reason(SourceRecord.encoded(3, 0, "r.bin", new byte[] {1, 2, 3, 4, 5}), GREY8, 10)
                .startsWith("not a PNG, JPEG or BMP image"));
        String size = reason(SourceRecord.encoded(4, 0, "big.png", Images.encode(Images.square(9, 8, false, 1), "png")), GREY8, 10);
        assertEquals("image is 9x8 but this run's images are 8x8; pass --resize 8x8 to resize such images", size);
        assertEquals("label 10 out of range: this run has 10 classes (labels 0..9); set --num-classes or fix the label",
                reason(SourceRecord.raw(5, 10, "x", new byte[64], 1, 8, 8), GREY8, 10));
        assertTrue(reason(SourceRecord.file(6, 0, dir.resolve("gone.png").toString()), GREY8, 10).startsWith("file not found: "));
        assertTrue(reason(SourceRecord.encoded(7, 0, "huge.png", Images.encode(Images.square(40, 40, false, 1), "png")),
                new ImageSpec(1, 40, 40, false, 1000), 10).contains("over the limit of 1000 (max-pixels)"));
        assertEquals("empty file: 0 bytes", reason(SourceRecord.encoded(8, 0, "e.png", new byte[0]), GREY8, 10));
    }

    @Test
    void resizeMakesOtherSizesFit() {
        byte[] png = Images.encode(Images.square(16, 12, false, 2), "png");
        DecodedImage d = ImageDecoder.decode(SourceRecord.encoded(0, 0, "s.png", png), new ImageSpec(1, 8, 8, true, 1 << 20), 1);
        assertFalse(d.isRejected());
        assertEquals(64, d.pixels.length);
    }

    @Test
    void jpegAndBmpDecodeToThePixelsWritten() {
        // BMP is lossless: every sample back exactly (ImageIO's path). JPEG takes the native path,
        // which must give what the JDK's own libjpeg gives for a baseline file (same integer IDCT
        // and upsampling), not merely "an image".
        java.awt.image.BufferedImage img = Images.square(8, 8, true, 3);
        for (String format : new String[] {"jpg", "bmp"}) {
            byte[] bytes = Images.encode(img, format);
            DecodedImage d = ImageDecoder.decode(SourceRecord.encoded(0, 0, "i." + format, bytes), new ImageSpec(3, 8, 8, false, 100), 1);
            assertFalse(d.isRejected(), format + ": " + d.rejectReason);
            byte[] want;
            try {
                want = ImageDecoder.toChannels(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes)), 3);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            assertArrayEquals(want, d.pixels, format);
            if (format.equals("bmp")) {
                assertArrayEquals(ImageDecoder.toChannels(img, 3), d.pixels, "BMP is lossless");
            }
        }
    }
}
