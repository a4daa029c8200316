package org.guidedmixup.spark.input;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.GoldenCase;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches from the driver's broadcast (IDX, CIFAR) and from records read by path (folder, manifest)
 * are exactly the batches the shuffle makes, partition by partition.
 */
class DriverImagesTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    /** Per partition, the (source id, key) sequence in order. */
    private static List<List<String>> layout(JavaPairRDD<BatchPlan.Key, DecodedImage> rdd) {
        List<List<String>> out = new ArrayList<>();
        for (List<Tuple2<BatchPlan.Key, DecodedImage>> part : rdd.glom().collect()) {
            List<String> ids = new ArrayList<>();
            for (Tuple2<BatchPlan.Key, DecodedImage> t : part) {
                ids.add(t._2().sourceId + "@" + t._1() + ":" + t._2().label + ":" + t._2().pixels.length);
            }
            out.add(ids);
        }
        return out;
    }

    @Test
    void idxAndCifarBatchesMatchTheShuffleInEveryRoundAndPlan() {
        GoldenCase gray = GoldenCase.load("squares28gray");
        GoldenCase rgb = GoldenCase.load("squares32");
        for (String input : List.of(gray.dir.resolve("images-idx3-ubyte.gz").toString(), rgb.dir.resolve("data_batch.bin").toString())) {
            for (boolean shuffle : new boolean[]{true, false}) {
                AugmentConfig cfg = AugmentRuns.config(Map.of("input", input, "output", "unused", "batch-size", 5,
                        "partitions", 3, "rounds", 2, "shuffle", shuffle));
                DecodedInput in = DecodedInput.load(spark, cfg, null, 0);
                assertTrue(in.images() instanceof DriverImages, "IDX and CIFAR are held on the driver");
                for (int round = 0; round < 3; round++) {
                    BatchPlan plan = in.plans().plan(cfg, round);
                    List<List<String>> viaDriver = layout(in.sorted(plan));
                    assertEquals(3, viaDriver.size());
                    assertEquals(layout(in.sortedByShuffle(plan)), viaDriver, input + " shuffle=" + shuffle + " round " + round);
                    // The warm-up's head of partition 0 is that partition's start, in the same order.
                    List<String> head = new ArrayList<>();
                    java.util.Iterator<Tuple2<BatchPlan.Key, DecodedImage>> it = in.partitionHead(plan, 7);
                    while (it.hasNext()) {
                        Tuple2<BatchPlan.Key, DecodedImage> t = it.next();
                        head.add(t._2().sourceId + "@" + t._1() + ":" + t._2().label + ":" + t._2().pixels.length);
                    }
                    List<String> zero = viaDriver.get(0);
                    assertEquals(zero.subList(0, Math.min(7, zero.size())), head);
                }
                DecodedImage first = in.good().first();
                assertArrayEquals(first.pixels, in.lookup(java.util.Set.of(first.sourceId)).get(0).pixels);
                in.release();
            }
        }
    }

    @Test
    void inProcessTasksReadTheDriversOwnImagesUntilReleased() {
        GoldenCase gray = GoldenCase.load("squares28gray");
        AugmentConfig cfg = AugmentRuns.config(Map.of("input", gray.dir.resolve("images-idx3-ubyte.gz").toString(),
                "output", "unused", "batch-size", 4, "partitions", 2));
        DecodedInput in = DecodedInput.load(spark, cfg, null, 0);
        int before = DriverImages.IN_PROCESS.size();
        JavaPairRDD<BatchPlan.Key, DecodedImage> sorted = in.sorted(in.plans().plan(cfg, 0));
        // local[2]: no broadcast, the images are registered in this JVM for the tasks.
        assertEquals(before + 1, DriverImages.IN_PROCESS.size());
        assertEquals(in.valid(), sorted.count());
        in.release();
        assertEquals(before, DriverImages.IN_PROCESS.size());
        // A task that outlived the release says so instead of reading stale images.
        org.apache.spark.SparkException late = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.spark.SparkException.class, sorted::count);
        org.junit.jupiter.api.Assertions.assertTrue(late.getMessage().contains("are not in this JVM"), late.getMessage());
    }

    @Test
    void inputsReadByPathOrParquetAreBatchedAsTheShuffleWouldWithoutPersistingPixels(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        // A manifest of PNG and JPEG files with rejects among them (damaged, missing, label out of
        // range): each round's tasks decode their own files, in the order and batches that shuffling
        // the decoded images gives, pixel for pixel.
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve("photos"));
        StringBuilder csv = new StringBuilder("path,label\n");
        for (int i = 0; i < 23; i++) {
            String name = "img" + i + (i % 2 == 0 ? ".png" : ".jpg");
            org.guidedmixup.testing.Images.write(dir.resolve(name), org.guidedmixup.testing.Images.encode(
                    org.guidedmixup.testing.Images.square(12, 12, true, i), i % 2 == 0 ? "png" : "jpg"));
            csv.append(name).append(',').append(i % 3).append('\n');
        }
        org.guidedmixup.testing.Images.write(dir.resolve("cut.jpg"), org.guidedmixup.testing.Images.truncatedJpeg(12, 12));
        csv.append("cut.jpg,0\nmissing.png,1\nimg1.jpg,9\n");
        java.nio.file.Path manifest = java.nio.file.Files.writeString(dir.resolve("manifest.csv"), csv);
        // The same records as a Parquet input (one file, manifest order, so the same source ids),
        // whose encoded records are shuffled into batches and decoded after it.
        List<org.apache.spark.sql.Row> rows = new ArrayList<>();
        for (String line : csv.toString().split("\n")) {
            String[] f = line.split(",");
            if (f[0].equals("path")) {
                continue;
            }
            java.nio.file.Path file = dir.resolve(f[0]);
            byte[] bytes = java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllBytes(file) : null;
            rows.add(org.apache.spark.sql.RowFactory.create(bytes, Long.parseLong(f[1])));
        }
        org.apache.spark.sql.types.StructType schema = org.apache.spark.sql.types.DataTypes.createStructType(List.of(
                org.apache.spark.sql.types.DataTypes.createStructField("image", org.apache.spark.sql.types.DataTypes.BinaryType, true),
                org.apache.spark.sql.types.DataTypes.createStructField("label", org.apache.spark.sql.types.DataTypes.LongType, true)));
        String parquet = tmp.resolve("photos.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet);
        for (boolean shuffle : new boolean[]{true, false}) {
            AugmentConfig cfg = AugmentRuns.config(Map.of("input", manifest.toString(), "output", "unused", "batch-size", 4,
                    "partitions", 3, "rounds", 2, "shuffle", shuffle, "num-classes", 3, "max-rejects", 0.5));
            DecodedInput in = DecodedInput.load(spark, cfg, null, 0);
            assertTrue(in.images() instanceof PathImages, "folder and manifest inputs are read by path");
            AugmentConfig cfgPq = AugmentRuns.config(Map.of("input", parquet, "output", "unused", "batch-size", 4,
                    "partitions", 3, "rounds", 2, "shuffle", shuffle, "num-classes", 3, "max-rejects", 0.5));
            DecodedInput pq = DecodedInput.load(spark, cfgPq, null, 0);
            assertTrue(pq.images() instanceof ShuffledImages, "Parquet records are shuffled encoded");
            assertEquals(3, in.rejected());
            assertEquals(3, in.rejectedRecords().count());
            assertEquals(java.util.Set.of(23L, 24L, 25L), new java.util.HashSet<>(in.rejectedRecords().map(d -> d.sourceId).collect()));
            assertEquals(StorageLevelNone.NONE, in.decoded().getStorageLevel(), "no decoded image is persisted");
            for (int round = 0; round < 3; round++) {
                BatchPlan plan = in.plans().plan(cfg, round);
                List<List<String>> byPath = pixelLayout(in.sorted(plan));
                assertEquals(3, byPath.size());
                assertEquals(23, byPath.stream().mapToInt(List::size).sum());
                assertEquals(pixelLayout(in.sortedByShuffle(plan)), byPath, "shuffle=" + shuffle + " round " + round);
                BatchPlan pqPlan = pq.plans().plan(cfgPq, round);
                assertEquals(byPath, pixelLayout(pq.sorted(pqPlan)), "Parquet, shuffle=" + shuffle + " round " + round);
            }
            assertEquals(3, pq.rejected());
            assertEquals(org.apache.spark.storage.StorageLevel.NONE(), pq.decoded().getStorageLevel());
            pq.release();
            DecodedImage first = in.good().first();
            assertArrayEquals(first.pixels, in.lookup(java.util.Set.of(first.sourceId)).get(0).pixels);
            in.release();
        }
    }

    /** Holds Spark's "not persisted" level under a short name. */
    private static final class StorageLevelNone {
        static final org.apache.spark.storage.StorageLevel NONE = org.apache.spark.storage.StorageLevel.NONE();
    }

    /** Per partition, the (source id, key, label, pixel hash) sequence in order. */
    private static List<List<String>> pixelLayout(JavaPairRDD<BatchPlan.Key, DecodedImage> rdd) {
        List<List<String>> out = new ArrayList<>();
        for (List<Tuple2<BatchPlan.Key, DecodedImage>> part : rdd.glom().collect()) {
            List<String> ids = new ArrayList<>();
            for (Tuple2<BatchPlan.Key, DecodedImage> t : part) {
                ids.add(t._2().sourceId + "@" + t._1() + ":" + t._2().label + ":" + java.util.Arrays.hashCode(t._2().pixels));
            }
            out.add(ids);
        }
        return out;
    }

    @Test
    void aFileThatChangesAfterTheCheckFailsTheTaskInsteadOfDroppingOutOfItsBatch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve("photos").resolve("a"));
        for (int i = 0; i < 6; i++) {
            org.guidedmixup.testing.Images.write(dir.resolve("img" + i + ".png"), org.guidedmixup.testing.Images.encode(
                    org.guidedmixup.testing.Images.square(12, 12, true, i), "png"));
        }
        AugmentConfig cfg = AugmentRuns.config(Map.of("input", tmp.resolve("photos").toString(), "output", "unused",
                "batch-size", 3, "partitions", 2));
        DecodedInput in = DecodedInput.load(spark, cfg, null, 0);
        assertEquals(6, in.valid());
        java.nio.file.Files.write(dir.resolve("img3.png"), new byte[] {1, 2, 3});
        org.apache.spark.SparkException e = org.junit.jupiter.api.Assertions.assertThrows(org.apache.spark.SparkException.class,
                () -> in.sorted(in.plans().plan(cfg, 0)).count());
        assertTrue(e.getMessage().contains("passed the input check but now fails"), e.getMessage());
        in.release();
    }
}
