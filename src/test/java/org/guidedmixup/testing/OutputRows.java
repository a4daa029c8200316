package org.guidedmixup.testing;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An augment output's rows as sorted text lines (every column, the image as a SHA-256 of its bytes),
 * so that two outputs compare row for row and pixel for pixel with one assertEquals.
 */
public final class OutputRows {
    private OutputRows() {
    }

    public static List<String> of(Path output) {
        SparkSession spark = SparkTestSession.get();
        return of(spark.read().parquet(output.resolve("shards").toString()));
    }

    /** Rows with the shard schema (from shards, or from the Transformer), as the same sorted lines. */
    public static List<String> of(Dataset<Row> shardRows) {
        List<Row> rows = shardRows.orderBy("round", "source_id").collectAsList();
        List<String> out = new ArrayList<>(rows.size());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Row r : rows) {
                StringBuilder b = new StringBuilder();
                for (String f : r.schema().fieldNames()) {
                    Object v = r.get(r.fieldIndex(f));
                    if (v instanceof byte[] bytes) {
                        v = HexFormat.of().formatHex(sha.digest(bytes));
                    } else if (v instanceof scala.collection.Seq<?> seq) {
                        v = seq.mkString(",");
                    }
                    b.append(f).append('=').append(v).append(' ');
                }
                out.add(b.toString());
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
