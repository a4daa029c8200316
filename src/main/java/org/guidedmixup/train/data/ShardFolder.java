package org.guidedmixup.train.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.transform.BaseTransform;
import org.guidedmixup.io.InputException;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.ShardFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished augment output opened for training, with Hadoop's file systems and parquet-hadoop only
 * (no Spark): its summary, checked against the shard files on disk ({@link ShardIndex}), and each
 * round's files in the order their tasks wrote them. {@link ShardEpochs} (Spark) and
 * {@code ShardDataSetIterator} (one machine) both start here, so both refuse the same damaged folders
 * and read the same batches.
 */
public final class ShardFolder {
    private final String output;
    private final AugmentSummary summary;
    private final ShardIndex index;
    private final ImageSpec spec;
    private final AugmentConfig settings;

    private ShardFolder(String output, AugmentSummary summary, ShardIndex index) {
        this.output = output;
        this.summary = summary;
        this.index = index;
        this.settings = summary.settings();
        // The transform that made the rows (already applied to them): evaluation derives its own from it.
        this.spec = new ImageSpec(summary.channels(), summary.height(), summary.width(), false, Long.MAX_VALUE,
                BaseTransform.parse(summary.transform()));
    }

    /**
     * Opens a finished augment output; refuses one without {@code _SUCCESS} or summary.json, and one
     * whose shard files are not exactly those the run wrote (see {@link ShardIndex}).
     *
     * @param flag how the user named the folder, for messages ("--data")
     */
    public static ShardFolder open(Configuration hadoop, String output, String flag) {
        AugmentSummary summary = AugmentSummary.read(hadoop, output, flag);
        ShardFormat layout = new ShardFormat(output);
        try {
            FileSystem fs = layout.root().getFileSystem(hadoop);
            return new ShardFolder(output, summary, ShardIndex.verify(fs, layout.shards(), summary, summary.settings(), output));
        } catch (IOException e) {
            throw new InputException("cannot read " + flag + " " + output + ": " + e.getMessage(), e);
        }
    }

    public String output() {
        return output;
    }

    public ImageSpec spec() {
        return spec;
    }

    public int numClasses() {
        return summary.numClasses();
    }

    public int rounds() {
        return summary.rounds();
    }

    /** Images per mini-batch of the run. */
    public int batchSize() {
        return settings.batchSize();
    }

    public List<String> classNames() {
        return summary.classNames() == null ? List.of() : List.copyOf(summary.classNames());
    }

    /** The saliency detector the shards were made with ("sr" or "ap"). */
    public String saliency() {
        return settings.saliency().id();
    }

    /** Rows (examples) of one round, from the footers. */
    public long rows(int round) {
        return index.rows(round);
    }

    /**
     * Round r's file paths grouped by the task that wrote them, in write order: each group is one
     * writer partition's batches (a batch never spans two groups).
     */
    public List<List<String>> files(int round) {
        Path shards = new ShardFormat(output).shards();
        List<List<String>> paths = new ArrayList<>();
        for (List<String> g : index.groups(round)) {
            List<String> files = new ArrayList<>(g.size());
            for (String f : g) {
                files.add(new Path(shards, f).toString());
            }
            paths.add(files);
        }
        return paths;
    }

    /** The reader that turns these shards' rows into DataSets. */
    public ShardReader reader() {
        return new ShardReader(spec, numClasses(), settings.imageEncoding() == AugmentConfig.ImageEncoding.RAW,
                settings.labelSmoothing());
    }
}
