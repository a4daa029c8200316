package org.guidedmixup.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The building blocks of SR: reflect padding, blur, resize, box mean. */
class ImageOpsTest {
    @Test
    void reflectMirrorsWithoutRepeatingTheEdge() {
        int[] got = new int[10];
        for (int i = -3; i < 7; i++) {
            got[i + 3] = GaussianBlur.reflect(i, 4);
        }
        assertArrayEquals(new int[] {3, 2, 1, 0, 1, 2, 3, 2, 1, 0}, got);
        assertEquals(0, GaussianBlur.reflect(5, 1));
    }

    @Test
    void blurKeepsConstantsAndMass() {
        double[] src = new double[9 * 11];
        Arrays.fill(src, 2.5);
        double[] dst = new double[src.length];
        GaussianBlur.guidedMixup().apply(src, 0, 9, 11, dst, 0);
        for (double v : dst) {
            assertEquals(2.5, v, 1e-12);
        }
    }

    @Test
    void fastSevenTapBlurIsBitIdenticalToThePlainLoop() {
        // The fast 7-tap path must give exactly the plain loop's doubles, at every size (tiny and
        // non-square ones exercise the reflect tables), with offsets, and in place.
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int[][] sizes = {{1, 1}, {1, 5}, {2, 3}, {3, 9}, {7, 7}, {9, 4}, {28, 28}, {13, 40}, {32, 32}, {64, 48},
                {2, 2}, {4, 5}, {5, 8}, {6, 2}, {8, 10}};
        for (int[] hw : sizes) {
            int h = hw[0];
            int w = hw[1];
            double[] src = new double[5 + h * w];
            for (int i = 0; i < src.length; i++) {
                src[i] = rnd.nextDouble();
            }
            double[] fast = new double[3 + h * w];
            double[] plain = new double[3 + h * w];
            GaussianBlur blur = GaussianBlur.guidedMixup();
            blur.apply(src, 5, h, w, fast, 3);
            GaussianBlur.guidedMixup().applyAnySize(src, 5, h, w, plain, 3);
            assertArrayEquals(plain, fast, 0.0, h + "x" + w);
            blur.apply(src, 5, h, w, src, 5);
            assertArrayEquals(Arrays.copyOfRange(plain, 3, plain.length), Arrays.copyOfRange(src, 5, src.length), 0.0,
                    "in place " + h + "x" + w);
        }
    }

    @Test
    void blurOfAnImpulseIsTheNormalisedGaussian() {
        double[] src = new double[15 * 15];
        src[7 * 15 + 7] = 1;
        double[] dst = new double[src.length];
        GaussianBlur.guidedMixup().apply(src, 0, 15, 15, dst, 0);
        double k0 = 1.0 / (1 + 2 * Math.exp(-1 / 18.0) + 2 * Math.exp(-4 / 18.0) + 2 * Math.exp(-9 / 18.0));
        assertEquals(k0 * k0, dst[7 * 15 + 7], 1e-12);
        assertEquals(k0 * k0 * Math.exp(-9 / 18.0), dst[7 * 15 + 10], 1e-12);
        assertEquals(0, dst[7 * 15 + 11], 0);
    }

    @Test
    void resizeToTheSameSizeIsIdentityAndHalvingAveragesPairs() {
        double[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] same = new double[9];
        BilinearResize.resize(src, 0, 3, 3, same, 0, 3, 3);
        assertArrayEquals(src, same, 1e-12);
        double[] row = {0, 2, 4, 6};
        double[] half = new double[2];
        BilinearResize.resize(row, 0, 1, 4, half, 0, 1, 2);
        assertArrayEquals(new double[] {1, 5}, half, 1e-12);
        double[] up = new double[4];
        BilinearResize.resize(new double[] {0, 4}, 0, 1, 2, up, 0, 1, 4);
        // align_corners=False: outer pixels clamp, inner ones interpolate at 0.25 and 0.75.
        assertArrayEquals(new double[] {0, 1, 3, 4}, up, 1e-12);
    }

    @Test
    void boxMeanReplicatesEdges() {
        double[] src = {1, 2, 3, 4};
        double[] dst = new double[4];
        SpectralResidualSaliency.boxMeanReplicate(src, 2, 2, dst, 0);
        assertEquals((1 + 1 + 2 + 1 + 1 + 2 + 3 + 3 + 4) / 9.0, dst[0], 1e-12);
    }

    @Test
    void batchSeedsDependOnEveryPart() {
        long a = BatchSeed.of(1, 0, 0);
        assertEquals(a, BatchSeed.of(1, 0, 0));
        assertEquals(4, Arrays.stream(new long[] {a, BatchSeed.of(2, 0, 0), BatchSeed.of(1, 1, 0), BatchSeed.of(1, 0, 1)})
                .distinct().count());
    }
}
