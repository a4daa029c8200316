package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.io.DriverListing;
import org.guidedmixup.io.FolderReader;
import org.guidedmixup.io.InputFiles;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.config.AugmentConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;

/**
 * An input as an RDD of {@link org.guidedmixup.io.SourceRecord}s in natural order: the format
 * ({@link InputFormats}), then the driver-side readers (sliced for the tasks) or the Parquet source
 * ({@link ParquetSource}).
 */
public final class InputReader {
    private InputReader() {
    }

    public static InputRdd read(SparkSession spark, AugmentConfig cfg, int slices) {
        return read(spark, cfg, slices, null);
    }

    /** @param prefetch the input as {@link InputPrefetch#start} began reading it, or null */
    public static InputRdd read(SparkSession spark, AugmentConfig cfg, int slices, InputPrefetch prefetch) {
        AugmentConfig.InputFormat format = InputFormats.of(cfg);
        String name = format.name().toLowerCase(Locale.ROOT);
        if (format == AugmentConfig.InputFormat.PARQUET) {
            return ParquetSource.read(spark, cfg, name);
        }
        DriverListing listing;
        if (InputFiles.isUri(cfg.input())) {
            // hdfs://, s3a://, ...: image folders (and Parquet, above) are read through Hadoop.
            if (format != AugmentConfig.InputFormat.FOLDER) {
                throw new InputException("--input " + cfg.input() + ": only image folders and Parquet can be read from a"
                        + " Hadoop file system; copy this " + name + " input to a local path");
            }
            if (!InputFiles.exists(cfg.input())) {
                throw new InputException("input not found: " + cfg.input() + "; check --input");
            }
            listing = FolderReader.read(cfg.input());
        } else {
            Path input = Path.of(cfg.input());
            if (!Files.exists(input)) {
                // Before any reader guesses at companion files (an IDX labels file, say).
                throw new InputException("input not found: " + input + "; check --input");
            }
            listing = prefetch != null && prefetch.input().equals(cfg.input())
                    ? prefetch.join() : InputFormats.listing(cfg, format, input);
        }
        if (listing.records().isEmpty()) {
            throw new InputException("input " + cfg.input() + " holds no records");
        }
        // Records with pixels travel inside tasks: keep each slice near 900 KB, under the 1 000 KiB at
        // which Spark warns of large tasks (fewer, larger slices: 98 -> 54 tasks for Fashion-MNIST).
        long bytes = 0;
        for (SourceRecord r : listing.records()) {
            bytes += r.bytes == null ? 64 : r.bytes.length + 64;
        }
        int wanted = (int) Math.max(slices, Math.min(10_000, bytes / (900 * 1024) + 1));
        JavaRDD<SourceRecord> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(listing.records(), Math.max(1, Math.min(wanted, listing.records().size())));
        boolean pixelsOnDriver = InputFormats.readWhole(format);
        return new InputRdd(rdd, listing.records().size(), listing.formatClasses(), listing.classNames(),
                listing.maxLabelPlusOne(), name, pixelsOnDriver ? listing.records() : null, listing.records());
    }
}
