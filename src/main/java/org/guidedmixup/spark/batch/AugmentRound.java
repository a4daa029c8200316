package org.guidedmixup.spark.batch;

import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.guidedmixup.spark.saliency.SaliencyMemos;

import java.io.Serializable;

/**
 * One round's augmentation parameters, the same for the augment job (round r) and online training
 * (epoch e): shipped with the closure to the executors, so only small serializable values. How the
 * augment job writes the round's rows is its own business ({@code ShardWriting}).
 *
 * @param saliencyMemo the key of the job's {@link SaliencyMemos saliency memo}, or null for none
 */
public record AugmentRound(ImageSpec spec, MixupConfig mixup, SaliencyFactory saliency, long seed, int round, BatchPlan plan,
                           String saliencyMemo) implements Serializable {

    /** This round without the memo: for work whose results are thrown away (the augment job's kernel warm-up). */
    public AugmentRound withoutSaliencyMemo() {
        return new AugmentRound(spec, mixup, saliency, seed, round, plan, null);
    }
}
