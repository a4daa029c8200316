package org.guidedmixup.spark.output;

import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.RejectKind;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.input.InputTally;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The augment job's output check without reading the output back: counts and order-free key sums. */
class OutputCheckTest {

    private static long keySum(int round, long... ids) {
        long s = 0;
        for (long id : ids) {
            s += InputTally.rowKeyHash(round, id);
        }
        return s;
    }

    @Test
    void theSameRowsInAnyOrderPass() {
        long expected = keySum(0, 0, 1, 2, 3) + keySum(1, 0, 1, 2, 3);
        long written = keySum(1, 3, 1) + keySum(0, 2, 3, 0, 1) + keySum(1, 2, 0);
        assertEquals(expected, written);
        assertDoesNotThrow(() -> new OutputCheck(8, expected, 8, written, 8).require(4, 2));
    }

    @Test
    void aMissingRowReplacedByARepeatFailsWithTheSameCount() {
        long expected = keySum(0, 0, 1, 2, 3);
        long written = keySum(0, 0, 1, 2, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OutputCheck(4, expected, 4, written, 4).require(4, 1));
        assertTrue(e.getMessage().startsWith("output check failed: expected 4 rows (4 valid records x 1 rounds), but the rows"
                + " written are not the expected (round, source_id) keys"), e.getMessage());
        // A row of the wrong round is a wrong key too.
        assertThrows(IllegalStateException.class, () -> new OutputCheck(4, expected, 4, keySum(0, 0, 1, 2) + keySum(1, 3), 4)
                .require(4, 1));
    }

    @Test
    void countsOnEitherSideFail() {
        long expected = keySum(0, 0, 1, 2);
        assertTrue(assertThrows(IllegalStateException.class, () -> new OutputCheck(3, expected, 2, keySum(0, 0, 1), 2)
                .require(3, 1)).getMessage().contains("the tasks wrote 2 rows; the output was not published"));
        assertTrue(assertThrows(IllegalStateException.class, () -> new OutputCheck(3, expected, 3, expected, 5)
                .require(3, 1)).getMessage().contains("the shard files hold 5 rows"));
    }

    @Test
    void keyHashesDoNotCollideOnNearbyKeys() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int round = 0; round < 10; round++) {
            for (long id = 0; id < 100_000; id++) {
                assertTrue(seen.add(InputTally.rowKeyHash(round, id)), "collision at round " + round + ", id " + id);
            }
        }
        assertNotEquals(InputTally.rowKeyHash(0, 1), InputTally.rowKeyHash(1, 0));
    }

    @Test
    void tallyCountsRejectsPartitionsAndKeySumsAndMergesThem() {
        List<DecodedImage> a = new ArrayList<>();
        List<DecodedImage> b = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            SourceRecord r = SourceRecord.encoded(i, i % 3, "r" + i, new byte[]{1});
            (i % 2 == 0 ? a : b).add(i % 10 == 7 ? DecodedImage.rejected(r, RejectKind.LABEL_OUT_OF_RANGE, "label 9 out of range") : DecodedImage.ok(r, new byte[4], 2, 2));
        }
        InputTally t = InputTally.of(a.iterator(), 5, 2, 4, 3).merge(InputTally.of(b.iterator(), 5, 2, 4, 3));
        assertEquals(5, t.rejected);
        assertEquals(45, t.good);
        assertEquals(java.util.Map.of("label out of range", 5L), t.rejectReasons);
        for (int round = 0; round < 2; round++) {
            long[] byPartition = new long[4];
            for (int i = 0; i < 50; i++) {
                if (i % 10 != 7) {
                    byPartition[BatchPlan.Shuffled.partitionOf(5, round, i, 4)]++;
                }
            }
            assertEquals(java.util.Arrays.toString(byPartition), java.util.Arrays.toString(t.partitionCounts[round]));
        }
        for (int round = 0; round < 3; round++) {
            long sum = 0;
            for (int i = 0; i < 50; i++) {
                sum += i % 10 == 7 ? 0 : InputTally.rowKeyHash(round, i);
            }
            assertEquals(sum, t.rowKeySums[round]);
        }
    }
}
