package org.guidedmixup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.model.TrainableNetwork;
import org.guidedmixup.spark.augment.AugmentJob;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.guidedmixup.testing.Idx;
import org.guidedmixup.testing.SparkTestSession;
import org.guidedmixup.train.data.DataSetBuilder;
import org.guidedmixup.train.data.OnlineEpochs;
import org.guidedmixup.train.data.ShardEpochs;
import org.guidedmixup.train.output.EpochMetrics;
import org.guidedmixup.train.output.TrainSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training on Spark local[2] with a few hundred Fashion-MNIST images: both modes, both training masters. */
class TrainJobTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;
    private static Path images;
    private static Path shards;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
        images = Idx.firstImages(tmp.resolve("data"), 256);
        shards = tmp.resolve("shards");
        Map<String, Object> a = new HashMap<>();
        a.put("augment.input", images.toString());
        a.put("augment.output", shards.toString());
        a.put("augment.rounds", 2);
        a.put("augment.preview", false);
        a.put("augment.progress-seconds", 0);
        // The official CIFAR-style base transform, so that online == shards is checked with crops and flips drawn.
        a.put("augment.crop", CROP);
        a.put("augment.flip", true);
        new AugmentJob(spark, AugmentConfig.from(ConfigFactory.parseMap(a)
                .withFallback(ConfigFactory.parseResources("augment.conf")).resolve())).run();
    }

    static final String CROP = "random:28,pad=2";

    static TrainConfig config(Map<String, Object> settings) {
        Map<String, Object> m = new HashMap<>();
        m.put("augment.input", images.toString());
        m.put("augment.progress-seconds", 0);
        m.put("augment.crop", CROP);
        m.put("augment.flip", true);
        m.put("train.epochs", 2);
        m.put("train.lr", 0.05);
        settings.forEach(m::put);
        return TrainConfig.from(ConfigFactory.parseMap(m).withFallback(ConfigFactory.parseResources("train.conf"))
                .withFallback(ConfigFactory.parseResources("augment.conf")).resolve());
    }

    private static TrainSummary train(String mode, String master, Path out) {
        Map<String, Object> m = new HashMap<>();
        if (mode.equals("offline")) {
            m.put("train.data", shards.toString());
        }
        m.put("train.training-master", master);
        m.put("train.output", out.toString());
        m.put("train.eval", images.toString());
        return new TrainJob(spark, config(m)).run();
    }

    private static void assertLossFalls(TrainSummary s) {
        List<EpochMetrics> e = s.epochs();
        assertEquals(2, e.size());
        assertTrue(Double.isFinite(e.get(0).loss()) && e.get(1).loss() < e.get(0).loss(),
                "loss falls: " + e.get(0).loss() + " -> " + e.get(1).loss());
        assertEquals(256, e.get(1).examples());
    }

    @Test
    void onlineWithParameterAveraging() throws Exception {
        Path out = tmp.resolve("online-paramavg");
        TrainSummary s = train("online", "paramavg", out);
        assertLossFalls(s);
        for (String f : List.of("model.zip", "metrics.json", "learning-curve.png", "config.json", "_SUCCESS")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode e1 = metrics.path("epochs").get(0);
        for (String key : List.of("epoch", "loss", "top1", "top5", "seconds", "augment_seconds")) {
            // has() is true for a JSON null too: each must hold a number (this run evaluates every epoch).
            assertTrue(e1.path(key).isNumber(), key + " is a number in " + e1);
        }
        double top1 = e1.path("top1").asDouble();
        assertTrue(top1 >= 0 && top1 <= 1, "accuracy is a fraction: " + top1);
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().contains(".staging-")), "no staging left");

        // A saved model reloads and evaluates the same as at the end of training.
        TrainableNetwork back = TrainableNetwork.load(out.resolve("model.zip"));
        DecodedInput in = DecodedInput.load(spark, config(Map.of()).online(), null, 10);
        List<DecodedImage> all = in.good().collect();
        DataSetBuilder ex = new DataSetBuilder(1, 28, 28, 10);
        ex.reset();
        for (DecodedImage d : all) {
            ex.addOneHot(d.pixels, d.label, 1f);
        }
        DataSet eval = ex.build();
        Evaluation local = new Evaluation(10);
        local.eval(eval.getLabels(), back.output(eval.getFeatures()));
        assertEquals(metrics.path("epochs").get(1).path("top1").asDouble(), local.accuracy(), 1e-12);
        in.release();
    }

    @Test
    void onlineWithGradientSharing() {
        assertLossFalls(train("online", "shared", tmp.resolve("online-shared")));
    }

    @Test
    void fromShardsWithParameterAveraging() {
        TrainSummary s = train("offline", "paramavg", tmp.resolve("offline-paramavg"));
        assertLossFalls(s);
        assertEquals("offline", s.mode());
    }

    @Test
    void fromShardsWithGradientSharing() {
        assertLossFalls(train("offline", "shared", tmp.resolve("offline-shared")));
    }

    @Test
    void resnetTrainsOnColourImagesAndReloadsAsAGraph() {
        Path out = tmp.resolve("resnet");
        Map<String, Object> m = new HashMap<>();
        m.put("augment.input", "src/test/resources/golden/squares32/data_batch.bin");
        m.put("augment.batch-size", 8);
        m.put("train.model", "resnet");
        m.put("train.epochs", 1);
        m.put("train.output", out.toString());
        TrainSummary s = new TrainJob(spark, config(m)).run();
        assertEquals(3, s.channels());
        assertTrue(Double.isFinite(s.epochs().get(0).loss()));
        TrainableNetwork back = TrainableNetwork.load(out.resolve("model.zip"));
        assertEquals("ComputationGraph", back.kind());
        assertEquals(10, back.numOutputs());
    }

    /** Online epoch e uses augment round e's batch plan: its DataSets equal the shards' of round e. */
    @Test
    void onlineEpochsEqualShardRounds() {
        TrainConfig cfg = config(Map.of("train.output", tmp.resolve("unused").toString()));
        DecodedInput in = DecodedInput.load(spark, cfg.online(), null, 0);
        ShardEpochs fromShards = ShardEpochs.open(spark, shards.toString());
        LongAccumulator nanos = spark.sparkContext().longAccumulator();
        for (int epoch = 0; epoch < 2; epoch++) {
            Map<Long, DataSet> online = OnlineEpochs.batches(in, cfg.online(), in.spec(), in.numClasses(), epoch,
                    SaliencyFactory.spectralResidual(new double[0], new double[0]), 0, nanos).collectAsMap();
            Map<Long, DataSet> offline = fromShards.epoch(epoch).collectAsMap();
            assertEquals(offline.keySet(), online.keySet(), "batch ids of round " + epoch);
            int mixed = 0;
            for (Map.Entry<Long, DataSet> e : offline.entrySet()) {
                DataSet a = online.get(e.getKey());
                DataSet b = e.getValue();
                assertArrayEquals(b.getFeatures().data().asFloat(), a.getFeatures().data().asFloat(),
                        "examples of batch " + e.getKey() + ", round " + epoch);
                assertArrayEquals(b.getLabels().data().asFloat(), a.getLabels().data().asFloat(),
                        "targets of batch " + e.getKey() + ", round " + epoch);
                float minRowMax = 1;
                float[] t = a.getLabels().data().asFloat();
                for (int i = 0; i < t.length; i += 10) {
                    float rowMax = 0;
                    for (int c = 0; c < 10; c++) {
                        rowMax = Math.max(rowMax, t[i + c]);
                    }
                    minRowMax = Math.min(minRowMax, rowMax);
                }
                mixed += minRowMax < 0.999f ? 1 : 0;
            }
            assertTrue(mixed > 0, "some batches of round " + epoch + " are mixed");
        }
        // Epochs beyond the shards' rounds wrap around: epoch 2 reads round 0.
        assertEquals(fromShards.epoch(0).keys().collect(), fromShards.epoch(2).keys().collect());
        in.release();
    }
}
