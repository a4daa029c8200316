package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.batch.BatchPlan;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The good images of an input the executors read (Parquet), batched each round through Spark's
 * shuffle as their encoded records, and decoded after it, by the task that augments them. What
 * the shuffle moves is the encoded bytes (5-7x smaller than 224 px pixels), and nothing decoded
 * is persisted.
 */
final class ShuffledImages implements GoodImages {
    private final JavaRDD<SourceRecord> records;
    private final HashSet<Long> rejected;
    private final ImageSpec spec;
    private final int numClasses;

    /** @param rejected the source ids of the records the input check rejected */
    ShuffledImages(JavaRDD<SourceRecord> records, Set<Long> rejected, ImageSpec spec, int numClasses) {
        this.records = records;
        this.rejected = new HashSet<>(rejected);
        this.spec = spec;
        this.numClasses = numClasses;
    }

    private JavaRDD<SourceRecord> good() {
        HashSet<Long> skip = rejected;
        return skip.isEmpty() ? records : records.filter(r -> !skip.contains(r.sourceId));
    }

    @Override
    public Map<Integer, Long> partitionCounts(long seed, int round, int partitions) {
        return good().map(r -> BatchPlan.Shuffled.partitionOf(seed, round, r.sourceId, partitions)).countByValue();
    }

    @Override
    public long rowKeySum(int round) {
        return good().map(r -> InputTally.rowKeyHash(round, r.sourceId)).fold(0L, Long::sum);
    }

    @Override
    public JavaPairRDD<BatchPlan.Key, DecodedImage> sorted(BatchPlan plan) {
        ImageSpec s = spec;
        int k = numClasses;
        return good().mapToPair(r -> new Tuple2<>(plan.key(r.sourceId), r))
                .repartitionAndSortWithinPartitions(plan.partitioner(), BatchPlan.order())
                .mapPartitionsToPair(it -> new Decoding(it, s, k));
    }

    /** A shuffled partition's records, decoded as the batch stream asks for them (static: tasks serialise it). */
    private static final class Decoding implements Iterator<Tuple2<BatchPlan.Key, DecodedImage>> {
        private final Iterator<Tuple2<BatchPlan.Key, SourceRecord>> records;
        private final ImageSpec spec;
        private final int numClasses;

        Decoding(Iterator<Tuple2<BatchPlan.Key, SourceRecord>> records, ImageSpec spec, int numClasses) {
            this.records = records;
            this.spec = spec;
            this.numClasses = numClasses;
        }

        @Override
        public boolean hasNext() {
            return records.hasNext();
        }

        @Override
        public Tuple2<BatchPlan.Key, DecodedImage> next() {
            Tuple2<BatchPlan.Key, SourceRecord> t = records.next();
            return new Tuple2<>(t._1(), InputCheck.decodeChecked(t._2(), spec, numClasses));
        }
    }

    @Override
    public Iterator<Tuple2<BatchPlan.Key, DecodedImage>> partitionHead(BatchPlan plan, int limit) {
        return null;
    }

    @Override
    public List<DecodedImage> lookup(Set<Long> ids) {
        List<DecodedImage> found = new ArrayList<>();
        for (SourceRecord r : good().filter(r -> ids.contains(r.sourceId)).collect()) {
            found.add(ImageDecoder.decode(r, spec, numClasses));
        }
        return found;
    }

    @Override
    public void release() {
        // Nothing is held for the tasks.
    }
}
