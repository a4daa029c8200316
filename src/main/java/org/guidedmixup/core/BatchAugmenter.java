package org.guidedmixup.core;

import java.util.Arrays;
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
        int k = config.numClasses();
        batch.requireLabelsBelow(k);
        AugmentedBatch r = result;
        r.batch = batch;
        r.numClasses = k;
        r.hasSaliency = false;
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
            detector.detect(batch, r.saliency);
            normalizer.apply(r.saliency, r.normalized, m, batch.height(), batch.width());
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

    /**
     * soft_i = ratio_i * smooth(onehot(y_i)) + (1 - ratio_i) * smooth(onehot(y_t)), with timm's
     * smoothing (off = eps / K, on = 1 - eps + off); eps = 0 gives the reference's labels.
     */
    private void softLabels(ImageBatch batch, AugmentedBatch r) {
        int k = config.numClasses();
        double eps = config.labelSmoothing();
        double off = eps / k;
        double on = 1 - eps;
        for (int i = 0; i < batch.size(); i++) {
            double[] row = softRow;
            Arrays.fill(row, 0, k, off);
            double lam = r.ratio[i];
            row[batch.label(i)] += lam * on;
            row[batch.label(r.partner[i])] += (1 - lam) * on;
            for (int c = 0; c < k; c++) {
                r.soft[i * k + c] = (float) row[c];
            }
        }
    }
}
