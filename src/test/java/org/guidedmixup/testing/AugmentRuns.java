package org.guidedmixup.testing;

import com.typesafe.config.ConfigFactory;
import org.apache.spark.sql.Row;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.spark.augment.AugmentJob;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.ShardFormat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/** Augment runs for tests, on the shared local[2] session: settings as under {@code augment { }}, quiet defaults. */
public final class AugmentRuns {
    private AugmentRuns() {
    }

    /** conf/augment.conf with these settings ("batch-size" -> augment.batch-size), no progress lines, no preview. */
    public static AugmentConfig config(Map<String, Object> settings) {
        Map<String, Object> m = new HashMap<>();
        m.put("augment.progress-seconds", 0);
        m.put("augment.preview", false);
        settings.forEach((k, v) -> m.put("augment." + k, v));
        return AugmentConfig.from(ConfigFactory.parseMap(m).withFallback(ConfigFactory.parseResources("augment.conf")).resolve());
    }

    public static AugmentSummary run(Map<String, Object> settings) {
        return new AugmentJob(SparkTestSession.get(), config(settings)).run();
    }

    /** The output's shard rows, by (round, source_id). */
    public static List<Row> rows(Path out) {
        return SparkTestSession.get().read().parquet(out.resolve(ShardFormat.SHARDS).toString())
                .orderBy(col(ShardSchema.ROUND), col(ShardSchema.SOURCE_ID)).collectAsList();
    }
}
