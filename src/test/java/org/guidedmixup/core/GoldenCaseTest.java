package org.guidedmixup.core;

import org.guidedmixup.testing.GoldenCase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every stage of GuidedMixup against the official PyTorch implementation's outputs.
 *
 * <p>Tolerances. The reference computes in float32 (on a GPU FFT); we compute in double. Float32
 * FFT round-off is about 1e-7 of the largest spectral term, which is a large relative error on the
 * weakest frequencies, and SR divides by their amplitude: so saliency is compared relative to the
 * image's maximum (1e-4). On 15 of 16 images of squares160 and on every image of the other cases we
 * agree to about 1e-6; on squares160 image 14 the reference differs from both a float64 and a
 * float32 (numpy) evaluation of the same formula by a smooth, image-wide 7.7e-5 of the maximum,
 * which is its own FFT noise. Mixed pixels therefore get 5e-5 absolute at worst, and 99% of them
 * must be within the 1e-5 the issue aims at; ratios and soft labels, which average the mask,
 * 1e-5; the pairing must be identical.
 */
class GoldenCaseTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GoldenCaseTest.class);
    static List<String> cases() {
        return GoldenCase.NAMES;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyStageMatchesTheReference(String name) {
        GoldenCase g = GoldenCase.load(name);
        float[] refSaliency = g.floats("saliency.f32");
        float[] refNormalized = g.floats("normalized.f32");
        float[] refMixed = g.floats("mixed.f32");
        float[] refRatio = g.floats("ratio.f32");
        float[] refSoft = g.floats("soft.f32");
        BatchAugmenter augmenter = new BatchAugmenter(MixupConfig.guided(g.numClasses, 1.0),
                new SpectralResidualSaliency(g.saliencyMean, g.saliencyStd));
        int len = g.imageLength();
        int hw = g.pixels();
        double worstSal = 0;
        double worstNorm = 0;
        double worstPixel = 0;
        double worstSoft = 0;
        int pixelsOverAim = 0;
        for (int b = 0; b < g.batches(); b++) {
            int from = g.batchStart(b);
            int to = g.batchEnd(b);
            int m = to - from;
            ImageBatch batch = g.batch(b);
            AugmentedBatch out = augmenter.augment(batch, 1L);
            assertTrue(out.mixed());
            int[] partners = new int[m];
            for (int i = 0; i < m; i++) {
                partners[i] = out.partner(i) + from;
            }
            assertArrayEquals(Arrays.copyOfRange(g.partner, from, to), partners, name + " batch " + b + " pairing");
            for (int i = 0; i < m; i++) {
                int gi = from + i;
                double max = 0;
                for (int p = 0; p < hw; p++) {
                    max = Math.max(max, refSaliency[gi * hw + p]);
                }
                double maxNorm = 0;
                for (int p = 0; p < hw; p++) {
                    maxNorm = Math.max(maxNorm, refNormalized[gi * hw + p]);
                }
                for (int p = 0; p < hw; p++) {
                    worstSal = Math.max(worstSal, Math.abs(out.saliency()[i * hw + p] - refSaliency[gi * hw + p]) / max);
                    worstNorm = Math.max(worstNorm,
                            Math.abs(out.normalizedSaliency()[i * hw + p] - refNormalized[gi * hw + p]) / maxNorm);
                }
                for (int p = 0; p < len; p++) {
                    double e = Math.abs(out.pixels()[i * len + p] - refMixed[gi * len + p]);
                    worstPixel = Math.max(worstPixel, e);
                    pixelsOverAim += e > 1e-5 ? 1 : 0;
                }
                worstSoft = Math.max(worstSoft, Math.abs(out.ratio(i) - refRatio[gi]));
                for (int c = 0; c < g.numClasses; c++) {
                    worstSoft = Math.max(worstSoft,
                            Math.abs(out.softLabels()[i * g.numClasses + c] - refSoft[gi * g.numClasses + c]));
                }
            }
        }
        LOG.info(String.format(java.util.Locale.ROOT, "golden %s: saliency %.2e (rel. to max), normalized %.2e (rel. to max), mixed pixels %.2e, ratio/soft %.2e, pixels over 1e-5: %d of %d",
                name, worstSal, worstNorm, worstPixel, worstSoft, pixelsOverAim, g.n * len));
        assertTrue(worstSal <= 1e-4, name + ": saliency off by " + worstSal + " of the image's maximum");
        assertTrue(worstNorm <= 1e-4, name + ": normalized saliency off by " + worstNorm + " of the image's maximum");
        assertTrue(worstPixel <= 5e-5, name + ": mixed pixels off by " + worstPixel);
        assertTrue(pixelsOverAim <= 0.01 * g.n * len, name + ": " + pixelsOverAim + " mixed pixels off by more than 1e-5");
        assertTrue(worstSoft <= 1e-5, name + ": ratio or soft labels off by " + worstSoft);
    }
}
