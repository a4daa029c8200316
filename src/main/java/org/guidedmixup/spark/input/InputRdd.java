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
 */
public record InputRdd(JavaRDD<SourceRecord> records, long count, int formatClasses, List<String> classNames,
                         int maxLabelPlusOne, String format, List<SourceRecord> onDriver) {
}
