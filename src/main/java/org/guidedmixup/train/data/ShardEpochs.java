package org.guidedmixup.train.data;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.guidedmixup.model.TrainableNetwork;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Training data from an augment job's output: epoch e reads round e mod R of the shards and turns
 * each mini-batch into one {@code DataSet} ({@link ShardReader}).
 *
 * <p>The shards are read as they were written: each task of the augment job wrote its batches one
 * after another into files of its own, so epoch e is one Spark partition per writing task of round e,
 * which streams that task's files in order. No repartition, sort or shuffle, and only round e's files
 * are opened. {@link #open} first checks the folder against summary.json ({@link ShardIndex}).
 */
public final class ShardEpochs implements TrainingData {
    private final SparkSession spark;
    private final ShardFolder folder;

    private ShardEpochs(SparkSession spark, ShardFolder folder) {
        this.spark = spark;
        this.folder = folder;
    }

    /**
     * Opens a finished augment output; refuses one without {@code _SUCCESS} or summary.json, and one
     * whose shard files are not exactly those the run wrote (see {@link ShardIndex}).
     */
    public static ShardEpochs open(SparkSession spark, String output) {
        return new ShardEpochs(spark, ShardFolder.open(spark.sparkContext().hadoopConfiguration(), output, "--data"));
    }

    /** Examples per epoch: the rows of round 0 (every round holds one row per image the run kept). */
    @Override
    public Shape shape() {
        return new Shape(folder.spec(), folder.numClasses(), folder.classNames(), folder.batchSize(), folder.rows(0));
    }

    public int rounds() {
        return folder.rounds();
    }

    /** The saliency detector the shards were made with ("sr" or "ap"). */
    public String saliency() {
        return folder.saliency();
    }

    /** Rows (examples) of one round, from the footers. */
    public long rows(int round) {
        return folder.rows(round);
    }

    /**
     * The DataSets of epoch e (round e mod R), keyed by batch id: one partition per task that wrote
     * round e, streaming its files in the order it wrote them.
     */
    public JavaPairRDD<Long, DataSet> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        List<List<String>> paths = folder.files(epoch % folder.rounds());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration hadoop = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        return jsc.parallelize(paths, Math.max(1, paths.size()))
                .mapPartitionsToPair(new FilesToDataSets(hadoop, folder.reader()));
    }

    /** As {@link #epoch(int)}: shards were mixed when they were written, so the model plays no part. */
    @Override
    public JavaPairRDD<Long, DataSet> epoch(int epoch, TrainableNetwork current) {
        return epoch(epoch);
    }

    /** A writer's files, read in order ({@link ShardReader}), as Spark pairs keyed by batch id. */
    record FilesToDataSets(SerializableConfiguration hadoop, ShardReader reader)
            implements PairFlatMapFunction<Iterator<List<String>>, Long, DataSet> {

        @Override
        public Iterator<Tuple2<Long, DataSet>> call(Iterator<List<String>> groups) {
            List<String> files = new ArrayList<>();
            groups.forEachRemaining(files::addAll);
            Iterator<ShardReader.Batch> batches = reader.batches(files, hadoop.value());
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public Tuple2<Long, DataSet> next() {
                    ShardReader.Batch b = batches.next();
                    return new Tuple2<>(b.id(), b.data());
                }
            };
        }
    }
}
