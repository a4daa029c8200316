package org.guidedmixup.spark.readback;

import com.typesafe.config.ConfigFactory;
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
import org.guidedmixup.spark.output.OutputLayout;

import java.util.List;
import java.util.Map;
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
        // Settings added after the run was made take their defaults (the bundled augment.conf).
        AugmentConfig cfg = AugmentConfig.from(ConfigFactory.parseMap(Map.of("augment", unflatten(summary.config())))
                .withFallback(ConfigFactory.parseResources(AugmentOutput.class.getClassLoader(), "augment.conf")));
        // The base transform of the run (from its settings), so that sources are shown as the batches saw them.
        // Runs from before the draft setting decoded every image at full size.
        boolean draft = summary.config().containsKey("draft") && cfg.draft();
        ImageSpec spec = new ImageSpec(summary.channels(), summary.height(), summary.width(), cfg.resize(), cfg.maxPixels(),
                cfg.transform(), draft);
        InputRdd src = InputReader.read(spark, cfg, Math.max(1, cfg.partitions()));
        Dataset<Row> shards = spark.read().parquet(new OutputLayout(dir).shards().toString());
        return new AugmentOutput(summary, cfg, spec, summary.numClasses(), List.copyOf(summary.classNames()), shards,
                src.records());
    }

    /** Decodes only the given source ids of the input (inputs can be large). */
    List<DecodedImage> decode(Set<Long> ids) {
        ImageSpec s = spec;
        int k = numClasses;
        return records.filter(r -> ids.contains(r.sourceId)).map(r -> ImageDecoder.decode(r, s, k)).collect();
    }

    /** {"a.b": 1} -> {"a": {"b": 1}}, as HOCON paths read. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> unflatten(Map<String, Object> flat) {
        Map<String, Object> root = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                node = (Map<String, Object>) node.computeIfAbsent(parts[i], x -> new java.util.LinkedHashMap<String, Object>());
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
        return root;
    }
}
