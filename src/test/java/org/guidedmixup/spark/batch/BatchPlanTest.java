package org.guidedmixup.spark.batch;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The batch layout rules, without Spark. */
class BatchPlanTest {
    private static int[] sizes(long n, int m) {
        int[] s = new int[(int) BatchPlan.batchCount(n, m)];
        for (long p = 0; p < n; p++) {
            s[(int) BatchPlan.batchIndex(p, n, m)]++;
        }
        return s;
    }

    @Test
    void tailOfThreeOrMoreStandsAloneSmallerTailJoinsThePreviousBatch() {
        assertEquals("[32, 32, 6]", java.util.Arrays.toString(sizes(70, 32)));
        assertEquals("[32, 32, 3]", java.util.Arrays.toString(sizes(67, 32)));
        assertEquals("[32, 34]", java.util.Arrays.toString(sizes(66, 32)));
        assertEquals("[32, 33]", java.util.Arrays.toString(sizes(65, 32)));
        assertEquals("[32, 32]", java.util.Arrays.toString(sizes(64, 32)));
        assertEquals("[2]", java.util.Arrays.toString(sizes(2, 32)));
        assertEquals("[1]", java.util.Arrays.toString(sizes(1, 32)));
        assertEquals(0, BatchPlan.batchCount(0, 32));
    }

    @Test
    void consecutivePlanPutsSourceIdsInBatchesOfM() {
        BatchPlan plan = new BatchPlan.Consecutive(3, 8, 34);
        for (long id = 0; id < 34; id++) {
            BatchPlan.Key k = plan.key(id);
            assertEquals(Math.min(id / 8, 3), plan.batchId(k, -1), "id " + id);
            assertEquals(id, k.order());
        }
        // Partitions hold contiguous runs of batches.
        assertEquals(0, plan.key(0).partition());
        assertEquals(2, plan.key(33).partition());
    }

    @Test
    void shuffledPlanNumbersBatchesAcrossPartitionsWithoutGaps() {
        int partitions = 4;
        Map<Integer, Long> counts = new HashMap<>();
        for (long id = 0; id < 1000; id++) {
            counts.merge(BatchPlan.Shuffled.partitionOf(9, 1, id, partitions), 1L, Long::sum);
        }
        BatchPlan plan = new BatchPlan.Shuffled(partitions, 32, 9, 1, counts);
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            total += BatchPlan.batchCount(counts.get(p), 32);
        }
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (int p = 0; p < partitions; p++) {
            for (long pos = 0; pos < counts.get(p); pos++) {
                ids.add(plan.batchId(new BatchPlan.Key(p, 0, 0), pos));
            }
        }
        assertEquals(total, ids.size());
        assertEquals(0L, java.util.Collections.min(ids));
        assertEquals(total - 1, (long) java.util.Collections.max(ids));
        for (long id = 0; id < 50; id++) {
            assertEquals(BatchPlan.Shuffled.partitionOf(9, 1, id, partitions), plan.key(id).partition());
        }
    }
}
