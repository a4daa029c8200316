package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaRDD;
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
import org.guidedmixup.io.ErrorText;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.RejectKind;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.config.AugmentConfig;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;

/** A Parquet dataset as input, read by Spark SQL on the executors. */
final class ParquetSource {
    private ParquetSource() {
    }

    /**
     * A Parquet dataset with an image column (binary, or a struct with a binary {@code bytes} field
     * as Hugging Face writes it) and a label column (integer, or class names numbered in sorted
     * order). Natural order is file path, then row position in the file.
     */
    static InputRdd read(SparkSession spark, AugmentConfig cfg, String name) {
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
                return SourceRecord.rejected(id, -1, where, RejectKind.MISSING_LABEL, "label is null");
            }
            int lab;
            if (named) {
                lab = names.indexOf(r.getString(4));
            } else {
                long v = ((Number) r.get(4)).longValue();
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    return SourceRecord.rejected(id, -1, where, RejectKind.BAD_LABEL, "label " + v + " is not a 32-bit class id");
                }
                lab = (int) v;
            }
            if (r.isNullAt(2)) {
                return SourceRecord.rejected(id, lab, where, RejectKind.MISSING_IMAGE, "image bytes are null");
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
        return new InputRdd(rdd, count, named ? names.size() : 0, names, maxLabel, name, null, null);
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
