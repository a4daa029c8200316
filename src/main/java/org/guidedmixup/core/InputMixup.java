package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * Input Mixup (Zhang et al. 2018): one lambda ~ Beta(alpha, alpha) per batch,
 * {@code x_i' = lambda x_i + (1 - lambda) x_t}, ratio lambda. Combined with greedy pairing this is
 * the paper's Table 8 variant.
 */
public final class InputMixup implements Mixer {
    private final double alpha;

    public InputMixup(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public void mix(ImageBatch batch, double[] z, int[] partner, RandomGenerator rng, float[] mixedOut, double[] ratioOut) {
        double lambda = BetaSampler.symmetric(alpha, rng);
        int len = batch.imageLength();
        float[] px = batch.pixels();
        for (int i = 0; i < batch.size(); i++) {
            int si = i * len;
            int st = partner[i] * len;
            for (int p = 0; p < len; p++) {
                mixedOut[si + p] = (float) (lambda * px[si + p] + (1 - lambda) * px[st + p]);
            }
            ratioOut[i] = lambda;
        }
    }

    @Override
    public boolean needsSaliency() {
        return false;
    }

    @Override
    public String name() {
        return "mixup";
    }
}
