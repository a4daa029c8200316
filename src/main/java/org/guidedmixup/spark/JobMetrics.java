package org.guidedmixup.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;

/** Counters the executors add to and the driver reads for progress and the summary. */
final class JobMetrics implements Serializable {
    private static final long serialVersionUID = 1L;

    final LongAccumulator images;
    final LongAccumulator batches;
    final LongAccumulator mixedRows;
    final DoubleAccumulator mixedRatioSum;
    final LongAccumulator singleImageBatches;
    final LongAccumulator saliencyNanos;
    final LongAccumulator mixNanos;
    final LongAccumulator encodeNanos;

    JobMetrics(SparkContext sc) {
        images = sc.longAccumulator("images augmented");
        batches = sc.longAccumulator("batches");
        mixedRows = sc.longAccumulator("mixed rows");
        mixedRatioSum = sc.doubleAccumulator("sum of ratios of mixed rows");
        singleImageBatches = sc.longAccumulator("batches of one image");
        saliencyNanos = sc.longAccumulator("saliency ns");
        mixNanos = sc.longAccumulator("pairing and mixing ns");
        encodeNanos = sc.longAccumulator("encoding ns");
    }
}
