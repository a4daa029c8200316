package org.guidedmixup.core;

/**
 * The result of augmenting one batch: mixed pixels, partners, ratios and soft labels, plus the
 * saliency maps that guided them. It is a view over the {@link BatchAugmenter}'s reused buffers and
 * stays valid until that augmenter's next call: copy out what must outlive it.
 */
public final class AugmentedBatch {
    /** Why a batch is (or is not) mixed. */
    public enum Outcome {
        /** Mixed with partners. */
        MIXED,
        /** Passed through clean: the mix-probability draw said no. */
        SKIPPED_BY_MIX_PROB,
        /** Passed through clean: a batch of one image has nobody to mix with. */
        SINGLE_IMAGE
    }

    ImageBatch batch;
    Outcome outcome;
    int numClasses;
    float[] pixels;
    float[] mixedBuffer = new float[0];
    int[] partner = new int[0];
    double[] ratio = new double[0];
    float[] soft = new float[0];
    double[] saliency = new double[0];
    double[] normalized = new double[0];
    boolean hasSaliency;
    boolean hasDetectorSaliency;
    long saliencyNanos;
    long mixNanos;

    AugmentedBatch() {
    }

    void ensureCapacity(ImageBatch b, int k) {
        int n = b.size();
        int len = n * b.imageLength();
        int hw = n * b.pixelsPerChannel();
        if (mixedBuffer.length < len) {
            mixedBuffer = new float[len];
        }
        if (partner.length < n) {
            partner = new int[n];
            ratio = new double[n];
        }
        if (soft.length < n * k) {
            soft = new float[n * k];
        }
        if (saliency.length < hw) {
            saliency = new double[hw];
            normalized = new double[hw];
        }
    }

    public ImageBatch input() { return batch; }
    public int size() { return batch.size(); }
    public Outcome outcome() { return outcome; }
    public boolean mixed() { return outcome == Outcome.MIXED; }
    public int numClasses() { return numClasses; }

    /** N*C*H*W output pixels: the mixed images, or the input's own pixels when not mixed. */
    public float[] pixels() { return pixels; }

    /** The partner of image i, or -1 when the batch is not mixed. */
    public int partner(int i) { return mixed() ? partner[i] : -1; }

    /** The weight of image i's own label in its soft label (1 when not mixed). */
    public double ratio(int i) { return mixed() ? ratio[i] : 1.0; }

    /** N*K soft labels, row i at i*K. */
    public float[] softLabels() { return soft; }

    /** Whether {@link #normalizedSaliency()} holds this batch's maps. */
    public boolean hasSaliency() { return hasSaliency; }

    /**
     * Whether {@link #saliency()} holds this batch's step-1 maps too: always with saliency, except
     * where some maps came from a {@link SaliencyMemo}, which keeps only the normalised ones.
     */
    public boolean hasDetectorSaliency() { return hasDetectorSaliency; }

    /** N*H*W saliency from the detector (step 1), before the mixup blur; see {@link #hasDetectorSaliency()}. */
    public double[] saliency() { return saliency; }

    /** Time spent in saliency, blur and normalisation for this batch. */
    public long saliencyNanos() { return saliencyNanos; }

    /** Time spent in pairing, mixing and soft labels for this batch. */
    public long mixNanos() { return mixNanos; }

    /** N*H*W blurred, sum-to-1 saliency (step 2), what pairing and masks use. */
    public double[] normalizedSaliency() { return normalized; }
}
