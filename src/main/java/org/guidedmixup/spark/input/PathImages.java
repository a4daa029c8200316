package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.batch.BatchPlan;
import org.nd4j.shade.guava.collect.Iterators;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The good images of an input that the driver listed by path (folder, manifest), read and decoded
 * by the task of the round that uses them. The driver plans each round's batches from the listing
 * alone: it orders every partition's records exactly as {@code repartitionAndSortWithinPartitions}
 * would order the decoded images, and each task gets only its partition's records (path, label,
 * id: about 100 bytes each) and decodes them in that order. No decoded image is persisted or
 * shuffled, so memory does not grow with the dataset beyond the listing.
 *
 * <p>Why: persisting and shuffling decoded photos held every pixel of the dataset (150 KB per 224 px
 * image, 4.4 GB at 20 000 photos) and serialised it again each round; the encoded files are 5-7x
 * smaller and already on disk.
 *
 * <p>The set of good records comes from a check of every record before the first round
 * ({@link ImageDecoder#check}); a record that decodes differently in a round (its file changed
 * during the run) fails the task, never drops silently out of a batch.
 */
final class PathImages implements GoodImages {
    private final JavaSparkContext jsc;
    private final SourceRecord[] good;
    private final long[] ids;
    private final ImageSpec spec;
    private final int numClasses;

    PathImages(JavaSparkContext jsc, SourceRecord[] good, ImageSpec spec, int numClasses) {
        this.jsc = jsc;
        this.good = good;
        this.ids = new long[good.length];
        for (int i = 0; i < good.length; i++) {
            ids[i] = good[i].sourceId;
        }
        this.spec = spec;
        this.numClasses = numClasses;
    }

    @Override
    public Map<Integer, Long> partitionCounts(long seed, int round, int partitions) {
        return DriverPlan.partitionCounts(ids, seed, round, partitions);
    }

    @Override
    public long rowKeySum(int round) {
        return DriverPlan.rowKeySum(ids, round);
    }

    @Override
    public JavaPairRDD<BatchPlan.Key, DecodedImage> sorted(BatchPlan plan) {
        List<SourceRecord[]> slices = new ArrayList<>(plan.partitions());
        for (int[] part : DriverPlan.inBatchOrder(ids, plan)) {
            SourceRecord[] slice = new SourceRecord[part.length];
            for (int j = 0; j < part.length; j++) {
                slice[j] = good[part[j]];
            }
            slices.add(slice);
        }
        ImageSpec s = spec;
        int k = numClasses;
        // One element per slice: slice p is exactly partition p's records, decoded one at a time.
        return jsc.parallelize(slices, plan.partitions()).mapPartitionsToPair(
                it -> decoding(it.hasNext() ? it.next() : new SourceRecord[0], s, k, plan));
    }

    @Override
    public Iterator<Tuple2<BatchPlan.Key, DecodedImage>> partitionHead(BatchPlan plan, int limit) {
        return null; // the warm-up would decode photos on the driver: not worth it
    }

    @Override
    public List<DecodedImage> lookup(Set<Long> ids) {
        List<DecodedImage> found = new ArrayList<>();
        for (SourceRecord r : good) {
            if (ids.contains(r.sourceId)) {
                found.add(ImageDecoder.decode(r, spec, numClasses));
            }
        }
        return found;
    }

    @Override
    public void release() {
        // Nothing is held for the tasks.
    }

    /** A partition's records, decoded as the batch stream asks for them, keyed as the shuffle keys them. */
    private static Iterator<Tuple2<BatchPlan.Key, DecodedImage>> decoding(SourceRecord[] records, ImageSpec spec,
                                                                          int numClasses, BatchPlan plan) {
        return Iterators.transform(Iterators.forArray(records),
                r -> new Tuple2<>(plan.key(r.sourceId), InputCheck.decodeChecked(r, spec, numClasses)));
    }
}
