package org.guidedmixup.spark.readback;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.InputRdd;
import org.guidedmixup.spark.input.InputReader;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.ShardFormat;

import java.util.List;
import java.util.Set;

/**
 * A finished augment output opened for reading back: its summary and settings, its shards, and
 * the input it names (read again, lazily, to decode the source and partner images of chosen rows).
 * {@code preview} and {@code export} start here.
 */
final class AugmentOutput {
    final AugmentSummary summary;
    final AugmentConfig cfg;
    final ImageSpec spec;
    final int numClasses;
    final List<String> classNames;
    final Dataset<Row> shards;
    private final JavaRDD<SourceRecord> records;

    private AugmentOutput(AugmentSummary summary, AugmentConfig cfg, ImageSpec spec, int numClasses, List<String> classNames,
                          Dataset<Row> shards, JavaRDD<SourceRecord> records) {
        this.summary = summary;
        this.cfg = cfg;
        this.spec = spec;
        this.numClasses = numClasses;
        this.classNames = classNames;
        this.shards = shards;
        this.records = records;
    }

    /** Opens the finished output {@code dir} (a local path or a Hadoop URI), refusing one without {@code _SUCCESS}. */
    static AugmentOutput open(SparkSession spark, String dir) {
        AugmentSummary summary = AugmentSummary.read(spark.sparkContext().hadoopConfiguration(), dir, "");
        AugmentConfig cfg = summary.settings();
        // The base transform of the run (from its settings), so that sources are shown as the batches saw them.
        ImageSpec spec = new ImageSpec(summary.channels(), summary.height(), summary.width(), cfg.resize(), cfg.maxPixels(),
                cfg.transform(), cfg.draft());
        InputRdd src = InputReader.read(spark, cfg, Math.max(1, cfg.partitions()));
        Dataset<Row> shards = spark.read().parquet(new ShardFormat(dir).shards().toString());
        return new AugmentOutput(summary, cfg, spec, summary.numClasses(), List.copyOf(summary.classNames()), shards,
                src.records());
    }

    /** Decodes only the given source ids of the input (inputs can be large). */
    List<DecodedImage> decode(Set<Long> ids) {
        ImageSpec s = spec;
        int k = numClasses;
        return records.filter(r -> ids.contains(r.sourceId)).map(r -> ImageDecoder.decode(r, s, k)).collect();
    }
}
