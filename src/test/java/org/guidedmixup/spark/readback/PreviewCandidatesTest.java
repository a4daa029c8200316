package org.guidedmixup.spark.readback;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreviewCandidatesTest {
    private static Row row(int round, long id) {
        return PreviewCandidates.row(id, id + 1, round, 0L, 1, 2, 0.5f, new byte[] {(byte) id});
    }

    private static List<String> keys(List<Row> rows) {
        List<String> k = new ArrayList<>();
        for (Row r : rows) {
            k.add(r.getInt(PreviewCandidates.ROUND) + ":" + r.getLong(PreviewCandidates.SOURCE_ID));
        }
        return k;
    }

    @Test
    void keepsTheFirstRowsByRoundThenSourceIdWhateverTheTasksAndTheirOrder() {
        List<Row> all = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (long id = 0; id < 200; id += 3) {
                all.add(row(round, id));
            }
        }
        List<Row> expected = new ArrayList<>(all);
        expected.sort(PreviewCandidates.ORDER);
        expected = expected.subList(0, 6);
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            Collections.shuffle(all, rnd);
            // Rows split over 5 "tasks", each accumulating its own copy, merged on the "driver".
            PreviewCandidates driver = new PreviewCandidates(6);
            List<PreviewCandidates> tasks = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                tasks.add((PreviewCandidates) driver.copyAndReset());
            }
            for (int i = 0; i < all.size(); i++) {
                tasks.get(i % 5).add(all.get(i));
            }
            Collections.shuffle(tasks, rnd);
            for (PreviewCandidates t : tasks) {
                assertTrue(t.value().size() <= 6);
                driver.merge(t);
            }
            assertEquals(keys(expected), keys(driver.value()));
        }
    }

    @Test
    void aRetriedTaskDoesNotAddARowTwice() {
        PreviewCandidates acc = new PreviewCandidates(4);
        PreviewCandidates attempt1 = (PreviewCandidates) acc.copyAndReset();
        PreviewCandidates attempt2 = (PreviewCandidates) acc.copyAndReset();
        for (long id = 0; id < 3; id++) {
            attempt1.add(row(0, id));
            attempt2.add(row(0, id));
        }
        acc.merge(attempt1);
        acc.merge(attempt2);
        acc.add(row(1, 0));
        assertEquals(List.of("0:0", "0:1", "0:2", "1:0"), keys(acc.value()));
    }

    @Test
    void wantsOnlyRowsThatWouldBeKept() {
        PreviewCandidates acc = new PreviewCandidates(2);
        assertTrue(acc.isZero());
        acc.add(row(1, 5));
        acc.add(row(0, 9));
        assertFalse(acc.wants(1, 6));
        assertFalse(acc.wants(1, 5));
        assertTrue(acc.wants(1, 4));
        assertTrue(acc.wants(0, 100));
        acc.add(row(0, 100));
        assertEquals(List.of("0:9", "0:100"), keys(acc.value()));
        PreviewCandidates none = new PreviewCandidates(0);
        assertFalse(none.wants(0, 0));
        none.add(row(0, 0));
        assertTrue(none.value().isEmpty());
    }
}
