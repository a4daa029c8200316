package org.guidedmixup.core;

/**
 * Computes one non-negative H x W saliency map per image of a batch (step 1 of GuidedMixup).
 * Implementations keep scratch buffers and are not thread-safe: use one per thread or partition.
 */
public interface SaliencyDetector {
    /**
     * Writes the saliency of image i into {@code out[i*H*W .. (i+1)*H*W)}.
     *
     * @param out at least N*H*W long
     */
    void detect(ImageBatch batch, double[] out);

    /** A short name for metadata and logs ("sr", "ap"). */
    String name();

    /**
     * True when image i's map depends on image i's pixels alone, bit for bit: not on the other images
     * of its batch, their number, or any state that changes between calls (a model being trained).
     * Only then may a {@link SaliencyMemo} stand in for the detector.
     */
    default boolean dependsOnImageAlone() {
        return false;
    }
}
