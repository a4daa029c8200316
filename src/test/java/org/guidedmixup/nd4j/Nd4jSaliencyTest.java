package org.guidedmixup.nd4j;

import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.core.BatchAugmenter;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.core.SaliencyMixer;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.guidedmixup.testing.GoldenCase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ND4J engine against the Java engine on the golden cases, under the CPU backend (the CUDA
 * backend runs the same ops): identical pairings, masks within 1e-4, saliency within 1e-6 of each
 * image's maximum. Also covers the 160 x 160 case, which goes through the 128 x 128 resize.
 */
class Nd4jSaliencyTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Nd4jSaliencyTest.class);
    static List<String> cases() {
        return GoldenCase.NAMES;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheJavaEngine(String name) {
        GoldenCase g = GoldenCase.load(name);
        BatchAugmenter cpu = new BatchAugmenter(MixupConfig.guided(g.numClasses, 1.0),
                new SpectralResidualSaliency(g.saliencyMean, g.saliencyStd));
        BatchAugmenter nd4j = new BatchAugmenter(MixupConfig.guided(g.numClasses, 1.0),
                new Nd4jSpectralResidualSaliency(g.saliencyMean, g.saliencyStd));
        int hw = g.pixels();
        double worstSal = 0;
        double worstMask = 0;
        for (int b = 0; b < g.batches(); b++) {
            int from = g.batchStart(b);
            int to = g.batchEnd(b);
            int m = to - from;
            ImageBatch batch = g.batch(b);
            AugmentedBatch a = cpu.augment(batch, 1L);
            int[] partnersCpu = new int[m];
            double[] salCpu = Arrays.copyOf(a.saliency(), m * hw);
            double[] zCpu = Arrays.copyOf(a.normalizedSaliency(), m * hw);
            for (int i = 0; i < m; i++) {
                partnersCpu[i] = a.partner(i);
            }
            AugmentedBatch n = nd4j.augment(batch, 1L);
            int[] partnersNd4j = new int[m];
            for (int i = 0; i < m; i++) {
                partnersNd4j[i] = n.partner(i);
            }
            assertArrayEquals(partnersCpu, partnersNd4j, name + " batch " + b + " pairing");
            for (int i = 0; i < m; i++) {
                double max = 0;
                for (int p = 0; p < hw; p++) {
                    max = Math.max(max, salCpu[i * hw + p]);
                }
                int t = partnersCpu[i];
                for (int p = 0; p < hw; p++) {
                    worstSal = Math.max(worstSal, Math.abs(n.saliency()[i * hw + p] - salCpu[i * hw + p]) / max);
                    double maskCpu = SaliencyMixer.mask(zCpu[i * hw + p], zCpu[t * hw + p]);
                    double maskNd4j = SaliencyMixer.mask(n.normalizedSaliency()[i * hw + p], n.normalizedSaliency()[t * hw + p]);
                    worstMask = Math.max(worstMask, Math.abs(maskCpu - maskNd4j));
                }
            }
        }
        LOG.info(String.format(java.util.Locale.ROOT, "nd4j vs java %s: saliency %.2e of max, masks %.2e", name, worstSal, worstMask));
        assertTrue(worstSal < 1e-6, name + ": saliency differs by " + worstSal + " of the maximum");
        assertTrue(worstMask < 1e-4, name + ": masks differ by " + worstMask);
    }
}
