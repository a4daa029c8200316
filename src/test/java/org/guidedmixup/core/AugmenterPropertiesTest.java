package org.guidedmixup.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariants of the augmenter over many random batches of random shapes. */
class AugmenterPropertiesTest {
    private static final int TRIALS = 60;

    /** A random batch: bright blobs on noise, so saliency is non-trivial. */
    static ImageBatch randomBatch(SplittableRandom rnd, int m, int c, int h, int w, int k) {
        float[] px = new float[m * c * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (rnd.nextDouble() * 0.3);
        }
        for (int i = 0; i < m; i++) {
            int y0 = rnd.nextInt(h);
            int x0 = rnd.nextInt(w);
            int s = 1 + rnd.nextInt(Math.max(1, Math.min(h, w) / 2));
            for (int ch = 0; ch < c; ch++) {
                for (int y = y0; y < Math.min(h, y0 + s); y++) {
                    for (int x = x0; x < Math.min(w, x0 + s); x++) {
                        px[((i * c + ch) * h + y) * w + x] = 1f;
                    }
                }
            }
        }
        int[] labels = new int[m];
        long[] ids = new long[m];
        for (int i = 0; i < m; i++) {
            labels[i] = rnd.nextInt(k);
            ids[i] = 1000 + i;
        }
        return ImageBatch.of(c, h, w, px, labels, ids);
    }

    @Test
    void greedyPairingIsOneCycleWithoutSelfOrMutualPairs() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t = 0; t < TRIALS; t++) {
            int m = 2 + rnd.nextInt(40);
            ImageBatch b = randomBatch(rnd, m, rnd.nextBoolean() ? 1 : 3, 4 + rnd.nextInt(30), 4 + rnd.nextInt(30), 10);
            AugmentedBatch out = new BatchAugmenter(MixupConfig.guided(10, 1.0), new SpectralResidualSaliency()).augment(b, t);
            int[] partner = new int[m];
            for (int i = 0; i < m; i++) {
                partner[i] = out.partner(i);
            }
            for (int i = 0; i < m; i++) {
                assertNotEquals(i, partner[i], "self pair at " + i);
                if (m >= 3) {
                    assertNotEquals(i, partner[partner[i]], "mutual pair at " + i);
                }
            }
            assertEquals(m, cycleLength(partner), "pairing must be one cycle over the batch: " + Arrays.toString(partner));
        }
    }

    @Test
    void greedyPairingOfTwoIsASwap() {
        int[] partner = new int[2];
        new GreedyPairing().pair(new double[] {0.5, 0.5, 1, 0}, 2, 2, new SplittableRandom(1), partner);
        assertArrayEquals(new int[] {1, 0}, partner);
    }

    @Test
    void greedyPairingBreaksTiesOnTheFirstMaximum() {
        // Four identical maps: every distance is 0, so numpy's argmax picks (0,1), then 1 -> 2 -> 3 -> 0.
        int[] partner = new int[4];
        new GreedyPairing().pair(new double[] {1, 1, 1, 1}, 4, 1, new SplittableRandom(1), partner);
        assertArrayEquals(new int[] {1, 2, 3, 0}, partner);
    }

    @Test
    void bothDistanceFormsGiveTheInOrderGramSumsBitForBit() {
        // The C2 form (transposed blocks) and the C1 form (register blocks) must equal the plain
        // in-order Gram loop exactly, or the pairing's ties would depend on the JIT; and the Gram
        // form must keep duplicates exactly 0 apart and exactly as far from every other map.
        SplittableRandom rnd = new SplittableRandom(5);
        GreedyPairing g = new GreedyPairing();
        for (int m : new int[] {2, 3, 4, 5, 7, 12, 13, 32, 33, 64, 70}) {
            for (int pixels : new int[] {1, 3, 257, 784}) {
                double[] z = new double[m * pixels];
                for (int i = 0; i < z.length; i++) {
                    z[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() / pixels;
                }
                if (m > 3) {
                    System.arraycopy(z, 0, z, 3 * pixels, pixels); // a duplicate: distance exactly 0
                }
                double[] norm = new double[m];
                double max = 0;
                double[] direct = new double[m * m];
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < pixels; p++) {
                        norm[i] += z[i * pixels + p] * z[i * pixels + p];
                    }
                }
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < m; j++) {
                        double sq = 0;
                        for (int p = 0; p < pixels; p++) {
                            double d = z[i * pixels + p] - z[j * pixels + p];
                            sq += d * d;
                        }
                        direct[i * m + j] = Math.sqrt(sq);
                        max = Math.max(max, direct[i * m + j]);
                    }
                }
                double[] a = new double[m * m];
                double[] b = new double[m * m];
                g.dotsTransposed(z, m, pixels, a);
                g.dotsBlocked(z, m, pixels, b);
                double[] w = new double[m * m];
                g.distances(z, m, pixels, w);
                for (int i = 0; i < m; i++) {
                    for (int j = i + 1; j < m; j++) {
                        double dot = 0;
                        for (int p = 0; p < pixels; p++) {
                            dot += z[i * pixels + p] * z[j * pixels + p];
                        }
                        String at = "m=" + m + " pixels=" + pixels + " (" + i + "," + j + ")";
                        assertEquals(Double.doubleToLongBits(dot), Double.doubleToLongBits(a[i * m + j]), "transposed " + at);
                        assertEquals(Double.doubleToLongBits(dot), Double.doubleToLongBits(b[i * m + j]), "blocked " + at);
                        double want = Math.sqrt(Math.max(0.0, (norm[i] + norm[j]) - 2 * dot));
                        assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(w[i * m + j]), "distance " + at);
                        assertEquals(w[i * m + j], w[j * m + i], "symmetric " + at);
                        // The direct sum of squared differences, up to rounding.
                        assertEquals(direct[i * m + j], w[i * m + j], 1e-7 * max, "against the direct form " + at);
                    }
                    assertEquals(0.0, w[i * m + i]);
                }
                if (m > 3) {
                    assertEquals(0.0, w[3], "duplicates 0 and 3 are exactly 0 apart");
                    for (int k = 0; k < m; k++) {
                        if (k != 0 && k != 3) {
                            assertEquals(w[k], w[3 * m + k], "duplicates tie exactly at " + k);
                        }
                    }
                }
            }
        }
    }

    static int cycleLength(int[] partner) {
        int len = 0;
        int i = 0;
        boolean[] seen = new boolean[partner.length];
        do {
            assertFalse(seen[i], "index " + i + " visited twice");
            seen[i] = true;
            i = partner[i];
            len++;
        } while (i != 0 && len <= partner.length);
        return len;
    }

    @ParameterizedTest
    @EnumSource(MixupConfig.MixerKind.class)
    void softLabelsSumToOneAndRatiosLieInUnitInterval(MixupConfig.MixerKind mixer) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int t = 0; t < TRIALS; t++) {
            int k = 2 + rnd.nextInt(8);
            double smoothing = rnd.nextBoolean() ? 0 : 0.1;
            MixupConfig cfg = new MixupConfig(k, rnd.nextBoolean() ? MixupConfig.PairingKind.GREEDY : MixupConfig.PairingKind.RANDOM,
                    mixer, 1.0, 0.2 + rnd.nextDouble(), smoothing);
            int m = 2 + rnd.nextInt(12);
            ImageBatch b = randomBatch(rnd, m, 3, 8 + rnd.nextInt(10), 8 + rnd.nextInt(10), k);
            AugmentedBatch out = new BatchAugmenter(cfg, new SpectralResidualSaliency()).augment(b, t);
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    float v = out.softLabels()[i * k + c];
                    assertTrue(v >= 0 && v <= 1, "soft label value " + v);
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-6, "soft label of image " + i + " sums to " + sum);
                assertTrue(out.ratio(i) >= 0 && out.ratio(i) <= 1, "ratio " + out.ratio(i));
                // The source's own class gets at least ratio * (1 - eps).
                assertTrue(out.softLabels()[i * k + b.label(i)] >= out.ratio(i) * (1 - smoothing) - 1e-6);
            }
        }
    }

    @Test
    void guidedMasksLieInUnitIntervalAndRatioIsTheirMean() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int t = 0; t < TRIALS; t++) {
            int m = 2 + rnd.nextInt(10);
            int c = rnd.nextBoolean() ? 1 : 3;
            int h = 5 + rnd.nextInt(20);
            int w = 5 + rnd.nextInt(20);
            ImageBatch b = randomBatch(rnd, m, c, h, w, 5);
            AugmentedBatch out = new BatchAugmenter(MixupConfig.guided(5, 1.0), new SpectralResidualSaliency()).augment(b, t);
            double[] z = out.normalizedSaliency();
            int hw = h * w;
            for (int i = 0; i < m; i++) {
                int p2 = out.partner(i);
                double sum = 0;
                for (int p = 0; p < hw; p++) {
                    double mask = SaliencyMixer.mask(z[i * hw + p], z[p2 * hw + p]);
                    assertTrue(mask >= 0 && mask <= 1, "mask " + mask);
                    sum += mask;
                    for (int ch = 0; ch < c; ch++) {
                        float a = b.pixels()[(i * c + ch) * hw + p];
                        float bb = b.pixels()[(p2 * c + ch) * hw + p];
                        float mixed = out.pixels()[(i * c + ch) * hw + p];
                        assertTrue(mixed >= Math.min(a, bb) - 1e-6 && mixed <= Math.max(a, bb) + 1e-6,
                                "mixed pixel outside its two sources");
                    }
                }
                assertEquals(sum / hw, out.ratio(i), 1e-12, "ratio must equal the mask mean");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MixupConfig.MixerKind.class)
    void sameSeedGivesSameOutputAndOtherSeedsDiffer(MixupConfig.MixerKind mixer) {
        SplittableRandom rnd = new SplittableRandom(17);
        ImageBatch b = randomBatch(rnd, 16, 3, 16, 16, 10);
        MixupConfig cfg = new MixupConfig(10, MixupConfig.PairingKind.RANDOM, mixer, 1.0, 1.0, 0.0);
        float[] first = snapshot(new BatchAugmenter(cfg, new SpectralResidualSaliency()).augment(b, 42));
        float[] again = snapshot(new BatchAugmenter(cfg, new SpectralResidualSaliency()).augment(b, 42));
        assertArrayEquals(first, again);
        float[] other = snapshot(new BatchAugmenter(cfg, new SpectralResidualSaliency()).augment(b, 43));
        assertFalse(Arrays.equals(first, other), "a different batch seed should change the augmentation");
    }

    private static float[] snapshot(AugmentedBatch out) {
        int n = out.size();
        float[] s = Arrays.copyOf(out.pixels(), n * out.input().imageLength() + n * 2);
        for (int i = 0; i < n; i++) {
            s[n * out.input().imageLength() + 2 * i] = out.partner(i);
            s[n * out.input().imageLength() + 2 * i + 1] = (float) out.ratio(i);
        }
        return s;
    }

    @Test
    void mixProbabilityDecidesPerBatchAndUnmixedBatchesPassThroughClean() {
        SplittableRandom rnd = new SplittableRandom(19);
        ImageBatch b = randomBatch(rnd, 6, 1, 10, 10, 3);
        BatchAugmenter never = new BatchAugmenter(MixupConfig.guided(3, 0.0), new SpectralResidualSaliency());
        AugmentedBatch out = never.augment(b, 5);
        assertEquals(AugmentedBatch.Outcome.SKIPPED_BY_MIX_PROB, out.outcome());
        assertArrayEquals(b.pixels(), out.pixels());
        for (int i = 0; i < 6; i++) {
            assertEquals(-1, out.partner(i));
            assertEquals(1.0f, out.softLabels()[i * 3 + b.label(i)]);
        }
        BatchAugmenter half = new BatchAugmenter(MixupConfig.guided(3, 0.5), new SpectralResidualSaliency());
        int mixed = 0;
        for (int seed = 0; seed < 400; seed++) {
            mixed += half.augment(b, BatchSeed.of(1, 0, seed)).mixed() ? 1 : 0;
        }
        assertTrue(mixed > 150 && mixed < 250, "mix_prob 0.5 mixed " + mixed + " of 400 batches");
    }

    @Test
    void aBatchOfOneIsKeptUnmixedWithItsOneHotLabel() {
        ImageBatch b = ImageBatch.of(1, 4, 4, new float[16], new int[] {2}, new long[] {9});
        AugmentedBatch out = new BatchAugmenter(MixupConfig.guided(4, 1.0), new SpectralResidualSaliency()).augment(b, 1);
        assertEquals(AugmentedBatch.Outcome.SINGLE_IMAGE, out.outcome());
        assertEquals(-1, out.partner(0));
        assertArrayEquals(new float[] {0, 0, 1, 0}, Arrays.copyOf(out.softLabels(), 4));
    }

    @Test
    void inputMixupBlendsWholeImagesWithOneLambda() {
        SplittableRandom rnd = new SplittableRandom(23);
        ImageBatch b = randomBatch(rnd, 8, 3, 6, 6, 4);
        MixupConfig cfg = new MixupConfig(4, MixupConfig.PairingKind.RANDOM, MixupConfig.MixerKind.MIXUP, 1.0, 1.0, 0.0);
        AugmentedBatch out = new BatchAugmenter(cfg, null).augment(b, 3);
        double lam = out.ratio(0);
        int len = b.imageLength();
        for (int i = 0; i < 8; i++) {
            assertEquals(lam, out.ratio(i));
            int t = out.partner(i);
            for (int p = 0; p < len; p++) {
                assertEquals(lam * b.pixels()[i * len + p] + (1 - lam) * b.pixels()[t * len + p], out.pixels()[i * len + p], 1e-6);
            }
        }
    }

    @Test
    void cutMixRatioIsTheAreaLeftToTheSource() {
        int m = 6;
        int h = 20;
        int w = 30;
        for (int seed = 0; seed < 50; seed++) {
            float[] px = new float[m * h * w];
            for (int i = 0; i < m; i++) {
                Arrays.fill(px, i * h * w, (i + 1) * h * w, i + 1);
            }
            ImageBatch b = ImageBatch.of(1, h, w, px, new int[] {0, 1, 2, 0, 1, 2}, new long[] {0, 1, 2, 3, 4, 5});
            MixupConfig cfg = new MixupConfig(3, MixupConfig.PairingKind.GREEDY, MixupConfig.MixerKind.CUTMIX, 1.0, 1.0, 0.0);
            AugmentedBatch out = new BatchAugmenter(cfg, new SpectralResidualSaliency()).augment(b, seed);
            for (int i = 0; i < m; i++) {
                int own = 0;
                for (int p = 0; p < h * w; p++) {
                    own += out.pixels()[i * h * w + p] == i + 1 ? 1 : 0;
                }
                assertEquals((double) own / (h * w), out.ratio(i), 1e-12, "seed " + seed + " image " + i);
            }
        }
    }

    @Test
    void betaSamplerHasTheRightMoments() {
        SplittableRandom rnd = new SplittableRandom(29);
        for (double alpha : new double[] {0.2, 1.0, 2.0}) {
            int n = 40_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double x = BetaSampler.symmetric(alpha, rnd);
                assertTrue(x >= 0 && x <= 1);
                sum += x;
                sq += x * x;
            }
            double mean = sum / n;
            double var = sq / n - mean * mean;
            assertEquals(0.5, mean, 0.01, "Beta(" + alpha + ") mean");
            assertEquals(1 / (4 * (2 * alpha + 1)), var, 0.01, "Beta(" + alpha + ") variance");
        }
        assertEquals(1.0, BetaSampler.symmetric(0, rnd));
    }
}
