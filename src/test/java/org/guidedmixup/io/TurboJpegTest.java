package org.guidedmixup.io;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The system's TurboJPEG ({@link TurboJpeg}) and OpenCV's libjpeg-turbo give the same pixels and the
 * same encoded bytes, so a machine without {@code libturbojpeg0} writes the same shards
 * ({@code PillowDecodeFidelityTest} pins the pixels to Pillow's through whichever path loads).
 * CI installs the library ({@code .ci/run}), so there these tests must run, not skip.
 */
class TurboJpegTest {
    private static final String DIR = "/golden/decode/";

    @BeforeAll
    static void theLibraryLoads() {
        boolean loaded;
        try {
            TurboJpeg.load();
            loaded = true;
        } catch (RuntimeException | LinkageError e) {
            loaded = false;
            assertTrue(System.getenv("CI") == null, "CI installs libturbojpeg0, yet it did not load: " + e.getMessage());
        }
        assumeTrue(loaded, "libturbojpeg.so.0 is not installed here (apt-get install libturbojpeg0)");
        assertTrue(NativeImages.available(), "OpenCV's natives, the other path, load on linux-x86_64");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TurboJpegTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, "missing test resource " + DIR + name);
            return in.readAllBytes();
        }
    }

    private static void samePixels(String file, int reduce) throws IOException {
        byte[] jpg = resource(file);
        ImageHeader h = ImageHeader.read(jpg);
        NativeImages.Pixels cv = NativeImages.get().decode(jpg, h.grey(), reduce);
        byte[] opencv = Arrays.copyOf(cv.hwc(), cv.height() * cv.width() * cv.channels());
        NativeImages.Pixels tj = TurboJpeg.get().decode(jpg, h.width(), h.height(), h.grey(), reduce, new byte[0]);
        assertNotNull(tj, file + " at 1/" + reduce);
        assertEquals(cv.height() + "x" + cv.width() + "x" + cv.channels(), tj.height() + "x" + tj.width() + "x" + tj.channels(),
                file + " at 1/" + reduce + ": size");
        assertArrayEquals(opencv, Arrays.copyOf(tj.hwc(), opencv.length), file + " at 1/" + reduce + ": pixels");
    }

    @Test
    void decodesEveryGoldenJpegToOpenCvsPixelsAtEveryScale() throws IOException {
        for (String f : new String[] {"baseline420.jpg", "baseline422.jpg", "baseline444.jpg", "progressive.jpg", "grey.jpg",
            "big.jpg", "biggrey.jpg"}) {
            for (int reduce : new int[] {1, 2, 4, 8}) {
                samePixels(f, reduce);
            }
        }
    }

    @Test
    void encodesTheSameBytesAsOpenCv() {
        Random rnd = new Random(7);
        for (int[] shape : new int[][] {{3, 224, 224}, {3, 37, 53}, {1, 28, 28}, {1, 31, 17}}) {
            int c = shape[0];
            int h = shape[1];
            int w = shape[2];
            byte[] chw = new byte[c * h * w];
            // Smooth gradients plus noise: a photo-like signal, not only noise.
            for (int i = 0; i < chw.length; i++) {
                int p = i % (h * w);
                chw[i] = (byte) ((p / w) * 255 / h + (p % w) * 255 / w / 2 + rnd.nextInt(24));
            }
            byte[] hwc = new byte[chw.length];
            for (int q : new int[] {50, 90, 95, 100}) {
                interleaved(chw, c, h * w, hwc);
                byte[] viaTurbo = TurboJpeg.get().encode(hwc, c, h, w, q);
                byte[] viaOpenCv = NativeImages.get().openCvJpeg(hwc, c, h, w, q);
                assertArrayEquals(viaOpenCv, viaTurbo, c + "x" + h + "x" + w + " at quality " + q);
            }
        }
    }

    /** C x H x W to H x W x C in B, G, R order, as {@link NativeImages#encodeJpeg} hands pixels over. */
    private static void interleaved(byte[] chw, int c, int hw, byte[] hwc) {
        for (int p = 0; p < hw; p++) {
            for (int k = 0; k < c; k++) {
                hwc[p * c + k] = chw[(c - 1 - k) * hw + p];
            }
        }
    }

    @Test
    void aFileLibjpegWarnsAboutIsLeftToOpenCvWhichIgnoresTheWarningAsPillowDoes() throws IOException {
        byte[] jpg = resource("baseline420.jpg");
        ImageHeader h = ImageHeader.read(jpg);
        // Garbage between the header and the scan: libjpeg warns ("extraneous bytes before marker").
        int sos = sosOffset(jpg);
        byte[] warned = new byte[jpg.length + 3];
        System.arraycopy(jpg, 0, warned, 0, sos);
        warned[sos] = 1;
        warned[sos + 1] = 2;
        warned[sos + 2] = 3;
        System.arraycopy(jpg, sos, warned, sos + 3, jpg.length - sos);
        assertNull(TurboJpeg.get().decode(warned, h.width(), h.height(), false, 1, new byte[0]), "TurboJPEG reports it");
        NativeImages.Pixels px = NativeImages.get().decodeJpeg(warned, h.width(), h.height(), false, 1);
        assertNotNull(px, "decoded anyway, as Pillow does");
        NativeImages.Pixels clean = NativeImages.get().decode(jpg, false, 1);
        byte[] want = Arrays.copyOf(clean.hwc(), h.width() * h.height() * 3);
        assertArrayEquals(want, Arrays.copyOf(NativeImages.get().decodeJpeg(warned, h.width(), h.height(), false, 1).hwc(),
                want.length), "the same pixels as the clean file");
    }

    private static int sosOffset(byte[] jpg) {
        return markerOffset(jpg, 0xda);
    }

    private static int markerOffset(byte[] jpg, int marker) {
        for (int i = 2; i + 1 < jpg.length; i++) {
            if ((jpg[i] & 0xff) == 0xff && (jpg[i + 1] & 0xff) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker 0x" + Integer.toHexString(marker));
    }

    @Test
    void damagedDataIsNullNotACrash() throws IOException {
        byte[] jpg = resource("baseline420.jpg");
        ImageHeader h = ImageHeader.read(jpg);
        byte[] garbage = Arrays.copyOf(jpg, jpg.length);
        garbage[markerOffset(jpg, 0xc0) + 4] = 9; // a 9-bit sample precision: libjpeg's fatal "Unsupported JPEG data precision"
        assertNull(TurboJpeg.get().decode(garbage, h.width(), h.height(), false, 1, new byte[0]));
        assertNull(NativeImages.get().decodeJpeg(garbage, h.width(), h.height(), false, 1), "damaged through either path");
        assertNotNull(NativeImages.get().decode(jpg, false, 1));
        assertNull(NativeImages.get().decode(garbage, false, 1), "OpenCV alone: damaged, not the previous image again");
        // Still usable after a failure.
        assertNotNull(TurboJpeg.get().decode(jpg, h.width(), h.height(), false, 1, new byte[0]));
    }

    @Test
    void onlyScalesWhereTurboJpegPicksLibjpegsOwnFactor() {
        assertTrue(TurboJpeg.sameScale(403, 389, 1));
        assertTrue(TurboJpeg.sameScale(403, 389, 2));
        assertTrue(TurboJpeg.sameScale(403, 389, 8));
        // 3 px at 1/2 is 2 px, and so is 3 px at 5/8, a factor TurboJPEG tries first.
        assertFalse(TurboJpeg.sameScale(3, 3, 2));
    }
}
