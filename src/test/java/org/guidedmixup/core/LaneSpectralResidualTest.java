package org.guidedmixup.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batched lane path of SR saliency against the one-image JTransforms path. */
class LaneSpectralResidualTest {

    @Test
    void matchesOneImagePathAtManyShapesAndBatchSizes() {
        Random rnd = new Random(3);
        int[][] shapes = {{28, 28}, {32, 32}, {64, 64}, {7, 7}, {20, 30}, {21, 14}, {15, 9}, {2, 2}, {3, 8}, {2, 6}, {6, 2}, {3, 3}, {128, 128}};
        for (int[] s : shapes) {
            int h = s[0];
            int w = s[1];
            for (int count : new int[] {1, 3, 10}) {
                for (int lanes : new int[] {1, 2, 4}) {
                    double[] grey = new double[count * h * w];
                    for (int i = 0; i < grey.length; i++) {
                        grey[i] = rnd.nextDouble() * 255;
                    }
                    double[] want = new double[grey.length];
                    SpectralResidualSaliency one = new SpectralResidualSaliency();
                    for (int i = 0; i < count; i++) {
                        one.saliencyOfGrey(Arrays.copyOfRange(grey, i * h * w, (i + 1) * h * w), h, w, want, i * h * w);
                    }
                    double[] got = new double[grey.length + 5];
                    new LaneSpectralResidual(h, w, lanes).saliency(grey, count, got, 5);
                    double max = 0;
                    for (double v : want) {
                        max = Math.max(max, Math.abs(v));
                    }
                    for (int i = 0; i < want.length; i++) {
                        assertEquals(want[i], got[i + 5], 1e-12 * max, h + "x" + w + " count " + count + " lanes " + lanes + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void anImagesMapDoesNotDependOnItsBatchNeighbours() {
        // Identical images must get bit-identical maps wherever they sit (the pairing's ties depend on it).
        Random rnd = new Random(5);
        int h = 28;
        int w = 28;
        int hw = h * w;
        double[] image = new double[hw];
        for (int p = 0; p < hw; p++) {
            image[p] = rnd.nextDouble();
        }
        double[] grey = new double[7 * hw];
        for (int i = 0; i < 7; i++) {
            for (int p = 0; p < hw; p++) {
                grey[i * hw + p] = i % 3 == 0 ? image[p] : rnd.nextDouble();
            }
        }
        double[] out = new double[grey.length];
        new LaneSpectralResidual(h, w, 4).saliency(grey, 7, out, 0);
        double[] alone = new double[hw];
        new LaneSpectralResidual(h, w, 1).saliency(image, 1, alone, 0);
        for (int i : new int[] {0, 3, 6}) {
            assertArrayEquals(alone, Arrays.copyOfRange(out, i * hw, (i + 1) * hw), "image at " + i);
        }
    }

    @Test
    void resizedImagesGoThroughTheLanePathAt128() {
        // An image taller than 128 is analysed at 128 x 128: the result must be the 128 x 128 map of
        // the resized image (as the JTransforms path computes it), resized back.
        Random rnd = new Random(9);
        int h = 160;
        int w = 150;
        double[] grey = new double[h * w];
        for (int p = 0; p < grey.length; p++) {
            grey[p] = rnd.nextDouble();
        }
        double[] got = new double[h * w];
        new SpectralResidualSaliency().saliencyOfGrey(grey, h, w, got, 0);
        double[] small = new double[128 * 128];
        BilinearResize.resize(grey, 0, h, w, small, 0, 128, 128);
        double[] map = new double[128 * 128];
        new SpectralResidualSaliency().saliencyOfGrey(small, 128, 128, map, 0);
        double[] want = new double[h * w];
        BilinearResize.resize(map, 0, 128, 128, want, 0, h, w);
        double max = Arrays.stream(want).max().orElse(1);
        for (int p = 0; p < want.length; p++) {
            assertEquals(want[p], got[p], 1e-12 * max, "at " + p);
        }
    }

    @Test
    void oneRowOrOneColumnImagesGiveFiniteMaps() {
        // JTransforms refuses a side of 1 (the one-image path failed on such images); the lane path does not.
        for (int[] s : new int[][] {{1, 8}, {8, 1}, {1, 1}}) {
            double[] grey = new double[2 * s[0] * s[1]];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = i % 3;
            }
            double[] out = new double[grey.length];
            new LaneSpectralResidual(s[0], s[1], 2).saliency(grey, 2, out, 0);
            for (double v : out) {
                assertTrue(Double.isFinite(v) && v >= 0, s[0] + "x" + s[1] + ": " + v);
            }
        }
    }

    @Test
    void supportedShapesAndLanes() {
        assertTrue(LaneSpectralResidual.supports(28, 28));
        assertTrue(!LaneSpectralResidual.supports(22, 28));
        assertEquals(5, LaneSpectralResidual.lanesFor(32, 28, 28));
        assertEquals(2, LaneSpectralResidual.lanesFor(32, 64, 64));
        assertEquals(1, LaneSpectralResidual.lanesFor(1, 28, 28));
    }
}
