package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.local.InProcessRegistry;
import org.nd4j.shade.guava.collect.Iterators;
import org.nd4j.shade.guava.primitives.Ints;
import scala.Tuple2;

import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The good images of an input that the driver read whole (IDX, CIFAR), handed to the executors
 * once as a broadcast (in-process: by reference, see {@link Shared}). A round's batches then need
 * no shuffle: the driver orders the images of every partition exactly as
 * {@code repartitionAndSortWithinPartitions} would, and each task gets
 * only the indices of its partition, in order.
 *
 * <p>Why: the shuffle serialised, compressed, wrote, read and sorted every image again in every
 * round. Without it (and its persisted input) the 60 000-image Fashion-MNIST run's augment stage
 * went from 5.5-6.1 to 4.0-4.7 s and its decode stage from 1.9-2.3 to 1.0-1.3 s (figures in
 * docs/performance.md).
 */
final class DriverImages implements GoodImages {
    /** Inputs larger than this go through the shuffle instead: a broadcast is held whole by every executor. */
    static final long MAX_BYTES = 1L << 30;

    private final JavaSparkContext jsc;
    private final DecodedImage[] good;
    private Shared shared;

    DriverImages(JavaSparkContext jsc, DecodedImage[] good) {
        this.jsc = jsc;
        this.good = good;
    }

    /** Whether images of this many pixel bytes in all are small enough to broadcast. */
    static boolean fits(long pixelBytes) {
        return pixelBytes <= MAX_BYTES;
    }

    /** Good images per partition of a round's shuffled plan (what the plan numbers its batches by). */
    @Override
    public Map<Integer, Long> partitionCounts(long seed, int round, int partitions) {
        return DriverPlan.partitionCounts(ids(), seed, round, partitions);
    }

    /** The sum of {@link InputTally#rowKeyHash} over the good images for a round. */
    @Override
    public long rowKeySum(int round) {
        return DriverPlan.rowKeySum(ids(), round);
    }

    private long[] ids() {
        long[] ids = new long[good.length];
        for (int i = 0; i < good.length; i++) {
            ids[i] = good[i].sourceId;
        }
        return ids;
    }

    /** The good images of the given source ids. */
    @Override
    public List<DecodedImage> lookup(Set<Long> ids) {
        List<DecodedImage> found = new ArrayList<>();
        for (DecodedImage d : good) {
            if (ids.contains(d.sourceId)) {
                found.add(d);
            }
        }
        return found;
    }

    /** The round's images in their partitions and in batch order: what the shuffle would give. */
    @Override
    public JavaPairRDD<BatchPlan.Key, DecodedImage> sorted(BatchPlan plan) {
        List<int[]> slices = DriverPlan.inBatchOrder(ids(), plan);
        Shared images = shared();
        // One element per slice: slice p is exactly partition p's index list.
        return jsc.parallelize(slices, plan.partitions()).mapPartitionsToPair(
                it -> inOrder(it.hasNext() ? it.next() : new int[0], images.get(), plan));
    }

    /** The first {@code limit} images of partition 0 of a round, in batch order, on the driver. */
    @Override
    public Iterator<Tuple2<BatchPlan.Key, DecodedImage>> partitionHead(BatchPlan plan, int limit) {
        int[] order = DriverPlan.inBatchOrder(ids(), plan).get(0);
        return inOrder(Arrays.copyOf(order, Math.min(limit, order.length)), good, plan);
    }

    /** A partition's images ({@code idx} into {@code all}), keyed as the shuffle keys them, in the driver's order. */
    private static Iterator<Tuple2<BatchPlan.Key, DecodedImage>> inOrder(int[] idx, DecodedImage[] all, BatchPlan plan) {
        return Iterators.transform(Ints.asList(idx).iterator(), i -> new Tuple2<>(plan.key(all[i].sourceId), all[i]));
    }

    private synchronized Shared shared() {
        if (shared == null) {
            if (jsc.sc().isLocal()) {
                String key = IN_PROCESS.put(good);
                shared = new Shared(null, key);
                // A job that fails before release() drops its DecodedInput: the entry goes with it,
                // as an unreferenced broadcast goes with Spark's ContextCleaner.
                CLEANER.register(this, () -> IN_PROCESS.remove(key));
            } else {
                shared = new Shared(jsc.broadcast(good), null);
            }
        }
        return shared;
    }

    @Override
    public synchronized void release() {
        if (shared != null) {
            shared.release();
            shared = null;
        }
    }

    /**
     * How the tasks reach the images: a broadcast, or, when Spark runs in this JVM ({@code local[*]}),
     * a key to this JVM's own array ({@link #IN_PROCESS}). A broadcast serialises and compresses every
     * image into blocks even in-process (60 000 28x28 images: 52 MB into ~30 MB of blocks, 0.3-0.4 s
     * and a young collection's worth of garbage), for tasks that would read the driver's objects anyway.
     */
    private static final class Shared implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<DecodedImage[]> broadcast;
        private final String key;

        Shared(Broadcast<DecodedImage[]> broadcast, String key) {
            this.broadcast = broadcast;
            this.key = key;
        }

        DecodedImage[] get() {
            return broadcast != null ? broadcast.value() : inProcess(key);
        }

        void release() {
            if (broadcast != null) {
                broadcast.destroy();
            } else {
                IN_PROCESS.remove(key);
            }
        }
    }

    /** The driver's images of in-process jobs, by key: the executors are threads of this JVM. */
    static final InProcessRegistry<DecodedImage[]> IN_PROCESS = new InProcessRegistry<>();
    private static final Cleaner CLEANER = Cleaner.create();

    private static DecodedImage[] inProcess(String key) {
        DecodedImage[] images = IN_PROCESS.find(key);
        if (images == null) {
            // Only reachable if a task outlives its job's release, or runs in another JVM.
            throw new IllegalStateException("the driver's images (" + key + ") are not in this JVM: in-process"
                    + " hand-over used outside local mode, or after the job released them");
        }
        return images;
    }
}
