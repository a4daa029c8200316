package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaRDD;
import org.guidedmixup.io.SourceRecord;

import java.util.List;

/**
 * The records of an input as a Spark RDD in natural order, with what the format says about classes.
 *
 * @param formatClasses class count implied by the format (0: none)
 * @param maxLabelPlusOne largest label + 1 over all records
 * @param onDriver        the same records with their pixels, when the reader built them on the driver
 *                        (IDX, CIFAR: single files read whole); null when they are read on the executors
 * @param listed          the records as the driver listed them, with their pixels ({@code onDriver}) or by
 *                        path only (folder, manifest); null when the executors read them (Parquet)
 */
public record InputRdd(JavaRDD<SourceRecord> records, long count, int formatClasses, List<String> classNames,
                         int maxLabelPlusOne, String format, List<SourceRecord> onDriver, List<SourceRecord> listed) {
    /** Whether every record is a path the tasks can read themselves (no pixels, no bytes in the listing). */
    public boolean byPath() {
        return listed != null && onDriver == null;
    }
}
