package org.guidedmixup.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.guidedmixup.io.ErrorText;
import org.guidedmixup.io.InputException;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.spark.output.ShardFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

/** {@code inspect DIR}: the output rows, ordered by (round, source_id), as JSON lines or a table. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the rows of an augment output, ordered by (round, source_id).")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "output folder of augment (or its shards/ folder)")
    File dir;

    @Option(names = "--json", description = "one JSON object per row (default: a text table)")
    boolean json;

    @Option(names = "--pixels", description = "with --json: add the image as floats in [0, 1], C, H, W order")
    boolean pixels;

    @Option(names = "--limit", paramLabel = "N", description = "print at most N rows (default: all)")
    Integer limit;

    @Override
    public Integer call() throws IOException {
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0, got " + limit);
        }
        File shards = new File(dir, ShardFormat.SHARDS);
        if (!shards.isDirectory()) {
            if (!dir.exists()) {
                throw new InputException("output folder not found: " + dir);
            }
            shards = dir;
        }
        try (SessionScope session = SessionScope.start("guidedmixup inspect", "local[*]")) {
            SparkSession spark = session.spark;
            Dataset<Row> df;
            try {
                df = spark.read().parquet(shards.getAbsolutePath());
            } catch (Exception e) {
                throw new InputException(dir + " holds no readable shards: " + ErrorText.firstLine(String.valueOf(e.getMessage()), ""));
            }
            df = df.orderBy(col(ShardSchema.ROUND), col(ShardSchema.SOURCE_ID));
            if (limit != null) {
                df = df.limit(limit);
            }
            PrintStream out = System.out;
            Iterator<Row> rows = df.toLocalIterator();
            if (json) {
                writeJson(rows, out);
            } else {
                writeTable(rows, out);
            }
            out.flush();
            return 0;
        }
    }

    private void writeJson(Iterator<Row> rows, PrintStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        JsonGenerator g = new JsonFactory().createGenerator(w);
        g.setRootValueSeparator(null);
        while (rows.hasNext()) {
            Row r = rows.next();
            g.writeStartObject();
            for (StructField f : r.schema().fields()) {
                String name = f.name();
                if (name.equals(ShardSchema.IMAGE)) {
                    continue;
                }
                int i = r.fieldIndex(name);
                if (r.isNullAt(i) && ShardSchema.isTransformColumn(name)) {
                    // Rows of a run without a base transform read as they did before transforms existed.
                    continue;
                }
                g.writeFieldName(name);
                if (r.isNullAt(i)) {
                    g.writeNull();
                } else if (name.equals(ShardSchema.SOFT_LABEL)) {
                    List<Float> soft = r.getList(i);
                    g.writeStartArray();
                    for (Float v : soft) {
                        g.writeNumber(v);
                    }
                    g.writeEndArray();
                } else {
                    Object v = r.get(i);
                    if (v instanceof Float fl) {
                        g.writeNumber(fl);
                    } else if (v instanceof Boolean b) {
                        g.writeBoolean(b);
                    } else if (v instanceof Number n) {
                        g.writeNumber(n.longValue());
                    } else {
                        g.writeString(String.valueOf(v));
                    }
                }
            }
            if (pixels) {
                int c = r.getInt(r.fieldIndex(ShardSchema.CHANNELS));
                int h = r.getInt(r.fieldIndex(ShardSchema.HEIGHT));
                int wd = r.getInt(r.fieldIndex(ShardSchema.WIDTH));
                byte[] px = ShardFormat.storedPixels((byte[]) r.get(r.fieldIndex(ShardSchema.IMAGE)), c, h, wd);
                g.writeFieldName("pixels");
                g.writeStartArray();
                for (byte b : px) {
                    g.writeNumber((b & 0xff) / 255f);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.flush();
            w.write('\n');
        }
        g.flush();
        w.flush();
    }

    private static void writeTable(Iterator<Row> rows, PrintStream out) {
        out.printf(Locale.ROOT, "%5s %10s %10s %8s %5s %5s %7s %6s%n", "round", "source_id", "partner_id", "batch_id",
                "mixed", "label", "partner", "ratio");
        while (rows.hasNext()) {
            Row r = rows.next();
            Object partner = r.get(r.fieldIndex(ShardSchema.PARTNER_ID));
            Object plabel = r.get(r.fieldIndex(ShardSchema.PARTNER_LABEL));
            out.printf(Locale.ROOT, "%5d %10d %10s %8d %5s %5d %7s %6.3f%n", r.getInt(r.fieldIndex(ShardSchema.ROUND)),
                    r.getLong(r.fieldIndex(ShardSchema.SOURCE_ID)), partner == null ? "-" : partner,
                    r.getLong(r.fieldIndex(ShardSchema.BATCH_ID)), r.getBoolean(r.fieldIndex(ShardSchema.MIXED)),
                    r.getInt(r.fieldIndex(ShardSchema.LABEL)), plabel == null ? "-" : plabel,
                    r.getFloat(r.fieldIndex(ShardSchema.RATIO)));
        }
    }
}
