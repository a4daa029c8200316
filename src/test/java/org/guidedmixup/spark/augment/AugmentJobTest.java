package org.guidedmixup.spark.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.OutputExistsException;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.spark.saliency.SaliencyMemos;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.GoldenCase;
import org.guidedmixup.testing.Images;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The augment job on Spark local[2] with tiny inputs. */
public class AugmentJobTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    static AugmentConfig config(Map<String, Object> settings) {
        return AugmentRuns.config(settings);
    }

    static AugmentSummary run(Map<String, Object> settings) {
        return AugmentRuns.run(settings);
    }

    static List<Row> rows(Path out) {
        return AugmentRuns.rows(out);
    }

    @Test
    void everyReaderFeedsTheJob(@TempDir Path tmp) {
        GoldenCase gray = GoldenCase.load("squares28gray");
        GoldenCase rgb = GoldenCase.load("squares32");
        Map<String, String> inputs = Map.of(
                "cifar100", cifar100Of(rgb, tmp.resolve("c100")).toString(),
                "idx", gray.dir.resolve("images-idx3-ubyte.gz").toString(),
                "cifar", rgb.dir.resolve("data_batch.bin").toString(),
                "manifest", rgb.dir.resolve("manifest.csv").toString(),
                "folder", folderOf(rgb, tmp.resolve("folder")).toString(),
                "parquet", parquetOf(rgb, tmp.resolve("pq"), 1, true).toString());
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            Map<String, Object> settings = new HashMap<>(Map.of("input", e.getValue(),
                    "output", tmp.resolve("out-" + e.getKey()).toString(), "batch-size", 8, "mix-prob", 1.0));
            if (e.getKey().equals("cifar100")) {
                settings.put("input-format", "cifar100");
            }
            AugmentSummary s = run(settings);
            assertEquals(e.getKey(), s.inputFormat());
            long n = e.getKey().equals("idx") ? 24 : 32;
            assertEquals(n, s.inputRecords(), e.getKey());
            assertEquals(n, s.outputRows(), e.getKey());
            assertEquals(n, s.mixedRows(), e.getKey());
            assertEquals(e.getKey().equals("idx") ? 1 : 3, s.channels(), e.getKey());
            assertTrue(Files.exists(tmp.resolve("out-" + e.getKey()).resolve("_SUCCESS")));
            if (e.getKey().equals("cifar100")) {
                assertEquals(100, s.numClasses());
                List<Row> rows = rows(tmp.resolve("out-cifar100"));
                assertEquals(50 + rgb.labels[0], rows.get(0).getInt(rows.get(0).fieldIndex(ShardSchema.LABEL)));
                assertEquals(100, rows.get(0).getList(rows.get(0).fieldIndex(ShardSchema.SOFT_LABEL)).size());
            }
        }
    }

    /** The case's images as a CIFAR-100 batch: coarse label 0, fine label 50 + the case's label. */
    static Path cifar100Of(GoldenCase g, Path dir) {
        try {
            byte[] cifar10 = Files.readAllBytes(g.dir.resolve("data_batch.bin"));
            byte[] out = new byte[g.n * 3074];
            for (int i = 0; i < g.n; i++) {
                out[i * 3074 + 1] = (byte) (50 + cifar10[i * 3073]);
                System.arraycopy(cifar10, i * 3073 + 1, out, i * 3074 + 2, 3072);
            }
            Files.createDirectories(dir);
            return Files.write(dir.resolve("train.bin"), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badRecordsLandInRejectsWithTheirReasonAndNothingIsLost(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("imgs");
        StringBuilder csv = new StringBuilder("path,label\n");
        for (int i = 0; i < 12; i++) {
            Images.write(dir.resolve(i + ".png"), Images.encode(Images.square(16, 16, true, i), "png"));
            csv.append(i).append(".png,").append(i % 3).append('\n');
        }
        Images.write(dir.resolve("corrupt.png"), Images.corruptPng());
        Images.write(dir.resolve("cut.jpg"), Images.truncatedJpeg(16, 16));
        Images.write(dir.resolve("wide.png"), Images.encode(Images.square(16, 20, true, 1), "png"));
        csv.append("corrupt.png,0\ncut.jpg,1\nwide.png,2\n0.png,7\nmissing.png,1\n");
        Path manifest = Files.writeString(dir.resolve("m.csv"), csv);
        Path out = tmp.resolve("out");
        AugmentSummary s = run(Map.of("input", manifest.toString(), "output", out.toString(), "num-classes", 3,
                "batch-size", 4));
        assertEquals(17, s.inputRecords());
        assertEquals(5, s.rejectedRecords());
        assertEquals(12, s.outputSources());
        assertEquals(s.inputRecords(), s.outputSources() + s.rejectedRecords());
        Map<Long, String> reasons = spark.read().parquet(out.resolve(ShardFormat.REJECTS).toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getLong(0), r -> r.getString(3)));
        assertEquals(5, reasons.size());
        assertTrue(reasons.get(12L).startsWith("damaged PNG image"), reasons.get(12L));
        assertTrue(reasons.get(13L).startsWith("damaged JPEG image"), reasons.get(13L));
        assertTrue(reasons.get(14L).startsWith("image is 16x20 but this run's images are 16x16"), reasons.get(14L));
        assertTrue(reasons.get(15L).startsWith("label 7 out of range"), reasons.get(15L));
        assertTrue(reasons.get(16L).startsWith("file not found: "), reasons.get(16L));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (String f : List.of("input_records", "rejected_records", "output_rows", "images_per_second", "stage_seconds",
                "mean_ratio", "config")) {
            assertTrue(summary.has(f), "summary.json lacks " + f);
        }
        assertEquals(5, summary.get("rejected_records").asLong());
        assertEquals("{\"damaged image\":2,\"file not found\":1,\"label out of range\":1,\"wrong size\":1}",
                summary.get("reject_reasons").toString());
    }

    @Test
    void noShuffleBatchesAreConsecutiveSourceIdsAndTheTailRuleHolds(@TempDir Path tmp) {
        GoldenCase rgb = GoldenCase.load("squares32");
        // 32 images, M = 6: batches 0..4 of 6, then 2 left over join batch 4 (8 images).
        Path out = tmp.resolve("a");
        run(Map.of("input", rgb.dir.resolve("data_batch.bin").toString(), "output", out.toString(), "batch-size", 6,
                "shuffle", false, "mix-prob", 1.0, "partitions", 3));
        for (Row r : rows(out)) {
            long id = r.getLong(0);
            long batch = r.getLong(r.fieldIndex(ShardSchema.BATCH_ID));
            assertEquals(Math.min(id / 6, 4), batch, "source " + id);
            long partner = r.getLong(r.fieldIndex(ShardSchema.PARTNER_ID));
            assertEquals(batch, Math.min(partner / 6, 4), "partner of " + id + " is outside its batch");
        }
        // M = 10: 3 batches of 10, and a tail of 2 joins the last one.
        Path out10 = tmp.resolve("b");
        run(Map.of("input", rgb.dir.resolve("data_batch.bin").toString(), "output", out10.toString(), "batch-size", 10,
                "shuffle", false, "mix-prob", 1.0));
        Map<Long, Long> sizes = rows(out10).stream().collect(Collectors.groupingBy(r -> r.getLong(2), Collectors.counting()));
        assertEquals(Map.of(0L, 10L, 1L, 10L, 2L, 12L), sizes);
        // M = 29: one batch of 29 and a tail of 3 that is mixed within itself.
        Path out29 = tmp.resolve("c");
        run(Map.of("input", rgb.dir.resolve("data_batch.bin").toString(), "output", out29.toString(), "batch-size", 29,
                "shuffle", false, "mix-prob", 1.0));
        List<Row> tail = rows(out29).stream().filter(r -> r.getLong(2) == 1L).toList();
        assertEquals(3, tail.size());
        for (Row r : tail) {
            assertTrue(r.getLong(1) >= 29 && r.getLong(1) != r.getLong(0));
        }
    }

    @Test
    void sameConfigOnOneOrThreeInputPartitionsGivesIdenticalRows(@TempDir Path tmp) {
        GoldenCase rgb = GoldenCase.load("squares32");
        Path one = parquetOf(rgb, tmp.resolve("one"), 1, false);
        Path three = parquetOf(rgb, tmp.resolve("three"), 3, false);
        Map<String, Object> common = Map.of("batch-size", 5, "mix-prob", 0.7, "rounds", 2, "partitions", 3, "seed", 7);
        Map<String, Object> a = new HashMap<>(common);
        a.put("input", one.toString());
        a.put("output", tmp.resolve("o1").toString());
        Map<String, Object> b = new HashMap<>(common);
        b.put("input", three.toString());
        b.put("output", tmp.resolve("o3").toString());
        run(a);
        run(b);
        List<Row> ra = rows(tmp.resolve("o1"));
        List<Row> rb = rows(tmp.resolve("o3"));
        assertEquals(64, ra.size());
        assertSameRows(ra, rb);
        // Rounds reshuffle: the two rounds batch the images differently.
        List<Long> round0 = ra.subList(0, 32).stream().map(r -> r.getLong(2)).toList();
        List<Long> round1 = ra.subList(32, 64).stream().map(r -> r.getLong(2)).toList();
        assertNotEquals(round0, round1);
    }

    @Test
    void keptSaliencyChangesNoRowAndIsDroppedWithTheJob(@TempDir Path tmp) {
        GoldenCase g = GoldenCase.load("squares28gray");
        Map<String, Object> common = Map.of("input", g.dir.resolve("images-idx3-ubyte.gz").toString(),
                "batch-size", 5, "mix-prob", 1.0, "rounds", 3, "partitions", 2, "seed", 11);
        Map<String, Object> kept = new HashMap<>(common);
        kept.put("output", tmp.resolve("kept").toString());
        Map<String, Object> analysed = new HashMap<>(common);
        analysed.put("output", tmp.resolve("analysed").toString());
        analysed.put("saliency-cache", 0);
        AugmentSummary a = run(kept);
        AugmentSummary b = run(analysed);
        // 24 images, 3 rounds: rounds 2 and 3 can take at most every map from round 1 (48). How many
        // they do take depends on the schedule: the rounds' tasks run side by side, and a batch of
        // round 2 that starts before round 1 has analysed its images analyses them itself (seen on a
        // busy machine: 46). The rows are the same either way, which is what the job guarantees.
        assertTrue(a.saliencyMapsReused() <= 48, "reused " + a.saliencyMapsReused());
        assertEquals(0, b.saliencyMapsReused());
        assertEquals(0, SaliencyMemos.count(), "the job's memo is gone with it");
        List<Row> ra = rows(tmp.resolve("kept"));
        List<Row> rb = rows(tmp.resolve("analysed"));
        assertEquals(72, ra.size());
        assertSameRows(ra, rb);
    }

    /** Row by row and field by field: bytes as arrays, lists (soft labels) element by element. */
    private static void assertSameRows(List<Row> ra, List<Row> rb) {
        assertEquals(ra.size(), rb.size());
        for (int i = 0; i < ra.size(); i++) {
            for (int f = 0; f < ra.get(i).size(); f++) {
                Object x = ra.get(i).get(f);
                Object y = rb.get(i).get(f);
                String where = "row " + i + " field " + ra.get(i).schema().fieldNames()[f];
                if (x instanceof byte[] bx) {
                    assertArrayEquals(bx, (byte[]) y, where);
                } else if (x instanceof scala.collection.Seq<?> sx) {
                    assertEquals(sx.toList(), ((scala.collection.Seq<?>) y).toList(), where);
                } else {
                    assertEquals(x, y, where);
                }
            }
        }
    }

    @Test
    void anExistingOutputIsRefusedUnlessOverwrite(@TempDir Path tmp) throws Exception {
        GoldenCase g = GoldenCase.load("squares28gray");
        Path out = tmp.resolve("out");
        Map<String, Object> m = new HashMap<>(Map.of("input", g.dir.resolve("images-idx3-ubyte.gz").toString(),
                "output", out.toString(), "batch-size", 8));
        run(m);
        OutputExistsException e = assertThrows(OutputExistsException.class, () -> run(m));
        assertTrue(e.getMessage().contains("--mode overwrite"));
        Files.writeString(out.resolve("stale.txt"), "old");
        m.put("mode", "overwrite");
        m.put("seed", 5);
        run(m);
        assertFalse(Files.exists(out.resolve("stale.txt")));
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("out"), s.map(p -> p.getFileName().toString()).toList(), "no staging folder is left behind");
        }
    }

    @Test
    void aFailedRunLeavesNoOutput(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("in");
        Images.write(dir.resolve("a.png"), Images.corruptPng());
        Path manifest = Files.writeString(dir.resolve("m.csv"), "path,label\na.png,0\nb.png,0\n");
        Path out = tmp.resolve("out");
        assertThrows(RuntimeException.class, () -> run(Map.of("input", manifest.toString(), "output", out.toString())));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("in"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void optionalColumnsAndRawEncodingAndFooterMetadata(@TempDir Path tmp) throws Exception {
        GoldenCase g = GoldenCase.load("squares28gray");
        Path out = tmp.resolve("out");
        run(Map.of("input", g.dir.resolve("images-idx3-ubyte.gz").toString(), "output", out.toString(),
                "batch-size", 8, "soft-labels", false, "image-encoding", "raw", "label-smoothing", 0.1));
        Dataset<Row> df = spark.read().parquet(out.resolve(ShardFormat.SHARDS).toString());
        assertFalse(Arrays.asList(df.columns()).contains(ShardSchema.SOFT_LABEL));
        // No rejects: the table is still there, empty, with its schema.
        Dataset<Row> rejects = spark.read().parquet(out.resolve(ShardFormat.REJECTS).toString());
        assertEquals(0, rejects.count());
        assertEquals(Arrays.asList(ShardSchema.rejects().fieldNames()), Arrays.asList(rejects.columns()));
        Row r = df.first();
        assertEquals(784, ((byte[]) r.getAs(ShardSchema.IMAGE)).length);
        try (var files = Files.list(out.resolve(ShardFormat.SHARDS))) {
            Path f = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
            var footer = org.apache.parquet.hadoop.ParquetFileReader.readFooter(new org.apache.hadoop.conf.Configuration(),
                    new org.apache.hadoop.fs.Path(f.toString()));
            Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
            assertEquals("GuidedMixup", kv.get("guidedmixup.algorithm"));
            assertEquals("42", kv.get("guidedmixup.seed"));
            assertEquals("8", kv.get("guidedmixup.batch_size"));
            assertTrue(kv.get("guidedmixup.options").contains("\"label-smoothing\":0.1"), kv.get("guidedmixup.options"));
        }
    }

    @Test
    void jpegEncodingStoresDecodableImagesCloseToTheLosslessOnes(@TempDir Path tmp) throws Exception {
        // Same config twice, raw and jpeg at quality 95: every stored JPEG decodes to the raw row's
        // pixels within JPEG's error, and the summary says which encoding and quality were used.
        GoldenCase g = GoldenCase.load("squares28gray");
        Path raw = tmp.resolve("raw");
        Path jpeg = tmp.resolve("jpeg");
        String input = g.dir.resolve("images-idx3-ubyte.gz").toString();
        run(Map.of("input", input, "output", raw.toString(), "batch-size", 8, "image-encoding", "raw"));
        run(Map.of("input", input, "output", jpeg.toString(), "batch-size", 8, "image-encoding", "jpeg", "jpeg-quality", 95));
        Map<Long, byte[]> rawById = new HashMap<>();
        for (Row r : spark.read().parquet(raw.resolve(ShardFormat.SHARDS).toString()).collectAsList()) {
            rawById.put(r.getAs(ShardSchema.SOURCE_ID), r.getAs(ShardSchema.IMAGE));
        }
        List<Row> rows = spark.read().parquet(jpeg.resolve(ShardFormat.SHARDS).toString()).collectAsList();
        assertEquals(rawById.size(), rows.size());
        double absSum = 0;
        for (Row r : rows) {
            byte[] stored = r.getAs(ShardSchema.IMAGE);
            assertEquals(0xd8, stored[1] & 0xff, "a JPEG starts with FF D8");
            byte[] px = org.guidedmixup.io.ImageDecoder.decodeStored(stored, 1);
            byte[] want = rawById.get((Long) r.getAs(ShardSchema.SOURCE_ID));
            for (int i = 0; i < px.length; i++) {
                absSum += Math.abs((px[i] & 0xff) - (want[i] & 0xff));
            }
        }
        double meanAbs = absSum / (rows.size() * 784.0);
        assertTrue(meanAbs < 4, "mean absolute JPEG error " + meanAbs);
        JsonNode summary = new ObjectMapper().readTree(jpeg.resolve("summary.json").toFile());
        assertEquals("jpeg", summary.path("config").path("image-encoding").asText(), summary.toString());
        assertEquals(95, summary.path("config").path("jpeg-quality").asInt(), summary.toString());
        assertThrows(ConfigError.class, () -> run(Map.of("input", input, "output",
                tmp.resolve("bad").toString(), "image-encoding", "jpeg", "jpeg-quality", 0)));
    }

    @Test
    void nd4jSaliencyEngineGivesTheSameRowsAsTheJavaEngine(@TempDir Path tmp) {
        GoldenCase g = GoldenCase.load("squares32");
        String input = g.dir.resolve("manifest.csv").toString();
        Map<String, byte[]> byEngine = new HashMap<>();
        Map<String, Map<Long, Object>> partners = new HashMap<>();
        for (String engine : List.of("cpu", "nd4j")) {
            Path out = tmp.resolve(engine);
            run(Map.of("input", input, "output", out.toString(), "batch-size", 8, "mix-prob", 1.0,
                    "image-encoding", "raw", "saliency-engine", engine));
            List<Row> rows = spark.read().parquet(out.resolve(ShardFormat.SHARDS).toString())
                    .orderBy(ShardSchema.SOURCE_ID).collectAsList();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            Map<Long, Object> p = new HashMap<>();
            for (Row r : rows) {
                all.writeBytes(r.getAs(ShardSchema.IMAGE));
                p.put(r.getAs(ShardSchema.SOURCE_ID), r.getAs(ShardSchema.PARTNER_ID));
            }
            byEngine.put(engine, all.toByteArray());
            partners.put(engine, p);
        }
        assertEquals(partners.get("cpu"), partners.get("nd4j"));
        byte[] a = byEngine.get("cpu");
        byte[] b = byEngine.get("nd4j");
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            // Double-precision round-off may move a pixel across a .5 rounding edge, no further.
            assertTrue(Math.abs((a[i] & 0xff) - (b[i] & 0xff)) <= 1, "pixel " + i);
        }
        ConfigError e = assertThrows(ConfigError.class, () -> run(Map.of("input", input,
                "output", tmp.resolve("bad").toString(), "saliency-engine", "gpu")));
        assertEquals("saliency-engine: got 'gpu', expected cpu, nd4j or auto", e.getMessage());
    }

    /** The case's PNGs in a class-folder layout. */
    static Path folderOf(GoldenCase g, Path root) {
        try {
            List<String> lines = Files.readAllLines(g.dir.resolve("manifest.csv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.split(",");
                Path src = g.dir.resolve(parts[0]);
                Images.write(root.resolve("class" + parts[1]).resolve(src.getFileName()), Files.readAllBytes(src));
            }
            return root;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The case's PNGs as a Parquet dataset of {@code files} files, image as binary or HF struct. */
    static Path parquetOf(GoldenCase g, Path dir, int files, boolean struct) {
        try {
            List<String> lines = Files.readAllLines(g.dir.resolve("manifest.csv"));
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] parts = line.split(",");
                byte[] bytes = Files.readAllBytes(g.dir.resolve(parts[0]));
                Object image = struct ? RowFactory.create(bytes, parts[0]) : bytes;
                rows.add(RowFactory.create(image, Integer.parseInt(parts[1])));
            }
            StructType imageType = DataTypes.createStructType(List.of(
                    DataTypes.createStructField("bytes", DataTypes.BinaryType, true),
                    DataTypes.createStructField("path", DataTypes.StringType, true)));
            StructType schema = DataTypes.createStructType(List.of(
                    DataTypes.createStructField("image", struct ? imageType : DataTypes.BinaryType, true),
                    DataTypes.createStructField("label", DataTypes.LongType, true)));
            List<Row> typed = rows.stream().map(r -> RowFactory.create(r.get(0), (long) r.getInt(1))).toList();
            // One file per contiguous range of rows, so that the natural order (file, row) is the manifest's.
            int per = (typed.size() + files - 1) / files;
            for (int f = 0; f < files; f++) {
                List<Row> part = typed.subList(f * per, Math.min(typed.size(), (f + 1) * per));
                spark.createDataFrame(part, schema).coalesce(1).write().parquet(dir.resolve("part" + f).toString());
            }
            try (var s = Files.walk(dir)) {
                Path flat = dir.resolve("all");
                Files.createDirectories(flat);
                for (Path p : s.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
                    Files.move(p, flat.resolve(p.getParent().getFileName() + "-" + p.getFileName()));
                }
                return flat;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
