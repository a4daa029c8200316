package org.guidedmixup.spark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.guidedmixup.io.InputException;
import org.guidedmixup.config.ConfigLayers;
import org.guidedmixup.io.JsonFormat;
import org.guidedmixup.io.Version;
import org.guidedmixup.spark.config.AugmentConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an augment run, as data: printed on the console and written to summary.json.
 * {@code inputRecords == outputSources + rejectedRecords} always holds for a completed run.
 * {@code saliencyMapsReused}: images whose saliency map was kept from an earlier round instead of
 * computed again (see {@link org.guidedmixup.core.SaliencyMemo}). {@code transform}: the base
 * transform every image went through before the mixup ({@code crop=none flip=off}: none; null in
 * summaries written before it existed).
 *
 * <p>{@link #read} opens the summary of a finished output again, on any Hadoop file system: the one
 * reader that {@code train --data}, {@code preview} and {@code export} share.
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
        String transform,
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

    /** What the job read: the input's format and records, those it kept, those it rejected and why. */
    public record Input(String format, long records, long rejected, long kept, Map<String, Long> rejectReasons) {
    }

    /** The images' shape and classes, and the base transform they went through. */
    public record Images(int numClasses, List<String> classNames, int channels, int height, int width, String transform) {
    }

    /**
     * What the job wrote and checked: rows over all rounds, mixed rows and their mean ratio, batches,
     * the shard files and their bytes, the saliency maps reused, and the preview (null: none).
     */
    public record Written(int rounds, long rows, long mixedRows, double meanRatio, long batches, List<ShardFile> shardFiles,
                          long bytes, long saliencyMapsReused, String preview) {
    }

    /** Where the time went: the whole run, images per second of augmenting, per stage and per executor step. */
    public record Timing(double wallSeconds, double imagesPerSecond, Map<String, Double> stageSeconds,
                         Map<String, Double> executorSeconds) {
    }

    /** The summary of a finished run, from its parts. */
    public static AugmentSummary of(String output, Input in, Images images, Written out, Timing time,
                                    Map<String, Object> config) {
        return new AugmentSummary(output, in.format(), in.records(), in.rejected(), in.kept(), out.rounds(), out.rows(),
                out.mixedRows(), out.meanRatio(), out.batches(), images.numClasses(), images.classNames(), images.channels(),
                images.height(), images.width(), images.transform(), out.shardFiles().size(), out.bytes(),
                time.wallSeconds(), time.imagesPerSecond(), time.stageSeconds(), time.executorSeconds(),
                out.saliencyMapsReused(), in.rejectReasons(), out.preview(), Version.get(), out.shardFiles(), config);
    }

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

    /**
     * The run's settings, typed and validated as the run read them. Settings added to the project after
     * the run was made take today's defaults ({@link ConfigLayers#defaults()}), except {@code draft}:
     * runs from before it decoded every image at full size, so their settings say {@code draft=false}.
     */
    public AugmentConfig settings() {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((k, v) -> flat.put("augment." + k, v));
        }
        flat.putIfAbsent("augment.draft", false);
        return AugmentConfig.from(ConfigLayers.layered(null, flat, ShardFormat.SUMMARY + " of " + output), false);
    }

    /**
     * The summary of the finished augment output {@code output}: refused, with one line that starts
     * with {@code flag} (how the user named the folder, e.g. "--data"), when the folder does not exist,
     * has no {@code _SUCCESS} (the run failed or is still going), or has no readable summary.json.
     */
    public static AugmentSummary read(Configuration hadoop, String output, String flag) {
        String named = flag.isEmpty() ? output : flag + " " + output;
        ShardFormat layout = new ShardFormat(output);
        try {
            FileSystem fs = layout.root().getFileSystem(hadoop);
            if (!fs.exists(layout.root())) {
                throw new InputException(named + " does not exist; pass the --output folder of an augment run");
            }
            if (!fs.exists(layout.success())) {
                throw new InputException(named + " has no " + ShardFormat.SUCCESS + ": it is not a finished augment output"
                        + " (the run failed or is still going); rerun 'augment' or pass another folder");
            }
            Path file = layout.summary();
            if (!fs.exists(file)) {
                throw new InputException(named + " has no " + ShardFormat.SUMMARY + "; it is not an augment output");
            }
            AugmentSummary s;
            try (InputStream in = fs.open(file)) {
                s = JsonFormat.compact().readValue(in, AugmentSummary.class);
            } catch (IOException e) {
                throw new InputException(named + ": " + ShardFormat.SUMMARY + " cannot be read (" + e.getMessage()
                        .lines().findFirst().orElse("") + "); rerun 'augment'");
            }
            if (s.numClasses() < 1 || s.rounds() < 1 || s.channels() < 1) {
                throw new InputException(file + " lacks num_classes, rounds or the image shape; rerun 'augment'");
            }
            return s;
        } catch (IOException e) {
            throw new InputException("cannot read " + named + ": " + e.getMessage(), e);
        }
    }
}
