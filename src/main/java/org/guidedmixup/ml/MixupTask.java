package org.guidedmixup.ml;

import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.transform.BaseTransform;

import java.io.Serializable;

/**
 * The {@link GuidedMixup} transformer's settings as its tasks need them: small, serializable, and
 * validated on the driver before any plan is built.
 *
 * @param transform the base transform before the mixup (a crop sizes the images)
 * @param channels 0: those of each group's first image
 * @param height   0 (with width 0): images keep their size
 * @param jpegFullChroma jpegSubsampling = 4:4:4
 * @param skip     handleInvalid = skip: unusable rows are left out instead of failing the job
 */
record MixupTask(MixupConfig mixup, BaseTransform transform, long seed, int round, int partitions, int batchSize, int channels, int height,
                 int width, String encoding, int jpegQuality, boolean jpegFullChroma, boolean softLabels, boolean skip,
                 String imageCol, String labelCol) implements Serializable {
}
