package org.guidedmixup.train.output;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.guidedmixup.io.JsonFormat;
import org.guidedmixup.model.TrainableNetwork;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a train run leaves in its output folder, named once:
 * <pre>
 * OUTPUT/
 *   model.zip            the trained network (ModelSerializer, with its updater state)
 *   metrics.json         {@link TrainSummary}: settings, data, per-epoch metrics
 *   config.json          every setting of the run
 *   learning-curve.png   train loss and test top-1 by epoch
 *   _SUCCESS             written last
 * </pre>
 */
public final class TrainOutput {
    public static final String MODEL = "model.zip";
    public static final String METRICS = "metrics.json";
    public static final String CONFIG = "config.json";
    public static final String CURVE = "learning-curve.png";
    public static final String SUCCESS = org.guidedmixup.spark.output.ShardFormat.SUCCESS;

    private TrainOutput() {
    }

    /**
     * Writes the run's outputs into {@code dir} (its staging folder), {@code _SUCCESS} last; the learning
     * curve of {@code epochs} is titled {@code curveTitle}.
     */
    public static void write(FileSystem fs, Path dir, TrainableNetwork model, TrainSummary summary,
                             Map<String, Object> config, List<EpochMetrics> epochs, String curveTitle) throws IOException {
        try (FSDataOutputStream os = fs.create(new Path(dir, MODEL), false)) {
            model.save(os);
        }
        try (FSDataOutputStream os = fs.create(new Path(dir, METRICS), false)) {
            os.write(JsonFormat.pretty().writeValueAsBytes(summary));
        }
        try (FSDataOutputStream os = fs.create(new Path(dir, CONFIG), false)) {
            os.write(JsonFormat.pretty().writeValueAsBytes(config));
        }
        try (FSDataOutputStream os = fs.create(new Path(dir, CURVE), false)) {
            LearningCurve.write(epochs, curveTitle, os);
        }
        fs.create(new Path(dir, SUCCESS), false).close();
    }
}
