package org.guidedmixup.spark.input;

import org.guidedmixup.spark.batch.BatchPlan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A round's batch plan worked out on the driver for images it knows by source id (held whole,
 * {@link DriverImages}, or listed by path, {@link PathImages}): the counts the plan numbers its
 * batches by, the round's row-key sum, and each partition's images in the order
 * {@code repartitionAndSortWithinPartitions} would give them.
 */
final class DriverPlan {
    private DriverPlan() {
    }

    /** Images per partition of the shuffled plan of (seed, round, partitions). */
    static Map<Integer, Long> partitionCounts(long[] ids, long seed, int round, int partitions) {
        Map<Integer, Long> counts = new HashMap<>();
        for (long id : ids) {
            counts.merge(BatchPlan.Shuffled.partitionOf(seed, round, id, partitions), 1L, Long::sum);
        }
        return counts;
    }

    /** The sum of {@link InputTally#rowKeyHash} over the images for a round. */
    static long rowKeySum(long[] ids, int round) {
        long sum = 0;
        for (long id : ids) {
            sum += InputTally.rowKeyHash(round, id);
        }
        return sum;
    }

    /** For every partition of {@code plan}, the indices (into {@code ids}) of its images in batch order. */
    static List<int[]> inBatchOrder(long[] ids, BatchPlan plan) {
        int partitions = plan.partitions();
        BatchPlan.Key[] keys = new BatchPlan.Key[ids.length];
        int[] counts = new int[partitions];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = plan.key(ids[i]);
            counts[keys[i].partition()]++;
        }
        Integer[][] byPartition = new Integer[partitions][];
        int[] fill = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            byPartition[p] = new Integer[counts[p]];
        }
        for (int i = 0; i < ids.length; i++) {
            int p = keys[i].partition();
            byPartition[p][fill[p]++] = i;
        }
        Comparator<BatchPlan.Key> order = BatchPlan.order();
        List<int[]> out = new ArrayList<>(partitions);
        for (Integer[] part : byPartition) {
            Arrays.sort(part, (a, b) -> order.compare(keys[a], keys[b]));
            out.add(Arrays.stream(part).mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
