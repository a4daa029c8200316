package org.guidedmixup.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong input fails with an IllegalArgumentException that says what and which image. */
class InputValidationTest {
    private static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should contain '" + p + "'");
        }
    }

    @Test
    void emptyBatch() {
        assertMessage(() -> ImageBatch.of(1, 2, 2, new float[0], new int[0], new long[0]), "batch is empty");
    }

    @Test
    void mismatchedShapes() {
        assertMessage(() -> ImageBatch.of(3, 4, 4, new float[2 * 3 * 4 * 4 - 1], new int[2], new long[2]),
                "95 values", "2 images of 3x4x4 need 96");
        assertMessage(() -> new ImageBatch(3, 1, 2, 2, new float[12], new int[3], new long[2]), "only 2 ids");
        assertMessage(() -> ImageBatch.of(2, 2, 2, new float[8], new int[1], new long[1]), "1 (grey) or 3 (RGB) channels, got 2");
    }

    @Test
    void nanPixelNamesTheImageAndPosition() {
        float[] px = new float[2 * 4];
        px[4 + 3] = Float.NaN;
        assertMessage(() -> ImageBatch.of(1, 2, 2, px, new int[] {0, 1}, new long[] {10, 11}),
                "image 1 (id 11)", "NaN", "row 1, column 1");
    }

    @Test
    void everyNonFiniteValueIsFoundWhereverItIs() {
        // Odd and even image lengths, the value first, last and in between, and large finite values
        // that must pass: the check sums v - v instead of testing each value.
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int w : new int[] {1, 2, 3, 5}) {
            int len = w * 3;
            for (float b : bad) {
                for (int at = 0; at < len; at++) {
                    float[] px = new float[2 * len];
                    Arrays.fill(px, Float.MAX_VALUE);
                    px[len + at] = b;
                    int row = at / w;
                    int col = at % w;
                    assertMessage(() -> ImageBatch.of(1, 3, w, px, new int[] {0, 1}, new long[] {10, 11}),
                            "image 1 (id 11)", String.valueOf(b), "row " + row + ", column " + col);
                }
            }
            float[] ok = new float[2 * len];
            Arrays.fill(ok, -Float.MAX_VALUE);
            assertEquals(2, ImageBatch.of(1, 3, w, ok, new int[] {0, 1}, new long[] {10, 11}).size());
        }
    }

    @Test
    void negativeLabel() {
        assertMessage(() -> ImageBatch.of(1, 1, 1, new float[2], new int[] {0, -3}, new long[] {5, 6}),
                "image 1 (id 6)", "negative label -3");
    }

    @Test
    void labelNotBelowClassCount() {
        ImageBatch b = ImageBatch.of(1, 2, 2, new float[8], new int[] {1, 10}, new long[] {0, 77});
        BatchAugmenter a = new BatchAugmenter(MixupConfig.guided(10, 1.0), new SpectralResidualSaliency());
        assertMessage(() -> a.augment(b, 1), "image 1 (id 77)", "label 10", "only 10 classes");
    }

    @Test
    void configValuesAreChecked() {
        assertMessage(() -> MixupConfig.guided(10, 1.5), "mix probability must be in [0, 1], got 1.5");
        assertMessage(() -> MixupConfig.guided(0, 1.0), "number of classes must be >= 1, got 0");
        assertMessage(() -> MixupConfig.PairingKind.parse("best"), "pairing must be one of greedy, random, got 'best'");
        assertMessage(() -> new SpectralResidualSaliency(new double[] {0.5}, new double[] {0}), "std");
        assertMessage(() -> new BatchAugmenter(MixupConfig.guided(3, 1), null), "needs a saliency detector");
    }

    @Test
    void saliencyNormalisationMustMatchChannels() {
        ImageBatch b = ImageBatch.of(1, 2, 2, new float[8], new int[] {0, 1}, new long[] {0, 1});
        SpectralResidualSaliency sr = new SpectralResidualSaliency(new double[] {0.5, 0.5, 0.5}, new double[] {0.2, 0.2, 0.2});
        assertMessage(() -> sr.detect(b, new double[8]), "3 values but images have 1 channel");
    }
}
