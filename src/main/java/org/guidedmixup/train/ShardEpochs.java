package org.guidedmixup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.PngCodec;
import org.guidedmixup.io.ShardSchema;
import org.guidedmixup.spark.AugmentJob;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;

/**
 * Training data from an augment job's output: epoch e reads round e mod R of the shards and turns
 * each mini-batch (rows of one batch_id, in source_id order) into one {@code DataSet} with the soft
 * labels as targets: the {@code soft_label} column, or rebuilt from label, partner_label and ratio
 * (with the run's label smoothing) when the job dropped it.
 */
public final class ShardEpochs {
    private final SparkSession spark;
    private final String output;
    private final ImageSpec spec;
    private final int numClasses;
    private final int rounds;
    private final int partitions;
    private final int batchSize;
    private final boolean encoded;
    private final double labelSmoothing;
    private final List<String> classNames;
    private final String saliency;
    private Dataset<Row> shards;

    private ShardEpochs(SparkSession spark, String output, JsonNode summary) {
        this.spark = spark;
        this.output = output;
        JsonNode cfg = summary.path("config");
        this.spec = new ImageSpec(summary.path("channels").asInt(), summary.path("height").asInt(),
                summary.path("width").asInt(), false, Long.MAX_VALUE);
        this.numClasses = summary.path("num_classes").asInt();
        this.rounds = summary.path("rounds").asInt();
        this.partitions = Math.max(1, cfg.path("partitions").asInt(8));
        this.batchSize = cfg.path("batch-size").asInt(32);
        // png or jpeg: ImageIO reads either; raw is the pixels themselves.
        this.encoded = !"raw".equalsIgnoreCase(cfg.path("image-encoding").asText("png"));
        this.labelSmoothing = cfg.path("label-smoothing").asDouble(0);
        this.saliency = cfg.path("saliency").asText("sr");
        List<String> names = new ArrayList<>();
        summary.path("class_names").forEach(n -> names.add(n.asText()));
        this.classNames = names;
    }

    /** Opens a finished augment output; refuses one without {@code _SUCCESS} or summary.json. */
    public static ShardEpochs open(SparkSession spark, String output) {
        Path dir = new Path(output);
        try {
            FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(dir)) {
                throw new InputException("--data " + output + " does not exist; pass the --output folder of an augment run");
            }
            if (!fs.exists(new Path(dir, "_SUCCESS"))) {
                throw new InputException("--data " + output + " has no _SUCCESS: it is not a finished augment output"
                        + " (the run failed or is still going); rerun 'augment' or pass another folder");
            }
            Path summary = new Path(dir, "summary.json");
            if (!fs.exists(summary)) {
                throw new InputException("--data " + output + " has no summary.json; it is not an augment output");
            }
            JsonNode node;
            try (InputStream in = fs.open(summary)) {
                node = new ObjectMapper().readTree(in);
            }
            if (node.path("num_classes").asInt() < 1 || node.path("rounds").asInt() < 1 || node.path("channels").asInt() < 1) {
                throw new InputException(summary + " lacks num_classes, rounds or the image shape; rerun 'augment'");
            }
            return new ShardEpochs(spark, output, node);
        } catch (IOException e) {
            throw new InputException("cannot read --data " + output + ": " + e.getMessage(), e);
        }
    }

    public ImageSpec spec() {
        return spec;
    }

    public int numClasses() {
        return numClasses;
    }

    public int rounds() {
        return rounds;
    }

    public int batchSize() {
        return batchSize;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The saliency detector the shards were made with ("sr" or "ap"). */
    public String saliency() {
        return saliency;
    }

    private Dataset<Row> shards() {
        if (shards == null) {
            shards = spark.read().parquet(new Path(output, AugmentJob.SHARDS).toString());
        }
        return shards;
    }

    /** Rows (examples) of one round. */
    public long rows(int round) {
        return shards().filter(col(ShardSchema.ROUND).equalTo(round)).count();
    }

    /** The DataSets of epoch e (round e mod R), keyed by batch id. */
    public JavaPairRDD<Long, DataSet> epoch(int epoch) {
        int round = epoch % rounds;
        Dataset<Row> df = shards().filter(col(ShardSchema.ROUND).equalTo(round));
        boolean soft = Arrays.asList(df.columns()).contains(ShardSchema.SOFT_LABEL);
        List<org.apache.spark.sql.Column> cols = new ArrayList<>(List.of(col(ShardSchema.BATCH_ID),
                col(ShardSchema.SOURCE_ID), col(ShardSchema.LABEL), col(ShardSchema.PARTNER_LABEL),
                col(ShardSchema.RATIO), col(ShardSchema.IMAGE)));
        if (soft) {
            cols.add(col(ShardSchema.SOFT_LABEL));
        }
        Dataset<Row> sorted = df.select(cols.toArray(new org.apache.spark.sql.Column[0]))
                .repartition(partitions, col(ShardSchema.BATCH_ID))
                .sortWithinPartitions(ShardSchema.BATCH_ID, ShardSchema.SOURCE_ID);
        return sorted.javaRDD().mapPartitionsToPair(new RowsToDataSets(spec, numClasses, encoded, soft, labelSmoothing));
    }

    /** Consecutive rows of one batch_id become one DataSet. */
    static final class RowsToDataSets implements PairFlatMapFunction<Iterator<Row>, Long, DataSet>, Serializable {
        private static final long serialVersionUID = 1L;
        private final ImageSpec spec;
        private final int k;
        private final boolean encoded;
        private final boolean soft;
        private final double eps;

        RowsToDataSets(ImageSpec spec, int k, boolean encoded, boolean soft, double eps) {
            this.spec = spec;
            this.k = k;
            this.encoded = encoded;
            this.soft = soft;
            this.eps = eps;
        }

        @Override
        public Iterator<Tuple2<Long, DataSet>> call(Iterator<Row> rows) {
            Examples ex = new Examples(spec.channels(), spec.height(), spec.width(), k);
            float[] target = new float[k];
            return new Iterator<>() {
                Row lookahead = rows.hasNext() ? rows.next() : null;

                @Override
                public boolean hasNext() {
                    return lookahead != null;
                }

                @Override
                public Tuple2<Long, DataSet> next() {
                    if (lookahead == null) {
                        throw new NoSuchElementException();
                    }
                    long batch = lookahead.getLong(0);
                    ex.reset();
                    while (lookahead != null && lookahead.getLong(0) == batch) {
                        add(lookahead);
                        lookahead = rows.hasNext() ? rows.next() : null;
                    }
                    return new Tuple2<>(batch, ex.build());
                }

                private void add(Row r) {
                    byte[] image = (byte[]) r.get(5);
                    byte[] px = encoded ? PngCodec.decode(image, spec.channels()) : image;
                    if (px.length != spec.length()) {
                        throw new InputException("shard row source_id " + r.getLong(1) + " holds " + px.length
                                + " pixel values, expected " + spec.length() + " (" + spec.channels() + "x"
                                + spec.height() + "x" + spec.width() + ")");
                    }
                    if (soft) {
                        List<Float> s = r.getList(6);
                        if (s.size() != k) {
                            throw new InputException("shard row source_id " + r.getLong(1) + " has " + s.size()
                                    + " soft-label values, expected " + k);
                        }
                        for (int c = 0; c < k; c++) {
                            target[c] = s.get(c);
                        }
                    } else {
                        rebuild(r.getInt(2), r.isNullAt(3) ? -1 : r.getInt(3), r.getFloat(4), target);
                    }
                    ex.add(px, target, 0, 1f);
                }
            };
        }

        /** ratio * smooth(onehot(label)) + (1 - ratio) * smooth(onehot(partner)), as the job computes it. */
        private void rebuild(int label, int partner, float ratio, float[] out) {
            double off = eps / k;
            double on = 1 - eps;
            double[] row = new double[k];
            Arrays.fill(row, off);
            double lam = partner < 0 ? 1.0 : ratio;
            row[label] += lam * on;
            row[partner < 0 ? label : partner] += (1 - lam) * on;
            for (int c = 0; c < k; c++) {
                out[c] = (float) row[c];
            }
        }
    }
}
