package org.guidedmixup.io;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder against Pillow 9.4 (libjpeg-turbo) on the files of {@code golden/decode}, made by
 * {@code src/test/scripts/make-decode-golden.py} from real photographs: baseline 4:2:0, 4:2:2 and
 * 4:4:4, progressive, grey, colour to grey, grey to RGB, CMYK (Pillow's, Adobe-inverted), YCCK
 * (ImageMagick's, as Photoshop writes), a PNG named {@code .jpg}, and the DCT-domain reductions
 * of {@code draft} at 1/2, 1/4 and 1/8. Every pixel must be equal.
 */
class PillowDecodeFidelityTest {
    private static final String DIR = "/golden/decode/";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PillowDecodeFidelityTest.class.getResourceAsStream(DIR + name)) {
            assertNotNull(in, "missing test resource " + DIR + name);
            return in.readAllBytes();
        }
    }

    @TestFactory
    List<DynamicTest> everyCaseDecodesToPillowsPixels() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : new String(resource("cases.tsv"), StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split("\t");
            String name = f[0];
            String file = f[1];
            int channels = f[2].equals("L") ? 1 : 3;
            int reduce = Integer.parseInt(f[3]);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                ImageDecoder.Decoded got = ImageDecoder.decodeBytes(resource(file), channels, Long.MAX_VALUE, reduce);
                BufferedImage want = ImageIO.read(new ByteArrayInputStream(resource(name + ".expected.png")));
                assertEquals(want.getHeight() + "x" + want.getWidth(), got.height() + "x" + got.width(), name + ": size");
                byte[] expected = ImageDecoder.toChannels(want, channels);
                int differ = 0;
                int worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    int d = Math.abs((expected[i] & 0xff) - (got.chw()[i] & 0xff));
                    differ += d == 0 ? 0 : 1;
                    worst = Math.max(worst, d);
                }
                assertEquals(0, differ, name + ": " + differ + " of " + expected.length + " samples differ from Pillow's"
                        + " (by up to " + worst + ")");
            }));
        }
        assertEquals(14, tests.size(), "cases.tsv lists every case");
        return tests;
    }

    @Test
    void theNativeCodecLoadedHere() {
        // The equality above holds for ImageIO too on baseline files; this keeps the fast path honest.
        assertTrue(NativeImages.available(), "OpenCV's natives did not load on linux-x86_64");
    }

    @Test
    void headersAreReadFromTheBytesNotTheName() throws IOException {
        ImageHeader png = ImageHeader.read(resource("png-named.jpg"));
        assertEquals(ImageHeader.Format.PNG, png.format());
        assertEquals(145 + "x" + 97, png.height() + "x" + png.width());
        ImageHeader grey = ImageHeader.read(resource("grey.jpg"));
        assertEquals(ImageHeader.Format.JPEG, grey.format());
        assertTrue(grey.grey() && grey.complete());
        assertEquals(131 + "x" + 173, grey.height() + "x" + grey.width());
        ImageHeader ycck = ImageHeader.read(resource("ycck.jpg"));
        assertTrue(ycck.cmyk());
        assertEquals(2, ycck.adobeTransform());
        byte[] jpg = resource("baseline420.jpg");
        assertFalse(ImageHeader.read(Arrays.copyOf(jpg, jpg.length - 2)).complete(), "cut before the end marker");
        assertFalse(ImageHeader.read(Arrays.copyOf(jpg, jpg.length / 2)).complete(), "cut in half");
        assertEquals(ImageHeader.Format.OTHER, ImageHeader.read("BM not really".getBytes(StandardCharsets.UTF_8)).format());
    }

    @Test
    void aTruncatedJpegIsDamagedAsPillowSaysNotPaddedWithGrey() throws IOException {
        byte[] jpg = resource("progressive.jpg");
        ImageDecoder.RejectException e = org.junit.jupiter.api.Assertions.assertThrows(ImageDecoder.RejectException.class,
                () -> ImageDecoder.decodeBytes(Arrays.copyOf(jpg, jpg.length * 2 / 3), 3, Long.MAX_VALUE, 1));
        assertEquals(RejectKind.DAMAGED_IMAGE, e.kind);
        assertTrue(e.getMessage().startsWith("damaged JPEG image: truncated"), e.getMessage());
    }
}
