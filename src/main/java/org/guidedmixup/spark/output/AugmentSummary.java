package org.guidedmixup.spark.output;

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
        List<ShardFile> shardFiles,
        Map<String, Object> config) {

    /**
     * One file of {@code shards/} as the job committed it: what {@code train --data} checks the folder
     * against before it trains (a missing, extra or truncated file is refused).
     *
     * @param file  the file's name inside {@code shards/}
     * @param round the augmentation round all its rows belong to
     * @param rows  its row count, as its Parquet footer says
     */
    public record ShardFile(String file, int round, long rows) {
    }
}
