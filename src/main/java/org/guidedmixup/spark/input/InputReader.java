package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.guidedmixup.io.CifarReader;
import org.guidedmixup.io.DriverListing;
import org.guidedmixup.io.ErrorText;
import org.guidedmixup.io.FolderReader;
import org.guidedmixup.io.IdxReader;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.ManifestReader;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.config.AugmentConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;

/**
 * Reads any supported input into {@link InputRdd}. IDX, CIFAR, manifest and folder listings are
 * made on the driver (IDX and CIFAR pixels too: they are single files of at most a few hundred MB);
 * image files of manifests and folders are read where they are decoded, so they must be on a path
 * every executor sees. Parquet inputs are read by Spark from any file system.
 */
public final class InputReader {
    private InputReader() {
    }

    /** The format {@code auto} resolves to for a path. */
    public static AugmentConfig.InputFormat detect(String input) {
        Path p = Path.of(input);
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.contains("idx3")) {
            return AugmentConfig.InputFormat.IDX;
        }
        if (name.endsWith(".csv")) {
            return AugmentConfig.InputFormat.MANIFEST;
        }
        if (name.endsWith(".parquet")) {
            return AugmentConfig.InputFormat.PARQUET;
        }
        if (name.endsWith(".bin")) {
            return AugmentConfig.InputFormat.CIFAR;
        }
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                List<String> names = s.map(q -> q.getFileName().toString()).toList();
                if (names.stream().anyMatch(n -> n.endsWith(".parquet"))) {
                    return AugmentConfig.InputFormat.PARQUET;
                }
                if (names.stream().anyMatch(n -> n.endsWith(".bin"))) {
                    return AugmentConfig.InputFormat.CIFAR;
                }
            } catch (IOException e) {
                throw new InputException("cannot list " + input + ": " + e.getMessage(), e);
            }
            return AugmentConfig.InputFormat.FOLDER;
        }
        if (!Files.exists(p)) {
            throw new InputException("input not found: " + input);
        }
        throw new InputException("cannot tell the format of " + input + " from its name; pass --input-format"
                + " idx|cifar|cifar100|manifest|folder|parquet");
    }

    public static InputRdd read(SparkSession spark, AugmentConfig cfg, int slices) {
        return read(spark, cfg, slices, null);
    }

    /**
     * An IDX or CIFAR input read on a background thread while Spark starts: the driver reads these
     * whole, and un-gzipping Fashion-MNIST alone takes ~0.5 s, about what starting a local Spark
     * session takes. Started by the command line before the session; {@link #read} then waits for it.
     */
    public static final class Prefetch {
        private final String input;
        private final CompletableFuture<DriverListing> listing;

        private Prefetch(String input, CompletableFuture<DriverListing> listing) {
            this.input = input;
            this.listing = listing;
        }

        /** Starts reading {@code cfg}'s input if the driver reads it whole and it exists; else null. */
        public static Prefetch start(AugmentConfig cfg) {
            AugmentConfig.InputFormat format = format(cfg);
            Path input = Path.of(cfg.input());
            boolean whole = format == AugmentConfig.InputFormat.IDX || format == AugmentConfig.InputFormat.CIFAR
                    || format == AugmentConfig.InputFormat.CIFAR100;
            if (!whole || !Files.exists(input)) {
                return null; // read() reports a missing input as before
            }
            return new Prefetch(cfg.input(), CompletableFuture.supplyAsync(() -> listing(cfg, format, input), r -> {
                Thread t = new Thread(r, "guidedmixup-input-read");
                t.setDaemon(true);
                t.start();
            }));
        }

        DriverListing join() {
            try {
                return listing.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }

    /** @param prefetch the input as {@link Prefetch#start} began reading it, or null */
    public static InputRdd read(SparkSession spark, AugmentConfig cfg, int slices, Prefetch prefetch) {
        AugmentConfig.InputFormat format = format(cfg);
        String name = format.name().toLowerCase(Locale.ROOT);
        if (format == AugmentConfig.InputFormat.PARQUET) {
            return readParquet(spark, cfg, name);
        }
        Path input = Path.of(cfg.input());
        if (!Files.exists(input)) {
            // Before any reader guesses at companion files (an IDX labels file, say).
            throw new InputException("input not found: " + input + "; check --input");
        }
        DriverListing listing = prefetch != null && prefetch.input.equals(cfg.input())
                ? prefetch.join() : listing(cfg, format, input);
        if (listing.records().isEmpty()) {
            throw new InputException("input " + input + " holds no records");
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
        boolean pixelsOnDriver = format == AugmentConfig.InputFormat.IDX || format == AugmentConfig.InputFormat.CIFAR
                || format == AugmentConfig.InputFormat.CIFAR100;
        return new InputRdd(rdd, listing.records().size(), listing.formatClasses(), listing.classNames(),
                listing.maxLabelPlusOne(), name, pixelsOnDriver ? listing.records() : null);
    }

    private static AugmentConfig.InputFormat format(AugmentConfig cfg) {
        return cfg.inputFormat() == AugmentConfig.InputFormat.AUTO ? detect(cfg.input()) : cfg.inputFormat();
    }

    private static DriverListing listing(AugmentConfig cfg, AugmentConfig.InputFormat format, Path input) {
        return switch (format) {
            case IDX -> IdxReader.read(input, cfg.labels().isBlank() ? IdxReader.defaultLabels(input) : Path.of(cfg.labels()));
            case CIFAR -> CifarReader.read(input, false);
            case CIFAR100 -> CifarReader.read(input, true);
            case MANIFEST -> ManifestReader.read(input);
            case FOLDER -> FolderReader.read(input);
            default -> throw new IllegalStateException("unhandled format " + format);
        };
    }

    /**
     * A Parquet dataset with an image column (binary, or a struct with a binary {@code bytes} field
     * as Hugging Face writes it) and a label column (integer, or class names numbered in sorted
     * order). Natural order is file path, then row position in the file.
     */
    private static InputRdd readParquet(SparkSession spark, AugmentConfig cfg, String name) {
        Dataset<Row> df;
        try {
            df = spark.read().parquet(cfg.input());
        } catch (Exception e) {
            throw new InputException("cannot read Parquet input " + cfg.input() + ": " + ErrorText.firstLine(e.getMessage(), ""), e);
        }
        StructType schema = df.schema();
        String imageCol = cfg.imageColumn();
        String labelCol = cfg.labelColumn();
        StructField image = field(schema, imageCol, "image", "--image-column");
        StructField label = field(schema, labelCol, "label", "--label-column");
        boolean struct = image.dataType() instanceof StructType;
        if (struct) {
            StructType st = (StructType) image.dataType();
            if (!Arrays.asList(st.fieldNames()).contains("bytes") || !(st.apply("bytes").dataType() instanceof BinaryType)) {
                throw new InputException("Parquet column '" + imageCol + "' of " + cfg.input()
                        + " is a struct without a binary 'bytes' field");
            }
        } else if (!(image.dataType() instanceof BinaryType)) {
            throw new InputException("Parquet column '" + imageCol + "' of " + cfg.input() + " is " + image.dataType().simpleString()
                    + "; expected binary image bytes or a struct {bytes, path}");
        }
        DataType lt = label.dataType();
        boolean named = lt instanceof StringType;
        if (!named && !(lt instanceof IntegerType || lt instanceof LongType || lt instanceof ShortType || lt instanceof ByteType)) {
            throw new InputException("Parquet column '" + labelCol + "' of " + cfg.input() + " is " + lt.simpleString()
                    + "; expected integer class ids or string class names");
        }
        Dataset<Row> ordered = df.select(
                        col("_metadata.file_path").as("_file"),
                        col("_metadata.row_index").as("_row"),
                        struct ? col(imageCol + ".bytes").as("_bytes") : col(imageCol).as("_bytes"),
                        struct && Arrays.asList(((StructType) image.dataType()).fieldNames()).contains("path")
                                ? col(imageCol + ".path").cast("string").as("_path") : org.apache.spark.sql.functions.lit(null).cast("string").as("_path"),
                        col(labelCol).as("_label"))
                .orderBy(col("_file"), col("_row"));
        List<String> classNames = List.of();
        if (named) {
            classNames = List.copyOf(new TreeSet<>(df.select(col(labelCol)).na().drop().distinct()
                    .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()));
        }
        final List<String> names = classNames;
        JavaRDD<SourceRecord> rdd = ordered.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            long id = t._2();
            String where = r.isNullAt(3) ? baseName(r.getString(0)) + "#" + r.getLong(1) : r.getString(3);
            if (r.isNullAt(4)) {
                return SourceRecord.rejected(id, -1, where, "label is null");
            }
            int lab;
            if (named) {
                lab = names.indexOf(r.getString(4));
            } else {
                long v = ((Number) r.get(4)).longValue();
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    return SourceRecord.rejected(id, -1, where, "label " + v + " is not a 32-bit class id");
                }
                lab = (int) v;
            }
            if (r.isNullAt(2)) {
                return SourceRecord.rejected(id, lab, where, "image bytes are null");
            }
            return SourceRecord.encoded(id, lab, where, (byte[]) r.get(2));
        });
        long count = df.count();
        if (count == 0) {
            throw new InputException("Parquet input " + cfg.input() + " holds no rows");
        }
        int maxLabel;
        if (named) {
            maxLabel = names.size();
        } else {
            Row m = df.agg(org.apache.spark.sql.functions.max(col(labelCol))).first();
            maxLabel = m.isNullAt(0) ? 0 : (int) Math.min(Integer.MAX_VALUE - 1, ((Number) m.get(0)).longValue()) + 1;
        }
        return new InputRdd(rdd, count, named ? names.size() : 0, names, maxLabel, name, null);
    }

    private static StructField field(StructType schema, String name, String what, String flag) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new InputException("Parquet input has no " + what + " column '" + name + "' (columns: "
                + String.join(", ", schema.fieldNames()) + "); name it with " + flag);
    }

    private static String baseName(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }
}
