package org.guidedmixup.train.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.InputException;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.spark.augment.AugmentJob;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.testing.Idx;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shards read as they were written (one partition per writing task, files in order, no shuffle) give
 * the DataSets of the old grouping (rows of a round grouped by batch_id, in source_id order), and
 * {@code open} refuses a shards folder with a missing, truncated, extra or foreign file.
 */
class ShardEpochsTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;
    private static Path output;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        Path images = Idx.firstImages(tmp.resolve("data"), 300);
        output = augment(images, tmp.resolve("out"), 7);
    }

    /** 300 images, 2 rounds, 3 partitions, at most 40 rows a file: writers span several files. */
    private static Path augment(Path images, Path out, long seed) {
        Map<String, Object> a = new HashMap<>();
        a.put("augment.input", images.toString());
        a.put("augment.output", out.toString());
        a.put("augment.rounds", 2);
        a.put("augment.partitions", 3);
        a.put("augment.rows-per-file", 40);
        a.put("augment.seed", seed);
        a.put("augment.preview", false);
        a.put("augment.progress-seconds", 0);
        new AugmentJob(spark, AugmentConfig.from(ConfigFactory.parseMap(a)
                .withFallback(ConfigFactory.parseResources("augment.conf")).resolve())).run();
        return out;
    }

    /** The old reading: round r's rows grouped by batch_id, each batch in source_id order. */
    private static Map<Long, List<Row>> oldGrouping(int round) {
        List<Row> rows = spark.read().parquet(output.resolve(ShardFormat.SHARDS).toString())
                .filter(col(ShardSchema.ROUND).equalTo(round)).collectAsList();
        Map<Long, List<Row>> byBatch = new TreeMap<>();
        for (Row r : rows) {
            byBatch.computeIfAbsent(r.getLong(r.fieldIndex(ShardSchema.BATCH_ID)), b -> new ArrayList<>()).add(r);
        }
        byBatch.values().forEach(l -> l.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex(ShardSchema.SOURCE_ID)))));
        return byBatch;
    }

    @Test
    void shardOrderReadingEqualsTheOldGroupingRowForRow() {
        ShardEpochs shards = ShardEpochs.open(spark, output.toString());
        assertEquals(300, shards.rows(0));
        assertEquals(300, shards.rows(1));
        for (int round = 0; round < 2; round++) {
            Map<Long, List<Row>> want = oldGrouping(round);
            List<Tuple2<Long, DataSet>> got = shards.epoch(round).collect();
            assertEquals(want.size(), got.size(), "batches of round " + round);
            List<Long> ids = new ArrayList<>();
            for (Tuple2<Long, DataSet> t : got) {
                ids.add(t._1());
                List<Row> rows = want.get(t._1());
                DataSet d = t._2();
                assertEquals(rows.size(), d.numExamples(), "examples of batch " + t._1());
                float[] features = d.getFeatures().data().asFloat();
                float[] labels = d.getLabels().data().asFloat();
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    byte[] px = ImageDecoder.decodeStored((byte[]) r.get(r.fieldIndex(ShardSchema.IMAGE)), 1);
                    for (int p = 0; p < px.length; p++) {
                        assertEquals((px[p] & 0xff) / 255f, features[i * px.length + p], "pixel " + p + " of row " + i
                                + " of batch " + t._1());
                    }
                    List<Float> soft = r.getList(r.fieldIndex(ShardSchema.SOFT_LABEL));
                    for (int c = 0; c < 10; c++) {
                        assertEquals(soft.get(c), labels[i * 10 + c], "soft label " + c + " of row " + i);
                    }
                }
            }
            assertEquals(want.keySet(), new java.util.TreeSet<>(ids), "every batch once");
            // Streamed in the writers' order: batches come out grouped by writer, each writer's in order.
            assertEquals(3, shards.epoch(round).getNumPartitions(), "one partition per writing task");
        }
    }

    private static Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> all = Files.walk(output)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(output.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    private static List<Path> files(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out.resolve(ShardFormat.SHARDS))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    private static String refused(Path out) {
        return assertThrows(InputException.class, () -> ShardEpochs.open(spark, out.toString())).getMessage();
    }

    @Test
    void aMissingFileIsRefusedWithItsNameAndCounts() throws IOException {
        Path out = copy("missing");
        Path gone = files(out).get(2);
        Files.delete(gone);
        String m = refused(out);
        assertTrue(m.contains(gone.getFileName().toString()) && m.contains("is missing") && m.contains("rows of round"), m);
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path out = copy("truncated");
        Path cut = files(out).get(1);
        try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        String m = refused(out);
        assertTrue(m.contains(cut.getFileName().toString()) && m.contains("is damaged"), m);
    }

    @Test
    void anExtraFileIsRefused() throws IOException {
        Path out = copy("extra");
        Path extra = out.resolve(ShardFormat.SHARDS).resolve("part-00099-c000.snappy.parquet");
        Files.copy(files(out).get(0), extra);
        String m = refused(out);
        assertTrue(m.contains("part-00099-c000.snappy.parquet") && m.contains("not part of this augment run"), m);
    }

    @Test
    void aFileOfAnotherRunIsRefused() throws IOException {
        Path other = augment(tmp.resolve("data/train-images-idx3-ubyte.gz"), tmp.resolve("other-run"), 8);
        Path out = copy("foreign");
        Path victim = files(out).get(0);
        Files.copy(files(other).get(0), victim, StandardCopyOption.REPLACE_EXISTING);
        String m = refused(out);
        assertTrue(m.contains(victim.getFileName().toString()) && (m.contains("another augment run") || m.contains("rows where")), m);
    }

    /** Outputs from before summary.json listed its files: each round's rows must still add up. */
    @Test
    void anOutputWithoutAFileListIsCheckedByRounds() throws IOException {
        Path out = copy("unlisted");
        ObjectMapper json = new ObjectMapper();
        ObjectNode summary = (ObjectNode) json.readTree(out.resolve("summary.json").toFile());
        summary.remove("shard_files");
        json.writeValue(out.resolve("summary.json").toFile(), summary);
        assertEquals(300, ShardEpochs.open(spark, out.toString()).rows(1), "a whole output opens");
        Files.delete(files(out).get(0));
        String m = refused(out);
        assertTrue(m.contains("round 0") && m.contains("files are missing"), m);
    }
}
