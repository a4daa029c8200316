package org.guidedmixup.spark.augment;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.guidedmixup.spark.input.InputTally;
import org.guidedmixup.spark.readback.PreviewCandidates;

import java.io.Serializable;

/** Counters the executors add to and the driver reads for progress and the summary. */
final class JobMetrics implements Serializable {
    private static final long serialVersionUID = 1L;

    final LongAccumulator images;
    final LongAccumulator batches;
    final LongAccumulator mixedRows;
    /** Sum of the mixed rows' stored (float) ratios in units of 2^-32: exact, so the mean does not depend on task order. */
    final LongAccumulator mixedRatioFixed;
    /** Sum of {@link InputTally#rowKeyHash} over the rows handed to the writer. */
    final LongAccumulator rowKeySum;
    /** Reading and decoding images inside the rounds' tasks (inputs read by path; 0 for the others). */
    final LongAccumulator decodeNanos;
    /** The base transform (crop, resize, flip) of the batches' images. */
    final LongAccumulator transformNanos;
    final LongAccumulator saliencyNanos;
    final LongAccumulator mixNanos;
    final LongAccumulator encodeNanos;
    /** Handing the rows to the Parquet writer (column encoding, compression, file output). */
    final LongAccumulator writeNanos;
    /** The preview's rows, gathered as they are written (empty capacity when no preview is drawn). */
    final PreviewCandidates preview;

    /** One unit of {@link #mixedRatioFixed}. */
    static final double RATIO_UNIT = 0x1p-32;

    JobMetrics(SparkContext sc) {
        this(sc, 0);
    }

    /** @param previewRows how many of the first mixed rows to keep for the preview (0: none) */
    JobMetrics(SparkContext sc, int previewRows) {
        images = sc.longAccumulator("images augmented");
        batches = sc.longAccumulator("batches");
        mixedRows = sc.longAccumulator("mixed rows");
        mixedRatioFixed = sc.longAccumulator("sum of ratios of mixed rows x 2^32");
        rowKeySum = sc.longAccumulator("sum of row-key hashes");
        decodeNanos = sc.longAccumulator("decoding ns");
        transformNanos = sc.longAccumulator("base transform ns");
        saliencyNanos = sc.longAccumulator("saliency ns");
        mixNanos = sc.longAccumulator("pairing and mixing ns");
        encodeNanos = sc.longAccumulator("encoding ns");
        writeNanos = sc.longAccumulator("parquet writing ns");
        preview = new PreviewCandidates(previewRows);
        sc.register(preview, "preview rows");
    }
}
