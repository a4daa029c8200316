package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * Chooses, for every image i of a batch, the partner image it is mixed with (step 3).
 * Implementations may keep scratch buffers and are not thread-safe.
 */
public interface Pairing {
    /**
     * Fills {@code partner[0..m)}.
     *
     * @param z      m normalised saliency maps of {@code pixels} values each, row-major; may be null
     *               when {@link #needsSaliency()} is false
     * @param rng    the batch's random source (for random pairings)
     */
    void pair(double[] z, int m, int pixels, RandomGenerator rng, int[] partner);

    /** Whether {@link #pair} reads the saliency maps. */
    boolean needsSaliency();

    /** A short name for metadata ("greedy", "random"). */
    String name();
}
