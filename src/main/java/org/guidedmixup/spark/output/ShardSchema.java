package org.guidedmixup.spark.output;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * The Parquet schema of augmented shards and of the rejects table: standard types only, so Spark,
 * pandas/pyarrow and DuckDB read them with nothing from this project. Documented in the README.
 */
public final class ShardSchema {
    public static final String SOURCE_ID = "source_id";
    public static final String PARTNER_ID = "partner_id";
    public static final String BATCH_ID = "batch_id";
    public static final String ROUND = "round";
    public static final String MIXED = "mixed";
    public static final String LABEL = "label";
    public static final String PARTNER_LABEL = "partner_label";
    public static final String RATIO = "ratio";
    public static final String SOFT_LABEL = "soft_label";
    public static final String HEIGHT = "height";
    public static final String WIDTH = "width";
    public static final String CHANNELS = "channels";
    public static final String IMAGE = "image";
    /** The base transform's crop box in source pixels (null without a crop), and its flip (null without one). */
    public static final String CROP_TOP = "crop_top";
    public static final String CROP_LEFT = "crop_left";
    public static final String CROP_HEIGHT = "crop_height";
    public static final String CROP_WIDTH = "crop_width";
    public static final String FLIPPED = "flipped";
    private static final String[] CROP_BOX = {CROP_TOP, CROP_LEFT, CROP_HEIGHT, CROP_WIDTH};

    /** True for the columns that record the base transform (null when the run had none). */
    public static boolean isTransformColumn(String name) {
        return name.equals(FLIPPED) || java.util.Arrays.asList(CROP_BOX).contains(name);
    }

    /** Parquet footer keys written into every shard file. */
    public static final String META_PREFIX = "guidedmixup.";

    private ShardSchema() {
    }

    /** One row per output image; {@code soft_label} only when asked for. */
    public static StructType shards(boolean softLabels) {
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField(SOURCE_ID, DataTypes.LongType, false));
        f.add(DataTypes.createStructField(PARTNER_ID, DataTypes.LongType, true));
        f.add(DataTypes.createStructField(BATCH_ID, DataTypes.LongType, false));
        f.add(DataTypes.createStructField(ROUND, DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField(MIXED, DataTypes.BooleanType, false));
        f.add(DataTypes.createStructField(LABEL, DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField(PARTNER_LABEL, DataTypes.IntegerType, true));
        f.add(DataTypes.createStructField(RATIO, DataTypes.FloatType, false));
        if (softLabels) {
            f.add(DataTypes.createStructField(SOFT_LABEL, DataTypes.createArrayType(DataTypes.FloatType, false), false));
        }
        f.add(DataTypes.createStructField(HEIGHT, DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField(WIDTH, DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField(CHANNELS, DataTypes.IntegerType, false));
        f.add(DataTypes.createStructField(IMAGE, DataTypes.BinaryType, false));
        for (String box : CROP_BOX) {
            f.add(DataTypes.createStructField(box, DataTypes.FloatType, true));
        }
        f.add(DataTypes.createStructField(FLIPPED, DataTypes.BooleanType, true));
        return DataTypes.createStructType(f);
    }

    /**
     * {@link #shards} as Parquet columns, exactly as Spark's writer lays it out (a test holds the two
     * together): required where the field is not nullable, the soft labels as a 3-level LIST.
     */
    public static MessageType shardsParquet(boolean softLabels) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.required(PrimitiveTypeName.INT64).named(SOURCE_ID);
        b.optional(PrimitiveTypeName.INT64).named(PARTNER_ID);
        b.required(PrimitiveTypeName.INT64).named(BATCH_ID);
        b.required(PrimitiveTypeName.INT32).named(ROUND);
        b.required(PrimitiveTypeName.BOOLEAN).named(MIXED);
        b.required(PrimitiveTypeName.INT32).named(LABEL);
        b.optional(PrimitiveTypeName.INT32).named(PARTNER_LABEL);
        b.required(PrimitiveTypeName.FLOAT).named(RATIO);
        if (softLabels) {
            b.requiredList().requiredElement(PrimitiveTypeName.FLOAT).named(SOFT_LABEL);
        }
        b.required(PrimitiveTypeName.INT32).named(HEIGHT);
        b.required(PrimitiveTypeName.INT32).named(WIDTH);
        b.required(PrimitiveTypeName.INT32).named(CHANNELS);
        b.required(PrimitiveTypeName.BINARY).named(IMAGE);
        for (String box : CROP_BOX) {
            b.optional(PrimitiveTypeName.FLOAT).named(box);
        }
        b.optional(PrimitiveTypeName.BOOLEAN).named(FLIPPED);
        return b.named("spark_schema");
    }

    /** {@link #rejects} as Parquet columns, as Spark's writer lays it out. */
    public static MessageType rejectsParquet() {
        return Types.buildMessage()
                .required(PrimitiveTypeName.INT64).named(SOURCE_ID)
                .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
                .optional(PrimitiveTypeName.INT32).named(LABEL)
                .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("reason")
                .named("spark_schema");
    }

    /** The rejects table: which record, from where, and why. */
    public static StructType rejects() {
        return DataTypes.createStructType(List.of(
                DataTypes.createStructField(SOURCE_ID, DataTypes.LongType, false),
                DataTypes.createStructField("path", DataTypes.StringType, true),
                DataTypes.createStructField(LABEL, DataTypes.IntegerType, true),
                DataTypes.createStructField("reason", DataTypes.StringType, false)));
    }
}
