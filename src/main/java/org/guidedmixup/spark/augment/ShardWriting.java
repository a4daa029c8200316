package org.guidedmixup.spark.augment;

import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.config.FaultInjection;

import java.io.Serializable;

/**
 * How the augment job's tasks write their rows: the soft_label column or not, the image encoding,
 * and (tests only) injected task failures. Shipped with the closure.
 */
record ShardWriting(boolean softLabels, AugmentConfig.ImageEncoding encoding, int jpegQuality, boolean jpegFullChroma,
                    FaultInjection faults)
        implements Serializable {

    static ShardWriting of(AugmentConfig cfg) {
        return new ShardWriting(cfg.softLabels(), cfg.imageEncoding(), cfg.jpegQuality(), cfg.jpegFullChroma(), cfg.faults());
    }
}
