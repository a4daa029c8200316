package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.batch.BatchPlan;
import scala.Tuple2;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The good images as a persisted RDD (records read on the executors); each round is batched through a shuffle. */
final class ShuffledImages implements GoodImages {
    private final JavaRDD<DecodedImage> decoded;
    private final JavaRDD<DecodedImage> good;

    /** @param decoded every record, decoded or rejected (persisted by the caller); {@code good} its good ones */
    ShuffledImages(JavaRDD<DecodedImage> decoded, JavaRDD<DecodedImage> good) {
        this.decoded = decoded;
        this.good = good;
    }

    @Override
    public Map<Integer, Long> partitionCounts(long seed, int round, int partitions) {
        return good.map(d -> BatchPlan.Shuffled.partitionOf(seed, round, d.sourceId, partitions)).countByValue();
    }

    @Override
    public long rowKeySum(int round) {
        return good.map(d -> InputTally.rowKeyHash(round, d.sourceId)).fold(0L, Long::sum);
    }

    @Override
    public JavaPairRDD<BatchPlan.Key, DecodedImage> sorted(BatchPlan plan) {
        return good.mapToPair(d -> new Tuple2<>(plan.key(d.sourceId), d))
                .repartitionAndSortWithinPartitions(plan.partitioner(), BatchPlan.order());
    }

    @Override
    public Iterator<Tuple2<BatchPlan.Key, DecodedImage>> partitionHead(BatchPlan plan, int limit) {
        return null;
    }

    @Override
    public List<DecodedImage> lookup(Set<Long> ids) {
        return decoded.filter(d -> ids.contains(d.sourceId)).collect();
    }

    @Override
    public void release() {
        // The decoded records are unpersisted by their owner (DecodedInput).
    }
}
