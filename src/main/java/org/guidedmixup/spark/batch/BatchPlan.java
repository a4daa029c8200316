package org.guidedmixup.spark.batch;

import org.apache.spark.Partitioner;
import org.guidedmixup.core.BatchSeed;

import java.io.Serializable;
import java.util.Comparator;
import java.util.Map;

/**
 * Where each image goes in one round: its partition, its place in the partition, and its batch.
 * Everything depends only on (seed, round, source_id), the configured partition count and batch
 * size, and the number of images, never on executors or timing.
 *
 * <ul>
 *   <li>Shuffled: partition = hash(seed, round, source_id) mod P, ordered by that hash inside the
 *       partition; batches are consecutive runs of M in that order.</li>
 *   <li>Consecutive ({@code --no-shuffle}): batch b holds source ids b*M .. b*M+M-1; batches are
 *       spread over partitions in contiguous ranges.</li>
 * </ul>
 * The tail rule, for both: a last batch of fewer than M images stands alone when it has at least 3,
 * otherwise it joins the batch before it (a run of 1 or 2 images in all is one batch).
 */
public abstract class BatchPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    protected final int partitions;
    protected final int batchSize;

    BatchPlan(int partitions, int batchSize) {
        this.partitions = partitions;
        this.batchSize = batchSize;
    }

    /**
     * Where an image goes: its partition and its place in that partition's order. A class, not a
     * record: it is shuffled, and Kryo (a common cluster-wide {@code spark.serializer}) cannot
     * build record instances ("can't get field offset on a record class").
     */
    public static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int partition;
        private final long order;
        private final long sourceId;

        public Key(int partition, long order, long sourceId) {
            this.partition = partition;
            this.order = order;
            this.sourceId = sourceId;
        }

        public int partition() {
            return partition;
        }

        public long order() {
            return order;
        }

        public long sourceId() {
            return sourceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.partition == partition && k.order == order && k.sourceId == sourceId;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(partition, order, sourceId);
        }

        @Override
        public String toString() {
            return "Key[partition=" + partition + ", order=" + order + ", sourceId=" + sourceId + "]";
        }
    }

    public abstract Key key(long sourceId);

    /** The batch of the image at {@code position} (0-based) in partition {@code partition}'s order. */
    public abstract long batchId(Key key, long position);

    /** Images per batch (M). */
    public int batchSize() {
        return batchSize;
    }

    public int partitions() {
        return partitions;
    }

    public Partitioner partitioner() {
        return new KeyPartitioner(partitions);
    }

    public static Comparator<Key> order() {
        return new KeyOrder();
    }

    /**
     * The tail rule: whether the last {@code n % m} of n images in a row join the batch before them
     * rather than forming their own. A tail of 1 or 2 images joins (a batch of fewer than 3 images
     * pairs poorly), unless there is no batch before it.
     */
    private static boolean tailJoinsLast(long n, int m) {
        long rem = n % m;
        return rem > 0 && rem < 3 && n / m >= 1;
    }

    /** Number of batches for n images in a row, under the tail rule. */
    public static long batchCount(long n, int m) {
        long full = n / m;
        return n % m == 0 || tailJoinsLast(n, m) ? full : full + 1;
    }

    /** Batch index of the image at position pos of n images in a row, under the tail rule. */
    public static long batchIndex(long pos, long n, int m) {
        long k = pos / m;
        return tailJoinsLast(n, m) ? Math.min(k, n / m - 1) : k;
    }

    /** Seeded shuffle; needs the image count of every partition to number the batches. */
    public static final class Shuffled extends BatchPlan {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final int round;
        private final long[] counts;
        private final long[] offsets;

        public Shuffled(int partitions, int batchSize, long seed, int round, Map<Integer, Long> countsByPartition) {
            super(partitions, batchSize);
            this.seed = seed;
            this.round = round;
            this.counts = new long[partitions];
            this.offsets = new long[partitions];
            long total = 0;
            for (int p = 0; p < partitions; p++) {
                counts[p] = countsByPartition.getOrDefault(p, 0L);
                offsets[p] = total;
                total += batchCount(counts[p], batchSize);
            }
        }

        /** Partition of an image before counting (the same hash {@link #key} uses). */
        public static int partitionOf(long seed, int round, long sourceId, int partitions) {
            return (int) Math.floorMod(BatchSeed.of(seed, round, sourceId), (long) partitions);
        }

        /** Place of an image in its partition's order (ties, never seen in practice, go by source id). */
        public static long orderOf(long seed, int round, long sourceId) {
            return Long.rotateLeft(BatchSeed.of(seed, round, sourceId), 29);
        }

        @Override
        public Key key(long sourceId) {
            return new Key(partitionOf(seed, round, sourceId, partitions), orderOf(seed, round, sourceId), sourceId);
        }

        @Override
        public long batchId(Key key, long position) {
            int p = key.partition();
            return offsets[p] + batchIndex(position, counts[p], batchSize);
        }
    }

    /** Natural order, batch b = source ids b*M .. b*M+M-1 (ids of rejected records leave gaps). */
    public static final class Consecutive extends BatchPlan {
        private static final long serialVersionUID = 1L;
        private final long inputCount;
        private final long batches;

        public Consecutive(int partitions, int batchSize, long inputCount) {
            super(partitions, batchSize);
            this.inputCount = inputCount;
            this.batches = Math.max(1, batchCount(inputCount, batchSize));
        }

        private long batchOf(long sourceId) {
            return batchIndex(sourceId, inputCount, batchSize);
        }

        @Override
        public Key key(long sourceId) {
            long b = batchOf(sourceId);
            int p = (int) Math.min(partitions - 1, b * partitions / batches);
            return new Key(p, sourceId, sourceId);
        }

        @Override
        public long batchId(Key key, long position) {
            return batchOf(key.sourceId());
        }
    }

    /**
     * The batches of one shuffled partition when its image count and first batch id are already
     * known (the Spark ML transformer counts them in its query plan): batch ids run from
     * {@code firstBatch}, under the tail rule for {@code count} images. Only {@link #batchId} is used.
     */
    public static final class Slice extends BatchPlan {
        private static final long serialVersionUID = 1L;
        private final long firstBatch;
        private final long count;

        public Slice(int batchSize, long firstBatch, long count) {
            super(1, batchSize);
            this.firstBatch = firstBatch;
            this.count = count;
        }

        @Override
        public Key key(long sourceId) {
            throw new UnsupportedOperationException("a slice numbers batches of images already placed");
        }

        @Override
        public long batchId(Key key, long position) {
            return firstBatch + batchIndex(position, count, batchSize);
        }
    }

    static final class KeyPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int n;

        KeyPartitioner(int n) {
            this.n = n;
        }

        @Override
        public int numPartitions() {
            return n;
        }

        @Override
        public int getPartition(Object key) {
            return ((Key) key).partition();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyPartitioner k && k.n == n;
        }

        @Override
        public int hashCode() {
            return n;
        }
    }

    static final class KeyOrder implements Comparator<Key>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Key a, Key b) {
            int c = Long.compare(a.order(), b.order());
            return c != 0 ? c : Long.compare(a.sourceId(), b.sourceId());
        }
    }
}
