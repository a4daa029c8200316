package org.guidedmixup.spark;

import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.io.ImageSpec;

import java.io.Serializable;

/**
 * What executors need to augment one round: shipped with the closure, so only small serializable
 * values (no Spark or config objects).
 */
public record AugmentTask(ImageSpec spec, MixupConfig mixup, SaliencyFactory saliency, long seed,
                          int round, BatchPlan plan, boolean softLabels, AugmentConfig.ImageEncoding encoding,
                          int jpegQuality, FaultInjection faults)
        implements Serializable {
}
