package org.guidedmixup.spark.input;

import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.batch.BatchPlan;

import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass over the decoded records counts, per partition, merged on the driver: rejects by
 * kind, the good records per partition of each round's shuffled plan, and each round's
 * {@link #rowKeyHash row-key sum} (what the augment job checks its output against).
 *
 * <p>Partitions are tallied locally and merged with {@code reduce}, so the pass needs no shuffle
 * (the {@code countByValue} it replaces added a shuffle stage of as many tasks as input slices).
 */
public final class InputTally implements Serializable {
    private static final long serialVersionUID = 1L;

    public final Map<String, Long> rejectReasons = new TreeMap<>();
    public long rejected;
    public long good;
    /** [round][partition]: good records in that partition of that round's shuffled plan (empty when not shuffled). */
    public final long[][] partitionCounts;
    /** [round]: the sum of {@link #rowKeyHash} over the good records, for that round. */
    public final long[] rowKeySums;

    private InputTally(int shuffledRounds, int partitions, int rounds) {
        partitionCounts = new long[shuffledRounds][partitions];
        rowKeySums = new long[rounds];
    }

    /** Tallies one partition's records. */
    public static InputTally of(Iterator<DecodedImage> records, long seed, int shuffledRounds, int partitions, int rounds) {
        InputTally t = new InputTally(shuffledRounds, partitions, rounds);
        while (records.hasNext()) {
            DecodedImage d = records.next();
            if (d.isRejected()) {
                t.rejected++;
                t.rejectReasons.merge(d.rejectKind.label(), 1L, Long::sum);
                continue;
            }
            t.good++;
            for (int r = 0; r < shuffledRounds; r++) {
                t.partitionCounts[r][BatchPlan.Shuffled.partitionOf(seed, r, d.sourceId, partitions)]++;
            }
            for (int r = 0; r < rounds; r++) {
                t.rowKeySums[r] += rowKeyHash(r, d.sourceId);
            }
        }
        return t;
    }

    /** Both tallies added together (into this one). */
    public InputTally merge(InputTally o) {
        o.rejectReasons.forEach((k, v) -> rejectReasons.merge(k, v, Long::sum));
        rejected += o.rejected;
        good += o.good;
        for (int r = 0; r < partitionCounts.length; r++) {
            for (int p = 0; p < partitionCounts[r].length; p++) {
                partitionCounts[r][p] += o.partitionCounts[r][p];
            }
        }
        for (int r = 0; r < rowKeySums.length; r++) {
            rowKeySums[r] += o.rowKeySums[r];
        }
        return this;
    }

    /**
     * A 64-bit hash of an output row's key (round, source id). Summed over a set of rows (wrapping),
     * it does not depend on their order, and two sets with the same count and sum differ only by a
     * hash collision: so the job can compare what it wrote with what it had to write without
     * reading the output back.
     */
    public static long rowKeyHash(int round, long sourceId) {
        long z = sourceId * 0x9E3779B97F4A7C15L + (round + 1L) * 0xD1B54A32D192ED03L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
