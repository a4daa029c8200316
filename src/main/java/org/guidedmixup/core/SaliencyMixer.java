package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * GuidedMixup's pixel-wise mixing (Eqs. 2-4): {@code mask_i = z_i / (z_i + z_t)}, shared by all
 * channels; {@code x_i' = mask_i x_i + (1 - mask_i) x_t}; the ratio is the mask's mean. Where both
 * saliencies are 0 the mask is 0.5.
 */
public final class SaliencyMixer implements Mixer {
    @Override
    public void mix(ImageBatch batch, double[] z, int[] partner, RandomGenerator rng, float[] mixedOut, double[] ratioOut) {
        int hw = batch.pixelsPerChannel();
        int len = batch.imageLength();
        int channels = batch.channels();
        float[] px = batch.pixels();
        for (int i = 0; i < batch.size(); i++) {
            int t = partner[i];
            int zi = i * hw;
            int zt = t * hw;
            double sum = 0;
            for (int p = 0; p < hw; p++) {
                double m = mask(z[zi + p], z[zt + p]);
                sum += m;
                for (int c = 0; c < channels; c++) {
                    int off = c * hw + p;
                    mixedOut[i * len + off] = (float) (m * px[i * len + off] + (1 - m) * px[t * len + off]);
                }
            }
            ratioOut[i] = sum / hw;
        }
    }

    /** The mixing weight of a source pixel with saliency {@code a} against a partner pixel {@code b}. */
    public static double mask(double a, double b) {
        double s = a + b;
        return s == 0 ? 0.5 : a / s;
    }

    @Override
    public boolean needsSaliency() {
        return true;
    }

    @Override
    public String name() {
        return "guided";
    }
}
