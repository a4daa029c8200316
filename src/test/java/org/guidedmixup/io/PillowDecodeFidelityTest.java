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

    @Test
    void draftDecodesAtReducedScaleThenResizesAsPillowsDraftDoes() throws IOException {
        // big.jpg is 403x389: --resize 100x100 allows min(403 // 100, 389 // 100) = 3, so 1/2 scale.
        SourceRecord r = SourceRecord.encoded(0, 0, "big.jpg", resource("big.jpg"));
        ImageSpec drafted = new ImageSpec(3, 100, 100, true, Long.MAX_VALUE, org.guidedmixup.transform.BaseTransform.NONE, true);
        ImageSpec full = new ImageSpec(3, 100, 100, true, Long.MAX_VALUE, org.guidedmixup.transform.BaseTransform.NONE, false);
        assertEquals(2, drafted.draftScale(389, 403));
        assertEquals(1, full.draftScale(389, 403));
        byte[] got = ImageDecoder.decode(r, drafted, 1).pixels;
        byte[] want = ImageDecoder.toChannels(ImageIO.read(new ByteArrayInputStream(resource("draft-resize100.expected.png"))), 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, "draft + resize as Pillow");
        byte[] whole = ImageDecoder.decode(r, full, 1).pixels;
        byte[] wantWhole = ImageDecoder.toChannels(ImageIO.read(new ByteArrayInputStream(resource("full-resize100.expected.png"))), 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(wantWhole, whole, "no draft: full decode + resize as Pillow");
        assertFalse(Arrays.equals(got, whole), "the draft changes pixels, as documented");
        // The check of a drafted run still sees the source's own size.
        DecodedImage checked = ImageDecoder.check(r, drafted, 1);
        assertFalse(checked.isRejected());
    }

    @Test
    void draftScaleFollowsEachCropsOwnResize() {
        org.guidedmixup.transform.BaseTransform center = org.guidedmixup.transform.BaseTransform.parse("crop=center:256,224 flip=0");
        ImageSpec c = new ImageSpec(3, 224, 224, false, Long.MAX_VALUE, center, true);
        // Shorter side 1 100 -> 256: 1100 // 256 = 4.
        assertEquals(4, c.draftScale(1100, 1650));
        assertEquals(1, c.draftScale(500, 375), "under 2x: full size");
        org.guidedmixup.transform.BaseTransform rrc = org.guidedmixup.transform.BaseTransform.parse("crop=random-resized:224 flip=0");
        ImageSpec r = new ImageSpec(3, 224, 224, false, Long.MAX_VALUE, rrc, true);
        // The narrowest region at scale 0.08, ratio 3/4 of 2 000 x 2 000 is sqrt(4e6 * 0.08 * 0.75) = 490 px: 490 // 224 = 2.
        assertEquals(2, r.draftScale(2000, 2000));
        assertEquals(1, r.draftScale(1500, 1500), "367 px at the narrowest: no reduction");
        ImageSpec plain = new ImageSpec(3, 32, 32, false, Long.MAX_VALUE,
                org.guidedmixup.transform.BaseTransform.parse("crop=random:32,pad=4 flip=0"), true);
        assertEquals(1, plain.draftScale(1000, 1000), "a crop without a resize never drafts");
    }
}
