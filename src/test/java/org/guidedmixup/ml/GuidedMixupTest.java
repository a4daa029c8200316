package org.guidedmixup.ml;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.guidedmixup.examples.TransformerExample;
import org.guidedmixup.io.PngCodec;
import org.guidedmixup.spark.output.ShardSchema;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.FashionSample;
import org.guidedmixup.testing.OutputRows;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuidedMixupTest {
    @TempDir
    static Path dir;
    static Path input;
    static Path out;
    static Path cropped;
    static final int N = 300;

    /** 300 Fashion-MNIST images as a Parquet table (id, image PNG bytes, label), and augment's output of it. */
    @BeforeAll
    static void augmentTheTable() {
        SparkSession spark = SparkTestSession.get();
        FashionSample.Images im = FashionSample.first(N);
        PngCodec.Encoder png = new PngCodec.Encoder();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            rows.add(RowFactory.create((long) i, png.encode(im.pixels()[i], 1, 28, 28), im.labels()[i]));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("image", DataTypes.BinaryType)
                .add("label", DataTypes.IntegerType);
        input = dir.resolve("table");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(input.toString());
        out = dir.resolve("augmented");
        cropped = dir.resolve("augmented-crop-flip");
        Map<String, Object> s = new HashMap<>();
        s.put("input", input.toString());
        s.put("input-format", "parquet");
        s.put("output", out.toString());
        s.put("num-classes", 10);
        s.put("batch-size", 16);
        s.put("partitions", 3);
        s.put("seed", 5);
        s.put("mix-prob", 0.8);
        s.put("rounds", 2);
        AugmentRuns.run(s);
        // The same with a random crop and flip drawn per image and round.
        s.put("output", cropped.toString());
        s.put("crop", "random:24,pad=2");
        s.put("flip", true);
        AugmentRuns.run(s);
    }

    private static Dataset<Row> table() {
        return SparkTestSession.get().read().parquet(input.toString());
    }

    private static GuidedMixup sameAsAugment(int round) {
        return new GuidedMixup().setIdCol("id").setNumClasses(10).setBatchSize(16).setPartitions(3).setSeed(5)
                .setMixProb(0.8).setRound(round);
    }

    /** The contract: with the source ids given, the transformer's rows are augment's rows of that round. */
    @Test
    void equalsTheAugmentJobsRoundRowForRowAndPixelForPixel() {
        Dataset<Row> shards = SparkTestSession.get().read().parquet(out.resolve("shards").toString());
        for (int round = 0; round < 2; round++) {
            List<String> expected = lines(shards.filter(col("round").equalTo(round)));
            List<String> got = lines(sameAsAugment(round).transform(table()));
            assertEquals(N, got.size());
            assertEquals(expected, got, "round " + round);
        }
        assertTrue(lines(shards).stream().anyMatch(l -> l.contains("mixed=true")));
    }

    /** With a crop and a flip, the transformer draws them as augment does: the same rows, boxes and flips. */
    @Test
    void withCropAndFlipEqualsTheAugmentJobsRound() {
        Dataset<Row> shards = SparkTestSession.get().read().parquet(cropped.resolve("shards").toString());
        for (int round = 0; round < 2; round++) {
            List<String> expected = lines(shards.filter(col("round").equalTo(round)));
            List<String> got = lines(sameAsAugment(round).setCrop("random:24,pad=2").setFlip(true).transform(table()));
            assertEquals(N, got.size());
            assertEquals(expected, got, "round " + round);
            assertTrue(got.stream().anyMatch(l -> l.contains("flipped=true")) && got.stream().anyMatch(l -> l.contains("crop_top=-2.0")),
                    "crops and flips are drawn and recorded: " + got.get(0));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sameAsAugment(0).setCrop("random:24").setResize("20x20").transform(table()));
        assertTrue(e.getMessage().contains("both size the images"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GuidedMixup().setCrop("zoom:3"));
    }

    /** A Hugging Face style {bytes, path} struct column gives the same rows as the bytes alone. */
    @Test
    void takesAnImageStructAsHuggingFaceWritesIt() {
        Dataset<Row> hf = table().withColumn("image", org.apache.spark.sql.functions.struct(col("image").as("bytes"),
                org.apache.spark.sql.functions.concat(col("id").cast("string"), org.apache.spark.sql.functions.lit(".png")).as("path")));
        assertEquals(lines(sameAsAugment(0).transform(table())), lines(sameAsAugment(0).transform(hf)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sameAsAugment(0)
                .transform(table().withColumn("image", org.apache.spark.sql.functions.struct(col("image").as("data")))));
        assertTrue(e.getMessage().contains("without a binary 'bytes' field"), e.getMessage());
    }

    @Test
    void outputHasTheShardSchemaAndTransformIsLazy() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> t = table();   // reading Parquet runs a job of its own (its footers)
        long jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
        Dataset<Row> mixed = sameAsAugment(0).transform(t);
        assertEquals(jobsBefore, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length, "no job ran");
        assertEquals(List.of("id", "source_id", "partner_id", "batch_id", "round", "mixed", "label", "partner_label", "ratio",
                "soft_label", "height", "width", "channels", "image", "crop_top", "crop_left", "crop_height", "crop_width", "flipped"),
                List.of(mixed.schema().fieldNames()));
        assertEquals(3, sameAsAugment(0).setSoftLabels(false).setImageEncoding("raw").transform(table())
                .filter(col("source_id").lt(3)).collectAsList().stream()
                .filter(r -> ((byte[]) r.getAs("image")).length == 784).count());
    }

    @Test
    void transformSchemaNamesTheWrongColumn() {
        Dataset<Row> t = table();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sameAsAugment(0).setImageCol("label").transform(t));
        assertTrue(e.getMessage().contains("'label' (imageCol) is int"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sameAsAugment(0).setLabelCol("lbl").transform(t));
        assertTrue(e.getMessage().contains("no column 'lbl' (labelCol)") && e.getMessage().contains("id, image, label"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> sameAsAugment(0).transform(t.withColumn("label", col("label").cast("string"))));
        assertTrue(e.getMessage().contains("StringIndexer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GuidedMixup().transform(t));
        assertTrue(e.getMessage().contains("setNumClasses"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GuidedMixup().setBatchSize(1));
        assertThrows(IllegalArgumentException.class, () -> new GuidedMixup().setPairing("nearest"));
    }

    @Test
    void badRowsFailWithOneLineOrAreSkipped() {
        Dataset<Row> bad = table().withColumn("label",
                org.apache.spark.sql.functions.when(col("id").equalTo(7), 12).otherwise(col("label")));
        Exception e = assertThrows(Exception.class, () -> sameAsAugment(0).transform(bad).count());
        assertTrue(rootMessage(e).contains("row with id 7 cannot be used: label 12 is out of range"), rootMessage(e));
        List<Row> kept = sameAsAugment(0).setHandleInvalid("skip").transform(bad).select("source_id").collectAsList();
        assertEquals(N - 1, kept.size());
        assertFalse(kept.stream().anyMatch(r -> r.getLong(0) == 7));
    }

    /** Saved inside a Pipeline and loaded back, the stage keeps every Param and gives the same rows. */
    @Test
    void savesAndLoadsInAPipeline() throws Exception {
        Path saved = dir.resolve("pipeline");
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {sameAsAugment(1).setLabelSmoothing(0.1)
                        .setCrop("random:24,pad=2").setFlip(true).setFlipProb(0.3)}).fit(table());
        model.write().overwrite().save(saved.toString());
        PipelineModel loaded = PipelineModel.load(saved.toString());
        GuidedMixup stage = (GuidedMixup) loaded.stages()[0];
        assertEquals(1, stage.getRound());
        assertEquals(0.1, stage.getLabelSmoothing());
        assertEquals("id", stage.getIdCol());
        assertEquals("random:24,pad=2", stage.getCrop());
        assertTrue(stage.getFlip());
        assertEquals(0.3, stage.getFlipProb());
        assertEquals(lines(model.transform(table())), lines(loaded.transform(table())));
        GuidedMixup alone = sameAsAugment(0).setMixer("cutmix");
        alone.write().overwrite().save(dir.resolve("stage").toString());
        assertEquals("cutmix", GuidedMixup.load(dir.resolve("stage").toString()).getMixer());
        String doc = new GuidedMixup().explainParams();
        for (String p : List.of("imageCol", "labelCol", "idCol", "numClasses", "batchSize", "mixProb", "pairing", "mixer",
                "labelSmoothing", "seed", "round", "partitions", "imageEncoding", "jpegSubsampling", "handleInvalid", "crop", "flip",
                "flipProb")) {
            assertTrue(doc.contains(p + ":"), p + " documented in explainParams");
        }
    }

    /** The README's example runs as written. */
    @Test
    void readmeExampleRuns() {
        Dataset<Row> mixed = TransformerExample.mix(table());
        assertEquals(N, mixed.count());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** The shard columns of the rows, as text (the caller's kept columns are checked on their own). */
    private static List<String> lines(Dataset<Row> rows) {
        List<String> shardColumns = List.of(ShardSchema.shards(true).fieldNames());
        return OutputRows.of(rows.select(java.util.Arrays.stream(rows.columns()).filter(shardColumns::contains)
                .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)));
    }

    /** Every input column is kept (those named like a shard column are replaced), each row with its source's values. */
    @Test
    void keepsTheCallersColumnsOfEachSourceRow() {
        Dataset<Row> withCaption = table().withColumn("caption",
                org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("img-"), col("id").cast("string")));
        Dataset<Row> mixed = sameAsAugment(0).transform(withCaption);
        List<String> names = List.of(mixed.schema().fieldNames());
        assertEquals(List.of("id", "caption", "source_id"), names.subList(0, 3), "caller's columns first: " + names);
        assertEquals(1, names.stream().filter("image"::equals).count(), "the input's image is replaced by the mixed one");
        List<Row> rows = mixed.select("id", "caption", "source_id", "label").collectAsList();
        assertEquals(N, rows.size());
        for (Row r : rows) {
            assertEquals(r.getLong(2), r.getLong(0), "each row keeps its source row's id");
            assertEquals("img-" + r.getLong(2), r.getString(1), "and its other columns");
        }
        assertEquals(lines(sameAsAugment(0).transform(table())), lines(mixed), "kept columns do not change the mixing");
    }

    @Test
    void choiceParamsTakeExactlyTheirEnumsValues() {
        GuidedMixup t = new GuidedMixup();
        for (org.guidedmixup.core.MixupConfig.MixerKind k : org.guidedmixup.core.MixupConfig.MixerKind.values()) {
            t.setMixer(k.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (org.guidedmixup.core.MixupConfig.PairingKind k : org.guidedmixup.core.MixupConfig.PairingKind.values()) {
            t.setPairing(k.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (org.guidedmixup.spark.config.AugmentConfig.ImageEncoding k : org.guidedmixup.spark.config.AugmentConfig.ImageEncoding.values()) {
            t.setImageEncoding(k.name().toLowerCase(java.util.Locale.ROOT));
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.setMixer("saliencymix"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.setPairing("optimal"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> t.setImageEncoding("webp"));
    }

    /** jpegSubsampling is augment's --jpeg-subsampling: 4:2:0 by default, 4:4:4 on request, others refused. */
    @Test
    void jpegSubsamplingIsAugmentsOption() {
        GuidedMixup t = sameAsAugment(0).setChannels(3).setImageEncoding("jpeg");
        assertEquals("4:2:0", t.getJpegSubsampling());
        byte[] sub = t.transform(table()).select("image").first().getAs(0);
        byte[] full = t.setJpegSubsampling("4:4:4").transform(table()).select("image").first().getAs(0);
        assertEquals(0x22, lumaSampling(sub), "4:2:0: luma sampled 2x2 against chroma");
        assertEquals(0x11, lumaSampling(full), "4:4:4");
        assertThrows(IllegalArgumentException.class, () -> t.setJpegSubsampling("4:2:2"));
    }

    /** The first component's sampling byte (H << 4 | V) in a JPEG's baseline frame header. */
    private static int lumaSampling(byte[] jpg) {
        for (int i = 2; i + 11 < jpg.length; i++) {
            if ((jpg[i] & 0xff) == 0xff && (jpg[i + 1] & 0xff) == 0xc0) {
                return jpg[i + 11] & 0xff;
            }
        }
        throw new AssertionError("no baseline frame header");
    }
}
