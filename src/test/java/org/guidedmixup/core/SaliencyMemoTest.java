package org.guidedmixup.core;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saliency kept across rounds gives the same augmentation, bit for bit, as analysing every image again. */
class SaliencyMemoTest {
    private static final int IMAGES = 37;

    private static SaliencyMemo memo(long budget, int mapLength) {
        SaliencyMemo m = new SaliencyMemo(budget, IMAGES, mapLength);
        m.allocate();
        return m;
    }

    /** A dataset of {@code IMAGES} random images with ids 0..IMAGES-1, each image at [id * len ..]. */
    private static ImageBatch dataset(int c, int h, int w, long seed) {
        return AugmenterPropertiesTest.randomBatch(new SplittableRandom(seed), IMAGES, c, h, w, 10);
    }

    /** Round r's batch b: the images of a seeded permutation's slice, as a batch with their own ids. */
    private static ImageBatch batchOf(ImageBatch all, int[] order, int from, int to) {
        int len = all.imageLength();
        int m = to - from;
        float[] px = new float[m * len];
        int[] labels = new int[m];
        long[] ids = new long[m];
        for (int j = 0; j < m; j++) {
            int i = order[from + j];
            System.arraycopy(all.pixels(), i * len, px, j * len, len);
            labels[j] = all.label(i);
            ids[j] = i;
        }
        return ImageBatch.of(all.channels(), all.height(), all.width(), px, labels, ids);
    }

    /** A seeded permutation of 0..n-1: the random pairing's Fisher-Yates. */
    private static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        new RandomPairing().pair(null, n, 0, new SplittableRandom(seed), p);
        return p;
    }

    /**
     * Three rounds of {@code IMAGES} images in batches of {@code batch} (the last one smaller), through
     * one augmenter with the memo and a fresh one without: every output equal.
     */
    private static void roundsMatch(int c, int h, int w, int batch, SaliencyMemo memo, SaliencyDetector withMemo) {
        ImageBatch all = dataset(c, h, w, h * 31L + w);
        BatchAugmenter memoised = new BatchAugmenter(MixupConfig.guided(10, 1.0), withMemo);
        BatchAugmenter plain = new BatchAugmenter(MixupConfig.guided(10, 1.0), new SpectralResidualSaliency());
        for (int round = 0; round < 3; round++) {
            int[] order = permutation(IMAGES, round);
            for (int from = 0; from < IMAGES; from += batch) {
                int to = Math.min(IMAGES, from + batch);
                ImageBatch b = batchOf(all, order, from, to);
                long seed = round * 1000L + from;
                AugmentedBatch x = memoised.augment(b, seed, memo);
                int m = b.size();
                int hw = h * w;
                float[] px = Arrays.copyOf(x.pixels(), m * b.imageLength());
                double[] z = Arrays.copyOf(x.normalizedSaliency(), m * hw);
                float[] soft = Arrays.copyOf(x.softLabels(), m * 10);
                int[] partners = new int[m];
                double[] ratios = new double[m];
                for (int i = 0; i < m; i++) {
                    partners[i] = x.partner(i);
                    ratios[i] = x.ratio(i);
                }
                AugmentedBatch y = plain.augment(b, seed);
                String where = c + "x" + h + "x" + w + " round " + round + " batch at " + from;
                assertEquals(y.mixed(), y.hasDetectorSaliency(), where);
                assertEquals(y.mixed(), x.mixed(), where);
                assertArrayEquals(Arrays.copyOf(y.normalizedSaliency(), m * hw), z, where + ": normalised saliency");
                for (int i = 0; i < m; i++) {
                    assertEquals(y.partner(i), partners[i], where + ": partner of " + i);
                    assertEquals(y.ratio(i), ratios[i], 0.0, where + ": ratio of " + i);
                }
                assertArrayEquals(Arrays.copyOf(y.pixels(), m * b.imageLength()), px, where + ": mixed pixels");
                assertArrayEquals(Arrays.copyOf(y.softLabels(), m * 10), soft, where + ": soft labels");
            }
        }
    }

    @Test
    void keptMapsGiveTheSameAugmentationBitForBit() {
        // Lane FFT sizes (grey and colour, two lane counts) and one it does not take (22 = 2 x 11).
        int[][] shapes = {{1, 28, 28, 8}, {1, 28, 28, 5}, {3, 32, 32, 6}, {1, 22, 26, 7}};
        for (int[] s : shapes) {
            SaliencyMemo memo = memo(1L << 30, s[1] * s[2]);
            roundsMatch(s[0], s[1], s[2], s[3], memo, new SpectralResidualSaliency());
            // A batch of one image is not mixed and needs no map: 37 = 6 x 6 + 1 leaves one such batch
            // per round at batch size 6, its image kept only when a later round batches it with others.
            int unmixed = s[3] == 6 ? 1 : 0;
            assertTrue(memo.size() >= IMAGES - unmixed, Arrays.toString(s) + ": every mixed image kept after its first round, kept " + memo.size());
            assertTrue(memo.reused() >= 2L * (IMAGES - unmixed) - unmixed, "later rounds analyse (almost) nothing");
            assertEquals((long) IMAGES * s[1] * s[2] * Double.BYTES, memo.bytes());
        }
    }

    @Test
    void aBudgetForSomeMapsKeepsThoseAndAnalysesTheRestEveryRound() {
        int hw = 28 * 28;
        SaliencyMemo memo = memo(10L * hw * Double.BYTES + 5, hw);
        roundsMatch(1, 28, 28, 8, memo, new SpectralResidualSaliency());
        assertEquals(10, memo.size());
        assertEquals(20, memo.reused());
    }

    @Test
    void aDetectorWhoseMapsDependOnTheBatchNeverUsesTheMemo() {
        SpectralResidualSaliency sr = new SpectralResidualSaliency();
        SaliencyDetector batchDependent = new SaliencyDetector() {
            @Override
            public void detect(ImageBatch batch, double[] out) {
                sr.detect(batch, out);
            }

            @Override
            public String name() {
                return "sr-as-if-batch-dependent";
            }
        };
        assertFalse(batchDependent.dependsOnImageAlone());
        SaliencyMemo memo = memo(1L << 30, 28 * 28);
        roundsMatch(1, 28, 28, 8, memo, batchDependent);
        assertEquals(0, memo.size());
        assertEquals(0, memo.reused());
    }

    @Test
    void stepOneMapsAreThereOnlyWhenEveryImageWasAnalysed() {
        ImageBatch all = dataset(1, 28, 28, 3);
        SaliencyMemo memo = memo(1L << 30, 28 * 28);
        BatchAugmenter a = new BatchAugmenter(MixupConfig.guided(10, 1.0), new SpectralResidualSaliency());
        int[] order = permutation(IMAGES, 1);
        assertTrue(a.augment(batchOf(all, order, 0, 8), 1, memo).hasDetectorSaliency(), "all analysed");
        AugmentedBatch partly = a.augment(batchOf(all, order, 4, 12), 2, memo);
        assertTrue(partly.hasSaliency());
        assertFalse(partly.hasDetectorSaliency(), "half came from the memo");
        assertEquals(4, memo.reused());
    }

    @Test
    void mapsOfAnotherSizeAreNeitherKeptNorServedAndNothingIsKeptBeforeTheStorage() {
        SaliencyMemo memo = new SaliencyMemo(1L << 30, IMAGES, 16);
        double[] z = new double[16];
        Arrays.fill(z, 1.0 / 16);
        memo.keep(1, z, 0, 16);
        assertEquals(0, memo.size(), "no storage yet");
        memo.allocate();
        assertEquals((long) IMAGES * 16 * Double.BYTES, memo.bytes());
        memo.keep(1, z, 0, 16);
        memo.keep(2, new double[25], 0, 25);
        double[] dst = new double[25];
        assertTrue(memo.copyInto(1, dst, 0, 16));
        assertEquals(1.0 / 16, dst[15]);
        assertFalse(memo.copyInto(2, dst, 0, 25));
        assertFalse(memo.copyInto(1, dst, 0, 25));
        assertEquals(1, memo.size());
        assertEquals((long) IMAGES * 16 * Double.BYTES, memo.capacityBytes());
        assertEquals(0, new SaliencyMemo(100, IMAGES, 16).capacityBytes(), "a budget under one map keeps none");
        assertThrows(IllegalArgumentException.class, () -> new SaliencyMemo(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SaliencyMemo(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SaliencyMemo(1, 1, 0));
    }
}
