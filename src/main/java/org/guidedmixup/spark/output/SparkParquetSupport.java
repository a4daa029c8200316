package org.guidedmixup.spark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.types.StructType;

import java.util.HashMap;
import java.util.Map;

/**
 * A parquet-hadoop {@link WriteSupport} that writes a table the way Spark's own Parquet writer does
 * (same column layout, and the footer keys Spark reads its exact schema back from), straight from
 * this project's objects: no {@code Row}, no Catalyst conversion, no Spark SQL job. Spark,
 * pandas/pyarrow and DuckDB read the files as they read Spark's.
 *
 * @param <T> what one record is written from
 */
public abstract class SparkParquetSupport<T> extends WriteSupport<T> {
    /** The footer key Spark stores a table's schema under (ParquetReadSupport.SPARK_METADATA_KEY). */
    public static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
    /** The footer key of the Spark version that wrote a file. */
    public static final String SPARK_VERSION_KEY = "org.apache.spark.version";

    private final MessageType parquetSchema;
    private final Map<String, String> footer;
    protected RecordConsumer out;

    /**
     * @param sparkSchema  the table's schema as Spark sees it
     * @param parquetSchema the same as Parquet columns
     * @param sparkVersion the version stamped in the footer, as Spark stamps its own
     * @param extraFooter  more footer keys (this project's metadata)
     */
    protected SparkParquetSupport(StructType sparkSchema, MessageType parquetSchema, String sparkVersion,
                                  Map<String, String> extraFooter) {
        this.parquetSchema = parquetSchema;
        this.footer = new HashMap<>(extraFooter);
        footer.put(SPARK_VERSION_KEY, sparkVersion);
        footer.put(SPARK_SCHEMA_KEY, sparkSchema.json());
    }

    @Override
    public final WriteContext init(Configuration configuration) {
        return new WriteContext(parquetSchema, footer);
    }

    @Override
    public final void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    protected final void longField(String name, int index, long v) {
        out.startField(name, index);
        out.addLong(v);
        out.endField(name, index);
    }

    protected final void intField(String name, int index, int v) {
        out.startField(name, index);
        out.addInteger(v);
        out.endField(name, index);
    }

    protected final void floatField(String name, int index, float v) {
        out.startField(name, index);
        out.addFloat(v);
        out.endField(name, index);
    }

    protected final void stringField(String name, int index, String v) {
        out.startField(name, index);
        out.addBinary(org.apache.parquet.io.api.Binary.fromString(v));
        out.endField(name, index);
    }
}
