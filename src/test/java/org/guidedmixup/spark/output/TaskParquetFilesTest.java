package org.guidedmixup.spark.output;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.RejectKind;
import org.guidedmixup.spark.output.ShardRow;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.io.SourceRecord;
import org.guidedmixup.spark.output.SparkParquetSupport;
import org.guidedmixup.spark.augment.AugmentJob;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shards' and rejects' own Parquet writer: the layout Spark's writer would produce, the files of
 * one task (rolled, named, committed, aborted), and what Spark reads back.
 */
class TaskParquetFilesTest {
    private static final int K = 3;

    @Test
    void theParquetSchemasAreTheOnesSparksWriterUses() {
        SparkToParquetSchemaConverter spark = new SparkToParquetSchemaConverter(new SQLConf());
        assertEquals(spark.convert(ShardSchema.shards(true)), ShardSchema.shardsParquet(true));
        assertEquals(spark.convert(ShardSchema.shards(false)), ShardSchema.shardsParquet(false));
        assertEquals(spark.convert(ShardSchema.rejects()), ShardSchema.rejectsParquet());
    }

    private static TaskParquetFiles.Target target(Path table, long rowsPerFile) {
        return new TaskParquetFiles.Target(table.toString(), new org.apache.spark.util.SerializableConfiguration(new Configuration()), rowsPerFile,
                1 << 20, ShardSchema.IMAGE);
    }

    private static TaskParquetFiles<ShardRow> files(Path table, long rowsPerFile, int partition, String attempt) {
        return new TaskParquetFiles<>(target(table, rowsPerFile),
                () -> new ShardRow.Support(K, "3.5.9", Map.of("guidedmixup.seed", "7")), partition, attempt);
    }

    private static ShardRow row(long id) {
        ShardRow r = new ShardRow();
        r.sourceId = id;
        r.hasPartner = id % 2 == 0;
        r.partnerId = id + 100;
        r.partnerLabel = 2;
        r.batchId = id / 4;
        r.round = 1;
        r.mixed = r.hasPartner;
        r.label = (int) (id % K);
        r.ratio = 0.25f;
        r.softLabels = new float[]{0, 0, 0, 0.25f, 0.75f, 0};
        r.softOffset = 3;
        r.height = 1;
        r.width = 2;
        r.channels = 1;
        r.image = new byte[]{(byte) id, (byte) (id >> 8)};
        return r;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void rowsRollIntoFilesThatSparkReadsBack(@TempDir Path tmp) throws IOException {
        Path table = tmp.resolve("shards");
        TaskParquetFiles<ShardRow> f = files(table, 4, 3, "a");
        for (long id = 0; id < 10; id++) {
            f.write(row(id));
        }
        List<TaskParquetFiles.Written> written = f.commitOnDriver(false);
        assertEquals(List.of(new TaskParquetFiles.Written("part-00003-c000.snappy.parquet", 4),
                new TaskParquetFiles.Written("part-00003-c001.snappy.parquet", 4),
                new TaskParquetFiles.Written("part-00003-c002.snappy.parquet", 2)), written);
        // The attempt's scratch folder is gone; only the committed files and _temporary itself remain.
        assertEquals(List.of(), names(table.resolve(TaskParquetFiles.TEMPORARY)));
        Files.delete(table.resolve(TaskParquetFiles.TEMPORARY));
        assertEquals(List.of("part-00003-c000.snappy.parquet", "part-00003-c001.snappy.parquet",
                "part-00003-c002.snappy.parquet"), names(table));

        SparkSession spark = SparkTestSession.get();
        var df = spark.read().parquet(table.toString());
        assertEquals(ShardSchema.shards(true).fieldNames().length, df.schema().fieldNames().length);
        assertArrayEquals(ShardSchema.shards(true).fieldNames(), df.schema().fieldNames());
        // Spark packs files into read partitions by size, so the rows come back sorted here.
        List<Row> rows = df.orderBy(ShardSchema.SOURCE_ID).collectAsList();
        assertEquals(10, rows.size());
        for (int i = 0; i < 10; i++) {
            Row r = rows.get(i);
            assertEquals(i, r.<Long>getAs(ShardSchema.SOURCE_ID));
            if (i % 2 == 0) {
                assertEquals(i + 100L, r.<Long>getAs(ShardSchema.PARTNER_ID));
                assertEquals(2, r.<Integer>getAs(ShardSchema.PARTNER_LABEL));
            } else {
                assertNull(r.getAs(ShardSchema.PARTNER_ID));
                assertNull(r.getAs(ShardSchema.PARTNER_LABEL));
            }
            assertEquals(i / 4, r.<Long>getAs(ShardSchema.BATCH_ID));
            assertEquals(i % 2 == 0, r.<Boolean>getAs(ShardSchema.MIXED));
            assertEquals(0.25f, r.<Float>getAs(ShardSchema.RATIO));
            assertEquals(List.of(0.25f, 0.75f, 0f), r.getList(r.fieldIndex(ShardSchema.SOFT_LABEL)));
            assertArrayEquals(new byte[]{(byte) i, 0}, r.<byte[]>getAs(ShardSchema.IMAGE));
        }
        var footer = org.apache.parquet.hadoop.ParquetFileReader.readFooter(new Configuration(),
                new org.apache.hadoop.fs.Path(table.resolve("part-00003-c000.snappy.parquet").toString()));
        Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
        assertEquals("7", kv.get("guidedmixup.seed"));
        assertEquals("3.5.9", kv.get(SparkParquetSupport.SPARK_VERSION_KEY));
        assertEquals(ShardSchema.shards(true).json(), kv.get(SparkParquetSupport.SPARK_SCHEMA_KEY));
        assertEquals(4, TaskParquetFiles.footerRows(
                new org.apache.hadoop.fs.Path(table.toString()).getFileSystem(new Configuration()),
                new org.apache.hadoop.fs.Path(table.resolve("part-00003-c000.snappy.parquet").toString())));
    }

    @Test
    void aRetryReplacesTheFilesADeadAttemptLeftAndAnAbortLeavesNothing(@TempDir Path tmp) throws IOException {
        Path table = tmp.resolve("shards");
        Files.createDirectories(table);
        // A first attempt died after moving its file: the file is there, possibly incomplete.
        Files.write(table.resolve("part-00000-c000.snappy.parquet"), new byte[]{1, 2, 3});
        TaskParquetFiles<ShardRow> aborted = files(table, 100, 0, "second");
        aborted.write(row(1));
        aborted.abort();
        assertFalse(Files.exists(table.resolve(TaskParquetFiles.TEMPORARY).resolve("second")));

        TaskParquetFiles<ShardRow> retry = files(table, 100, 0, "third");
        retry.write(row(1));
        retry.write(row(2));
        assertEquals(List.of(new TaskParquetFiles.Written("part-00000-c000.snappy.parquet", 2)), retry.commitOnDriver(false));
        assertEquals(2, SparkTestSession.get().read().parquet(table.resolve("part-00000-c000.snappy.parquet").toString()).count());
    }

    @Test
    void anEmptyTaskWritesNoFileUnlessAskedForOneAndThatFileKeepsTheSchema(@TempDir Path tmp) throws IOException {
        Path table = tmp.resolve("t");
        assertEquals(List.of(), files(table, 10, 1, "a").commitOnDriver(false));
        TaskParquetFiles<DecodedImage> rejects = new TaskParquetFiles<>(target(table, 10),
                () -> new ShardRow.RejectSupport("3.5.9"), 0, "b");
        assertEquals(List.of(new TaskParquetFiles.Written("part-00000-c000.snappy.parquet", 0)), rejects.commitOnDriver(true));
        var df = SparkTestSession.get().read().parquet(table.resolve("part-00000-c000.snappy.parquet").toString());
        assertEquals(0, df.count());
        assertArrayEquals(ShardSchema.rejects().fieldNames(), df.schema().fieldNames());
    }

    @Test
    void rejectsKeepTheirNullPathAndLabel(@TempDir Path tmp) throws IOException {
        Path table = tmp.resolve("r");
        TaskParquetFiles<DecodedImage> f = new TaskParquetFiles<>(target(table, 10),
                () -> new ShardRow.RejectSupport("3.5.9"), 0, "a");
        f.write(DecodedImage.rejected(SourceRecord.file(5, -1, null), RejectKind.MISSING_PATH, "empty path"));
        f.write(DecodedImage.rejected(SourceRecord.file(6, 3, "a/b.png"), RejectKind.FILE_NOT_FOUND, "file not found: a/b.png"));
        f.commitOnDriver(false);
        List<Row> rows = SparkTestSession.get().read().parquet(table.resolve("part-00000-c000.snappy.parquet").toString())
                .collectAsList();
        assertEquals(5L, rows.get(0).<Long>getAs(ShardSchema.SOURCE_ID));
        assertNull(rows.get(0).getAs("path"));
        assertNull(rows.get(0).getAs(ShardSchema.LABEL));
        assertEquals("empty path", rows.get(0).getAs("reason"));
        assertEquals("a/b.png", rows.get(1).getAs("path"));
        assertEquals(3, rows.get(1).<Integer>getAs(ShardSchema.LABEL));
    }

    @Test
    void theJobPublishesOnlyTheFilesItsTasksCommitted() {
        List<TaskParquetFiles.Written> committed = List.of(new TaskParquetFiles.Written("part-00000-c000.snappy.parquet", 3));
        AugmentJob.requireCommitted(committed, List.of("/o/shards/part-00000-c000.snappy.parquet"));
        IllegalStateException extra = assertThrows(IllegalStateException.class, () -> AugmentJob.requireCommitted(committed,
                List.of("/o/shards/part-00000-c000.snappy.parquet", "/o/shards/part-00001-c000.snappy.parquet")));
        assertEquals("the shards folder holds 2 files where the tasks committed 1; not published (extra files)",
                extra.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> AugmentJob.requireCommitted(committed, List.of()));
        assertTrue(missing.getMessage().endsWith("(missing files)"), missing.getMessage());
    }
}
