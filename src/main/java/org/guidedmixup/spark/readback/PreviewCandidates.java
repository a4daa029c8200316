package org.guidedmixup.spark.readback;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.AccumulatorV2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The first {@code capacity} mixed rows by (round, source_id), gathered while the writer's tasks hand
 * their rows over, so that the preview needs no second pass over the shards (the read-back sorted
 * every shard's rows to keep 6 of them: 1.4 s of a 60 000-image run). Spark applies a result task's
 * accumulator updates once, when the task succeeds, so retried attempts do not add rows twice; rows
 * are also kept unique by their key.
 *
 * <p>Rows hold {@link ExplainedRows#columns(boolean) ExplainedRows' columns} without soft labels:
 * source_id (0), partner_id, round (2), batch_id, mixed, label, partner_label, ratio, image.
 */
public final class PreviewCandidates extends AccumulatorV2<Row, List<Row>> {
    private static final long serialVersionUID = 1L;
    static final int SOURCE_ID = 0;
    static final int ROUND = 2;
    static final Comparator<Row> ORDER = Comparator.<Row>comparingInt(r -> r.getInt(ROUND))
            .thenComparingLong(r -> r.getLong(SOURCE_ID));

    private final int capacity;
    /** Sorted by {@link #ORDER}, at most {@code capacity} rows, no two with the same key. */
    private final ArrayList<Row> rows = new ArrayList<>();

    public PreviewCandidates(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** A mixed row in the layout this accumulator keeps (and {@link Preview#firstMixed} reads back). */
    public static Row row(long sourceId, Long partnerId, int round, long batchId, int label, Integer partnerLabel, float ratio,
                   byte[] image) {
        return RowFactory.create(sourceId, partnerId, round, batchId, true, label, partnerLabel, ratio, image);
    }

    /** True when a row with this key would be kept: lets a task skip building rows that would not. */
    public boolean wants(int round, long sourceId) {
        if (rows.size() < capacity) {
            return true;
        }
        if (capacity == 0) {
            return false;
        }
        Row last = rows.get(rows.size() - 1);
        int r = last.getInt(ROUND);
        return round < r || (round == r && sourceId < last.getLong(SOURCE_ID));
    }

    @Override
    public boolean isZero() {
        return rows.isEmpty();
    }

    @Override
    public PreviewCandidates copy() {
        PreviewCandidates c = new PreviewCandidates(capacity);
        c.rows.addAll(rows);
        return c;
    }

    @Override
    public void reset() {
        rows.clear();
    }

    @Override
    public void add(Row row) {
        if (!wants(row.getInt(ROUND), row.getLong(SOURCE_ID))) {
            return;
        }
        int lo = 0;
        int hi = rows.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = ORDER.compare(rows.get(mid), row);
            if (c == 0) {
                return;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        rows.add(lo, row);
        if (rows.size() > capacity) {
            rows.remove(rows.size() - 1);
        }
    }

    @Override
    public void merge(AccumulatorV2<Row, List<Row>> other) {
        for (Row r : other.value()) {
            add(r);
        }
    }

    /** The kept rows, in (round, source_id) order. */
    @Override
    public List<Row> value() {
        return new ArrayList<>(rows);
    }
}
