package org.guidedmixup.spark;

import java.util.List;
import java.util.Map;

/**
 * The outcome of an augment run, as data: printed on the console and written to summary.json.
 * {@code inputRecords == outputSources + rejectedRecords} always holds for a completed run.
 * {@code saliencyMapsReused}: images whose saliency map was kept from an earlier round instead of
 * computed again (see {@link org.guidedmixup.core.SaliencyMemo}).
 */
public record AugmentSummary(
        String output,
        String inputFormat,
        long inputRecords,
        long rejectedRecords,
        long outputSources,
        int rounds,
        long outputRows,
        long mixedRows,
        double meanRatio,
        long batches,
        int numClasses,
        List<String> classNames,
        int channels,
        int height,
        int width,
        int files,
        long bytes,
        double wallSeconds,
        double imagesPerSecond,
        Map<String, Double> stageSeconds,
        Map<String, Double> executorSeconds,
        long saliencyMapsReused,
        Map<String, Long> rejectReasons,
        String preview,
        String version,
        Map<String, Object> config) {
}
