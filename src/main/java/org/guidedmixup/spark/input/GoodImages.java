package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaPairRDD;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.batch.BatchPlan;
import scala.Tuple2;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The good images of an input, as the rounds' batches need them. Two ways to hold them, chosen once
 * when the input is loaded: {@link DriverImages} (the reader had every record on the driver: IDX,
 * CIFAR) and {@link ShuffledImages} (records read on the executors, batched through Spark's shuffle).
 * Both give the same batches, image for image.
 */
interface GoodImages {
    /** Good images per partition of the shuffled plan of (seed, round, partitions). */
    Map<Integer, Long> partitionCounts(long seed, int round, int partitions);

    /** The sum of {@link InputTally#rowKeyHash} over the good images for {@code round}. */
    long rowKeySum(int round);

    /** The good images of a round, in their partitions and in batch order. */
    JavaPairRDD<BatchPlan.Key, DecodedImage> sorted(BatchPlan plan);

    /** The first {@code limit} images of partition 0 in batch order, or null where that needs a Spark job. */
    Iterator<Tuple2<BatchPlan.Key, DecodedImage>> partitionHead(BatchPlan plan, int limit);

    /** The decoded images of the given source ids (only those: inputs can be large). */
    List<DecodedImage> lookup(Set<Long> ids);

    /** Frees what is held for the tasks (a broadcast, an in-process entry). */
    void release();
}
