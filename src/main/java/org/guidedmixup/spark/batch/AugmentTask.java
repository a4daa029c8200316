package org.guidedmixup.spark.batch;

import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.config.FaultInjection;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.guidedmixup.spark.saliency.SaliencyMemos;

import java.io.Serializable;

/**
 * What executors need to augment one round: shipped with the closure, so only small serializable
 * values (no Spark or config objects).
 *
 * @param saliencyMemo the key of the job's {@link SaliencyMemos saliency memo}, or null for none
 */
public record AugmentTask(ImageSpec spec, MixupConfig mixup, SaliencyFactory saliency, long seed,
                          int round, BatchPlan plan, boolean softLabels, AugmentConfig.ImageEncoding encoding,
                          int jpegQuality, FaultInjection faults, String saliencyMemo)
        implements Serializable {

    /** This task without the memo: for work whose results are thrown away (the augment job's kernel warm-up). */
    public AugmentTask withoutSaliencyMemo() {
        return new AugmentTask(spec, mixup, saliency, seed, round, plan, softLabels, encoding, jpegQuality, faults, null);
    }
}
