package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * The paper's "random" ablation: a uniformly random permutation of the batch (Fisher-Yates), as the
 * reference's {@code np.random.permutation}. Like the reference it may map an image to itself; such
 * an image is then mixed with itself (mask 0.5, unchanged pixels, its own label).
 */
public final class RandomPairing implements Pairing {
    @Override
    public void pair(double[] z, int m, int pixels, RandomGenerator rng, int[] partner) {
        for (int i = 0; i < m; i++) {
            partner[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = partner[i];
            partner[i] = partner[j];
            partner[j] = t;
        }
    }

    @Override
    public boolean needsSaliency() {
        return false;
    }

    @Override
    public String name() {
        return "random";
    }
}
