package org.guidedmixup.examples;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.guidedmixup.ml.GuidedMixup;

/**
 * README "Use it from your code", door 1: GuidedMixup as a Spark ML stage. {@code GuidedMixupTest}
 * runs it.
 */
public final class TransformerExample {
    private TransformerExample() {
    }

    // README: begin transformer
    public static Dataset<Row> mix(Dataset<Row> images) {      // columns: id (long), image (PNG/JPEG bytes), label (int)
        GuidedMixup mixup = new GuidedMixup()
                .setImageCol("image").setLabelCol("label").setIdCol("id")
                .setNumClasses(10).setBatchSize(32).setMixProb(0.5).setSeed(42).setRound(0);
        Dataset<Row> mixed = new Pipeline().setStages(new PipelineStage[] {mixup}).fit(images).transform(images);
        mixed.filter("mixed").select("source_id", "partner_id", "label", "partner_label", "ratio").show(3);
        return mixed;   // id, then the augment job's shard schema: write it, or feed it to your own training
    }
    // README: end transformer
}
