package org.guidedmixup.dl4j;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.examples.SparkTrainingExample;
import org.guidedmixup.io.InputException;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.Idx;
import org.guidedmixup.testing.SparkTestSession;
import org.guidedmixup.train.data.ShardEpochs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuidedMixupDataTest {
    @TempDir
    static Path dir;
    static Path images;
    static Path out;
    /** With the CIFAR-style crop and flip, so that the door's online epochs are checked with transforms drawn. */
    static final Map<String, Object> SETTINGS = Map.of("batch-size", 16, "partitions", 3, "seed", 11, "mix-prob", 0.7,
            "crop", "random:28,pad=2", "flip", true);

    @BeforeAll
    static void augment() {
        images = Idx.firstImages(dir.resolve("in"), 200);
        out = dir.resolve("out");
        java.util.Map<String, Object> m = new java.util.HashMap<>(SETTINGS);
        m.put("input", images.toString());
        m.put("output", out.toString());
        m.put("rounds", 2);
        AugmentRuns.run(m);
    }

    private static JavaSparkContext sc() {
        return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    }

    @Test
    void shardEpochsAreTheDataSetsTrainFits() {
        GuidedMixupData data = GuidedMixupData.fromShards(sc(), out.toString());
        ShardEpochs train = ShardEpochs.open(SparkTestSession.get(), out.toString());
        assertEquals(10, data.numClasses());
        assertEquals(16, data.batchSize());
        assertEquals(200, data.examples());
        for (int e = 0; e < 3; e++) {
            assertEquals(train.epoch(e).values().collect(), data.epoch(e).collect(), "epoch " + e);
        }
    }

    /** Online epoch e holds the same batches as round e of the shards made with the same settings. */
    @Test
    void onlineEpochsEqualTheShardsOfTheSameRound() {
        // AutoCloseable: try-with-resources frees the input's hand-over (close() is idempotent).
        try (GuidedMixupData online = GuidedMixupData.online(sc(), images.toString(), SETTINGS)) {
            assertEquals(200, online.examples());
            for (int e = 0; e < 2; e++) {
                List<DataSet> a = sorted(online.epoch(e).collect());
                List<DataSet> b = sorted(GuidedMixupData.fromShards(sc(), out.toString()).epoch(e).collect());
                assertEquals(b.size(), a.size());
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(b.get(i).getFeatures(), a.get(i).getFeatures(), "epoch " + e + " batch " + i);
                    assertEquals(b.get(i).getLabels(), a.get(i).getLabels(), "epoch " + e + " batch " + i);
                }
            }
            online.close();
        }
    }

    @Test
    void badSettingsAndFoldersGetOneLine() throws Exception {
        ConfigError c = assertThrows(ConfigError.class,
                () -> GuidedMixupData.online(sc(), images.toString(), Map.of("batch-size", 1)));
        assertTrue(c.getMessage().contains("batch-size"), c.getMessage());
        // A misspelt key is refused, not silently left at its default.
        ConfigError unknown = assertThrows(ConfigError.class,
                () -> GuidedMixupData.online(sc(), images.toString(), Map.of("batchsize", 8)));
        assertTrue(unknown.getMessage().startsWith("unknown setting 'batchsize' for GuidedMixupData.online"), unknown.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        InputException e = assertThrows(InputException.class, () -> GuidedMixupData.fromShards(sc(), empty.toString()));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }

    /** The README's example: the user's own SparkDl4jMultiLayer and parameter-averaging master fit the shards. */
    @Test
    void readmeExampleFitsAUserBuiltSparkDl4jMultiLayer() {
        MultiLayerNetwork net = SparkTrainingExample.train(sc(), out.toString(), 2);
        assertTrue(net.getIterationCount() > 0, "the network was fitted");
        assertTrue(Double.isFinite(net.score()));
    }

    /** A user's SparkComputationGraph fits the same RDDs. */
    @Test
    void aSparkComputationGraphFitsThemToo() {
        GuidedMixupData data = GuidedMixupData.fromShards(sc(), out.toString());
        org.deeplearning4j.spark.impl.graph.SparkComputationGraph spark = graph(data);
        org.nd4j.linalg.api.ndarray.INDArray before = spark.getNetwork().params().dup();
        spark.fit(data.epoch(0));
        org.nd4j.linalg.api.ndarray.INDArray after = spark.getNetwork().params();
        assertTrue(spark.getNetwork().getIterationCount() > 0);
        assertTrue(Double.isFinite(spark.getScore()));
        // The averaged parameters moved, and stayed finite: the epoch's DataSets reached the graph.
        assertFalse(before.equalsWithEps(after, 0), "the fit left every parameter where it was");
        assertTrue(Double.isFinite(after.norm2Number().doubleValue()), "non-finite parameters after the fit");
    }

    /** fit(net, e) trains under the stall watchdog; a fit whose first step never ends stops with one line. */
    @Test
    void fitRunsUnderTheStallWatchdog() {
        GuidedMixupData data = GuidedMixupData.fromShards(sc(), out.toString());
        org.deeplearning4j.spark.impl.graph.SparkComputationGraph spark = graph(data);
        org.nd4j.linalg.api.ndarray.INDArray before = spark.getNetwork().params().dup();
        data.fit(spark, 0);
        assertTrue(spark.getNetwork().getIterationCount() > 0);
        assertFalse(before.equalsWithEps(spark.getNetwork().params(), 0), "fit(net, 0) left every parameter where it was");
        org.guidedmixup.train.master.TrainingStalledException e = assertThrows(
                org.guidedmixup.train.master.TrainingStalledException.class,
                () -> data.fit(spark, 1, java.time.Duration.ofSeconds(8), new org.guidedmixup.train.master.InjectedStall()));
        assertTrue(e.getMessage().matches("parameter averaging stalled: no training step finished in 8 s \\(epoch 1, \\d+ of"
                + " \\d+ running task\\(s\\) waiting\\); catch TrainingStalledException to fit the epoch again or to stop"),
                e.getMessage());
    }

    private static org.deeplearning4j.spark.impl.graph.SparkComputationGraph graph(GuidedMixupData data) {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(3).updater(new org.nd4j.linalg.learning.config.Adam(1e-3)).graphBuilder().addInputs("in")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(28, 28, 1))
                .addLayer("conv", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(5, 5).nOut(4)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build(), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nOut(data.numClasses())
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "conv")
                .setOutputs("out").build();
        return new org.deeplearning4j.spark.impl.graph.SparkComputationGraph(
                sc(), conf, new org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster.Builder(16)
                        .batchSizePerWorker(16).averagingFrequency(2)
                        .rddTrainingApproach(org.deeplearning4j.spark.api.RDDTrainingApproach.Direct).build());
    }

    /** Batches in a fixed order: by their first feature values (batch ids are not part of a DataSet). */
    private static List<DataSet> sorted(List<DataSet> in) {
        return in.stream().sorted(Comparator.comparing((DataSet d) -> d.getFeatures().sumNumber().doubleValue())
                .thenComparing(d -> d.numExamples())).toList();
    }
}
