package org.guidedmixup.core;

import java.util.SplittableRandom;

/**
 * GuidedMixup on one mini-batch, in one call: saliency → blur → sum-to-1 → pairing → mixing → soft
 * labels. The offline Spark job and online training both call this.
 *
 * <p>One instance per thread or partition: it owns its detector, pairing and every buffer, and
 * reuses them across calls, so steady-state augmentation allocates nothing.
 */
public final class BatchAugmenter {
    private final MixupConfig config;
    private final SaliencyDetector detector;
    private final Pairing pairing;
    private final Mixer mixer;
    private final SaliencyNormalizer normalizer = new SaliencyNormalizer();
    private final AugmentedBatch result = new AugmentedBatch();
    /** One soft-label row in double, summed before the cast to float. */
    private final double[] softRow;
    /** With a memo: the batch positions of the images it does not keep, and their smaller batch. */
    private int[] missing = new int[0];
    private float[] subPixels = new float[0];
    private int[] subLabels = new int[0];
    private long[] subIds = new long[0];
    private double[] subSaliency = new double[0];
    private double[] subNormalized = new double[0];

    /**
     * @param detector the saliency detector; may be null only when neither the pairing nor the
     *                 mixer reads saliency (random pairing with mixup or cutmix)
     */
    public BatchAugmenter(MixupConfig config, SaliencyDetector detector) {
        this.config = config;
        this.pairing = config.pairing().create();
        this.mixer = config.mixer().create(config.alpha());
        this.detector = detector;
        this.softRow = new double[config.numClasses()];
        if (detector == null && needsSaliency()) {
            throw new IllegalArgumentException("pairing '" + pairing.name() + "' with mixer '" + mixer.name()
                    + "' needs a saliency detector");
        }
    }

    public MixupConfig config() {
        return config;
    }

    /** The detector in use, or null. */
    public SaliencyDetector detector() {
        return detector;
    }

    private boolean needsSaliency() {
        return pairing.needsSaliency() || mixer.needsSaliency();
    }

    /**
     * Augments one batch. Every random choice comes from {@code batchSeed} (see {@link BatchSeed}).
     *
     * @return a view valid until the next call
     * @throws IllegalArgumentException when a label is not below the configured class count
     */
    public AugmentedBatch augment(ImageBatch batch, long batchSeed) {
        return augment(batch, batchSeed, null);
    }

    /**
     * Augments one batch, taking the maps of images that {@code memo} keeps from it instead of the
     * detector, and keeping the maps it computes. The result is the same, bit for bit, as without a
     * memo: a memo is used only with a detector whose maps depend on each image alone
     * ({@link SaliencyDetector#dependsOnImageAlone()}); with any other, or with null, every image is
     * analysed. With a memo, {@link AugmentedBatch#hasDetectorSaliency()} says whether the step-1
     * maps are there too.
     *
     * @param memo maps kept across the rounds of a job, or null
     */
    public AugmentedBatch augment(ImageBatch batch, long batchSeed, SaliencyMemo memo) {
        int k = config.numClasses();
        batch.requireLabelsBelow(k);
        AugmentedBatch r = result;
        r.batch = batch;
        r.numClasses = k;
        r.hasSaliency = false;
        r.hasDetectorSaliency = false;
        r.saliencyNanos = 0;
        long t0 = System.nanoTime();
        r.ensureCapacity(batch, k);
        SplittableRandom rng = new SplittableRandom(batchSeed);
        boolean draw = rng.nextDouble() < config.mixProb();
        int m = batch.size();
        if (m == 1 || !draw) {
            r.outcome = m == 1 ? AugmentedBatch.Outcome.SINGLE_IMAGE : AugmentedBatch.Outcome.SKIPPED_BY_MIX_PROB;
            r.pixels = batch.pixels();
            for (int i = 0; i < m; i++) {
                r.ratio[i] = 1.0;
                r.partner[i] = i;
            }
            softLabels(batch, r);
            r.mixNanos = System.nanoTime() - t0;
            return r;
        }
        int hw = batch.pixelsPerChannel();
        if (needsSaliency()) {
            if (memo != null && detector.dependsOnImageAlone()) {
                saliencyThroughMemo(batch, memo, r);
            } else {
                analyse(batch, r);
            }
            r.hasSaliency = true;
        }
        long t1 = System.nanoTime();
        r.saliencyNanos = t1 - t0;
        double[] z = r.hasSaliency ? r.normalized : null;
        pairing.pair(z, m, hw, rng, r.partner);
        mixer.mix(batch, z, r.partner, rng, r.mixedBuffer, r.ratio);
        r.pixels = r.mixedBuffer;
        r.outcome = AugmentedBatch.Outcome.MIXED;
        softLabels(batch, r);
        r.mixNanos = System.nanoTime() - t1;
        return r;
    }

    /** Steps 1 and 2 for the whole batch: the detector's maps, then blurred and summed to 1. */
    private void analyse(ImageBatch batch, AugmentedBatch r) {
        detector.detect(batch, r.saliency);
        normalizer.apply(r.saliency, r.normalized, batch.size(), batch.height(), batch.width());
        r.hasDetectorSaliency = true;
    }

    /**
     * Step 1 and 2 for the images whose z the memo does not keep, as one smaller batch (each image's
     * map is its own whatever the batch holds), then kept; the others' z copied from the memo.
     */
    private void saliencyThroughMemo(ImageBatch batch, SaliencyMemo memo, AugmentedBatch r) {
        int m = batch.size();
        int h = batch.height();
        int w = batch.width();
        int hw = h * w;
        if (missing.length < m) {
            missing = new int[m];
        }
        int misses = 0;
        for (int i = 0; i < m; i++) {
            if (!memo.copyInto(batch.id(i), r.normalized, i * hw, hw)) {
                missing[misses++] = i;
            }
        }
        if (misses == 0) {
            return;
        }
        if (misses == m) {
            analyse(batch, r);
            for (int i = 0; i < m; i++) {
                memo.keep(batch.id(i), r.normalized, i * hw, hw);
            }
            return;
        }
        int len = batch.imageLength();
        if (subLabels.length < misses) {
            subLabels = new int[m];
            subIds = new long[m];
        }
        if (subPixels.length < misses * len) {
            subPixels = new float[m * len];
            subSaliency = new double[m * hw];
            subNormalized = new double[m * hw];
        }
        for (int k = 0; k < misses; k++) {
            int i = missing[k];
            System.arraycopy(batch.pixels(), i * len, subPixels, k * len, len);
            subLabels[k] = batch.label(i);
            subIds[k] = batch.id(i);
        }
        ImageBatch sub = new ImageBatch(misses, batch.channels(), h, w, subPixels, subLabels, subIds);
        detector.detect(sub, subSaliency);
        normalizer.apply(subSaliency, subNormalized, misses, h, w);
        for (int k = 0; k < misses; k++) {
            System.arraycopy(subNormalized, k * hw, r.normalized, missing[k] * hw, hw);
            memo.keep(subIds[k], subNormalized, k * hw, hw);
        }
    }

    /** soft_i from y_i, y_partner(i) and ratio_i ({@link SoftLabels}). */
    private void softLabels(ImageBatch batch, AugmentedBatch r) {
        int k = config.numClasses();
        for (int i = 0; i < batch.size(); i++) {
            SoftLabels.write(k, config.labelSmoothing(), batch.label(i), batch.label(r.partner[i]), r.ratio[i], softRow,
                    r.soft, i * k);
        }
    }
}
