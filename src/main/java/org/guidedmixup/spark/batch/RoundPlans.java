package org.guidedmixup.spark.batch;

import org.guidedmixup.spark.config.AugmentConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * The batch plan of every round of one input: a seeded shuffle (the images each partition holds
 * numbered into batches), or consecutive batches. Round r of the augment job and epoch r of online
 * training ask here, so both cut the same batches.
 *
 * <p>A shuffled plan needs the good images per partition. Those of the configured rounds were
 * counted while the input was checked ({@link #of}); any other (round, seed, partitions) is
 * counted when asked for, by the input's own {@link Counter}.
 *
 * @param records           the input's records (consecutive plans number them all)
 * @param counted           round -> partition -> good images, for the rounds counted while loading
 * @param countedSeed       the seed those counts are for
 * @param countedPartitions the partition count those counts are for
 * @param counter           counts any other (seed, round, partitions)
 */
public record RoundPlans(long records, Map<Integer, Map<Integer, Long>> counted, long countedSeed, int countedPartitions,
                         RoundPlans.Counter counter) {
    /** Counts an input's good images per partition of the shuffled plan of (seed, round, partitions). */
    @FunctionalInterface
    public interface Counter {
        Map<Integer, Long> partitionCounts(long seed, int round, int partitions);
    }

    /**
     * Plans for an input of {@code records} records whose good images per partition were counted for
     * rounds 0..counts.length-1 with {@code seed} and {@code partitions} ({@code counts[r][p]}).
     */
    public static RoundPlans of(long records, long[][] counts, long seed, int partitions, Counter counter) {
        Map<Integer, Map<Integer, Long>> byRound = new HashMap<>();
        for (int r = 0; r < counts.length; r++) {
            Map<Integer, Long> m = new HashMap<>();
            for (int p = 0; p < counts[r].length; p++) {
                if (counts[r][p] > 0) {
                    m.put(p, counts[r][p]);
                }
            }
            byRound.put(r, m);
        }
        return new RoundPlans(records, byRound, seed, partitions, counter);
    }

    /** The batch plan of {@code round} under {@code cfg}'s batch size, partitions, seed and shuffle. */
    public BatchPlan plan(AugmentConfig cfg, int round) {
        if (!cfg.shuffle()) {
            return new BatchPlan.Consecutive(cfg.partitions(), cfg.batchSize(), records);
        }
        long seed = cfg.seed();
        int partitions = cfg.partitions();
        Map<Integer, Long> counts = counted.get(round);
        if (counts == null || seed != countedSeed || partitions != countedPartitions) {
            counts = counter.partitionCounts(seed, round, partitions);
        }
        return new BatchPlan.Shuffled(partitions, cfg.batchSize(), seed, round, counts);
    }
}
