package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * Mixes every image i with its partner (step 4): writes the mixed pixels and the weight of the
 * source image in the result (the "ratio" lambda_i that its soft label gives to y_i).
 */
public interface Mixer {
    /**
     * @param z        normalised saliency maps (H*W per image); null when {@link #needsSaliency()} is false
     * @param partner  partner[i] for every image
     * @param mixedOut N*C*H*W mixed pixels
     * @param ratioOut N weights of the source image, in [0, 1]
     */
    void mix(ImageBatch batch, double[] z, int[] partner, RandomGenerator rng, float[] mixedOut, double[] ratioOut);

    /** Whether {@link #mix} reads the saliency maps. */
    boolean needsSaliency();

    /** A short name for metadata ("guided", "mixup", "cutmix"). */
    String name();
}
