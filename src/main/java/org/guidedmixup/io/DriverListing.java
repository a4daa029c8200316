package org.guidedmixup.io;

import java.util.List;

/**
 * What a reader found: the records in natural order, the class count the format implies (0 when
 * it implies none), and class names where the dataset has them (empty otherwise).
 */
public record DriverListing(List<SourceRecord> records, int formatClasses, List<String> classNames) {
    public DriverListing {
        records = List.copyOf(records);
        classNames = List.copyOf(classNames);
    }

    /** Largest label + 1 over the records (0 when empty). */
    public int maxLabelPlusOne() {
        int max = -1;
        for (SourceRecord r : records) {
            max = Math.max(max, r.label);
        }
        return max + 1;
    }
}
