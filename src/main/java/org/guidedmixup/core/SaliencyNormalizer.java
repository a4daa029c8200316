package org.guidedmixup.core;

/**
 * Step 2 of GuidedMixup: z = blur7x7sigma3(s), then z / sum(z) per image. A map that sums to 0
 * (nothing salient anywhere) becomes uniform rather than NaN. Not thread-safe (blur scratch).
 */
public final class SaliencyNormalizer {
    private final GaussianBlur blur = GaussianBlur.guidedMixup();

    /** Normalises m maps of h x w from {@code saliency} into {@code z}. */
    public void apply(double[] saliency, double[] z, int m, int h, int w) {
        int hw = h * w;
        for (int i = 0; i < m; i++) {
            int off = i * hw;
            blur.apply(saliency, off, h, w, z, off);
            double sum = 0;
            for (int p = 0; p < hw; p++) {
                sum += z[off + p];
            }
            if (sum > 0 && Double.isFinite(sum)) {
                double inv = 1.0 / sum;
                for (int p = 0; p < hw; p++) {
                    z[off + p] *= inv;
                }
            } else {
                for (int p = 0; p < hw; p++) {
                    z[off + p] = 1.0 / hw;
                }
            }
        }
    }
}
