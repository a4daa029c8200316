package org.guidedmixup.train.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.guidedmixup.core.SoftLabels;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.ShardSchema;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.OutputLayout;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Training data from an augment job's output: epoch e reads round e mod R of the shards and turns
 * each mini-batch (rows of one batch_id, in source_id order) into one {@code DataSet} with the soft
 * labels as targets: the {@code soft_label} column, or rebuilt from label, partner_label and ratio
 * (with the run's label smoothing) when the job dropped it.
 *
 * <p>The shards are read as they were written: each task of the augment job wrote its batches one
 * after another into files of its own, so epoch e is one Spark partition per writing task of round e,
 * which streams that task's files in order. No repartition, sort or shuffle, and only round e's files
 * are opened. {@link #open} first checks the folder against summary.json ({@link ShardIndex}).
 */
public final class ShardEpochs {
    private final SparkSession spark;
    private final String output;
    private final ImageSpec spec;
    private final int numClasses;
    private final int rounds;
    private final int batchSize;
    private final boolean encoded;
    private final double labelSmoothing;
    private final List<String> classNames;
    private final String saliency;
    private final ShardIndex index;

    private ShardEpochs(SparkSession spark, String output, AugmentSummary summary, ShardIndex index) {
        this.spark = spark;
        this.output = output;
        this.index = index;
        this.spec = new ImageSpec(summary.channels(), summary.height(), summary.width(), false, Long.MAX_VALUE);
        this.numClasses = summary.numClasses();
        this.rounds = summary.rounds();
        this.batchSize = Integer.parseInt(summary.setting("batch-size", "32"));
        // png or jpeg: ImageIO reads either; raw is the pixels themselves.
        this.encoded = !"raw".equalsIgnoreCase(summary.setting("image-encoding", "png"));
        this.labelSmoothing = Double.parseDouble(summary.setting("label-smoothing", "0"));
        this.saliency = summary.setting("saliency", "sr");
        this.classNames = summary.classNames() == null ? List.of() : List.copyOf(summary.classNames());
    }

    /**
     * Opens a finished augment output; refuses one without {@code _SUCCESS} or summary.json, and one
     * whose shard files are not exactly those the run wrote (see {@link ShardIndex}).
     */
    public static ShardEpochs open(SparkSession spark, String output) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        AugmentSummary summary = AugmentSummary.read(hadoop, output, "--data");
        OutputLayout layout = new OutputLayout(output);
        try {
            FileSystem fs = layout.root().getFileSystem(hadoop);
            ShardIndex index = ShardIndex.verify(fs, layout.shards(), summary, output);
            return new ShardEpochs(spark, output, summary, index);
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

    /** Rows (examples) of one round, from the footers. */
    public long rows(int round) {
        return index.rows(round);
    }

    /**
     * The DataSets of epoch e (round e mod R), keyed by batch id: one partition per task that wrote
     * round e, streaming its files in the order it wrote them.
     */
    public JavaPairRDD<Long, DataSet> epoch(int epoch) {
        int round = epoch % rounds;
        List<List<String>> groups = index.groups(round);
        Path shards = new OutputLayout(output).shards();
        List<List<String>> paths = new ArrayList<>(groups.size());
        for (List<String> g : groups) {
            List<String> files = new ArrayList<>(g.size());
            for (String f : g) {
                files.add(new Path(shards, f).toString());
            }
            paths.add(files);
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        return jsc.parallelize(paths, Math.max(1, paths.size()))
                .mapPartitionsToPair(new FilesToDataSets(hadoop, spec, numClasses, encoded, labelSmoothing));
    }

    /** The columns an epoch reads, in this order: batch_id, source_id, label, partner_label, ratio, image[, soft_label]. */
    static final String[] COLUMNS = {ShardSchema.BATCH_ID, ShardSchema.SOURCE_ID, ShardSchema.LABEL,
        ShardSchema.PARTNER_LABEL, ShardSchema.RATIO, ShardSchema.IMAGE, ShardSchema.SOFT_LABEL};

    /** One shard row, as much of it as training needs. */
    record ShardExample(long batchId, long sourceId, int label, int partnerLabel, float ratio, byte[] image, float[] soft) {
    }

    /** A writer's files, read in order, row by row (only the needed columns). */
    static final class FilesToDataSets implements PairFlatMapFunction<Iterator<List<String>>, Long, DataSet> {
        private static final long serialVersionUID = 1L;
        private final SerializableConfiguration hadoop;
        private final RowsToDataSets rows;

        FilesToDataSets(SerializableConfiguration hadoop, ImageSpec spec, int k, boolean encoded, double eps) {
            this.hadoop = hadoop;
            this.rows = new RowsToDataSets(spec, k, encoded, eps);
        }

        @Override
        public Iterator<Tuple2<Long, DataSet>> call(Iterator<List<String>> groups) {
            Configuration conf = hadoop.value();
            Iterator<ShardExample> examples = new Iterator<>() {
                private final List<String> files = new ArrayList<>();
                private int next;
                private ParquetReader<Group> reader;
                private ShardExample ahead;

                {
                    groups.forEachRemaining(files::addAll);
                    advance();
                }

                private void advance() {
                    try {
                        while (true) {
                            if (reader != null) {
                                Group g = reader.read();
                                if (g != null) {
                                    ahead = example(g);
                                    return;
                                }
                                reader.close();
                                reader = null;
                            }
                            if (next == files.size()) {
                                ahead = null;
                                return;
                            }
                            reader = open(new Path(files.get(next++)), conf);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read shard file " + files.get(next - 1) + ": " + e.getMessage(), e);
                    }
                }

                @Override
                public boolean hasNext() {
                    return ahead != null;
                }

                @Override
                public ShardExample next() {
                    if (ahead == null) {
                        throw new NoSuchElementException();
                    }
                    ShardExample e = ahead;
                    advance();
                    return e;
                }
            };
            return rows.call(examples);
        }

        /** A reader of the columns training needs (Parquet skips the others' bytes). */
        private static ParquetReader<Group> open(Path file, Configuration conf) throws IOException {
            Configuration c = new Configuration(conf);
            MessageType full;
            try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                    org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, conf))) {
                full = r.getFooter().getFileMetaData().getSchema();
            }
            List<Type> keep = new ArrayList<>();
            for (String name : COLUMNS) {
                if (full.containsField(name)) {
                    keep.add(full.getType(name));
                }
            }
            c.set(org.apache.parquet.hadoop.api.ReadSupport.PARQUET_READ_SCHEMA, new MessageType(full.getName(), keep).toString());
            return ParquetReader.builder(new GroupReadSupport(), file).withConf(c).build();
        }

        private static ShardExample example(Group g) {
            float[] soft = null;
            if (g.getType().containsField(ShardSchema.SOFT_LABEL)) {
                Group list = g.getGroup(ShardSchema.SOFT_LABEL, 0);
                int n = list.getFieldRepetitionCount(0);
                soft = new float[n];
                for (int i = 0; i < n; i++) {
                    soft[i] = list.getGroup(0, i).getFloat(0, 0);
                }
            }
            return new ShardExample(g.getLong(ShardSchema.BATCH_ID, 0), g.getLong(ShardSchema.SOURCE_ID, 0),
                    g.getInteger(ShardSchema.LABEL, 0),
                    g.getFieldRepetitionCount(ShardSchema.PARTNER_LABEL) == 0 ? -1 : g.getInteger(ShardSchema.PARTNER_LABEL, 0),
                    g.getFloat(ShardSchema.RATIO, 0), g.getBinary(ShardSchema.IMAGE, 0).getBytes(), soft);
        }
    }

    /**
     * Consecutive rows of one batch_id become one DataSet, its examples in source_id order (the
     * order online batches have; a task writes a batch's rows in another order).
     */
    static final class RowsToDataSets implements Serializable {
        private static final long serialVersionUID = 1L;
        private final ImageSpec spec;
        private final int k;
        private final boolean encoded;
        private final double eps;

        RowsToDataSets(ImageSpec spec, int k, boolean encoded, double eps) {
            this.spec = spec;
            this.k = k;
            this.encoded = encoded;
            this.eps = eps;
        }

        Iterator<Tuple2<Long, DataSet>> call(Iterator<ShardExample> rows) {
            DataSetBuilder ex = new DataSetBuilder(spec.channels(), spec.height(), spec.width(), k);
            float[] target = new float[k];
            List<ShardExample> batch = new ArrayList<>();
            return new Iterator<>() {
                ShardExample lookahead = rows.hasNext() ? rows.next() : null;

                @Override
                public boolean hasNext() {
                    return lookahead != null;
                }

                @Override
                public Tuple2<Long, DataSet> next() {
                    if (lookahead == null) {
                        throw new NoSuchElementException();
                    }
                    long id = lookahead.batchId();
                    batch.clear();
                    while (lookahead != null && lookahead.batchId() == id) {
                        batch.add(lookahead);
                        lookahead = rows.hasNext() ? rows.next() : null;
                    }
                    batch.sort((a, b) -> Long.compare(a.sourceId(), b.sourceId()));
                    ex.reset();
                    for (ShardExample r : batch) {
                        add(r);
                    }
                    return new Tuple2<>(id, ex.build());
                }

                private void add(ShardExample r) {
                    byte[] px = encoded ? ImageDecoder.decodeStored(r.image(), spec.channels()) : r.image();
                    if (px.length != spec.length()) {
                        throw new InputException("shard row source_id " + r.sourceId() + " holds " + px.length
                                + " pixel values, expected " + spec.length() + " (" + spec.channels() + "x"
                                + spec.height() + "x" + spec.width() + ")");
                    }
                    if (r.soft() != null) {
                        if (r.soft().length != k) {
                            throw new InputException("shard row source_id " + r.sourceId() + " has " + r.soft().length
                                    + " soft-label values, expected " + k);
                        }
                        System.arraycopy(r.soft(), 0, target, 0, k);
                    } else {
                        rebuild(r.label(), r.partnerLabel(), r.ratio(), target);
                    }
                    ex.add(px, target, 0, 1f);
                }
            };
        }

        /** The soft label as the job computes it ({@link SoftLabels}). */
        private void rebuild(int label, int partner, float ratio, float[] out) {
            SoftLabels.write(k, eps, label, partner, ratio, new double[k], out, 0);
        }
    }
}
