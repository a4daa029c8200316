package org.guidedmixup.dl4j;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.config.ConfigLayers;
import org.guidedmixup.model.TrainableNetwork;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.train.data.OnlineEpochs;
import org.guidedmixup.train.data.ShardEpochs;
import org.guidedmixup.train.data.TrainingData;
import org.guidedmixup.train.master.SparkTrainer;
import org.guidedmixup.train.master.StallWatchdog;
import org.guidedmixup.train.master.TrainingStalledException;
import org.nd4j.linalg.dataset.DataSet;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GuidedMixup training data as Spark RDDs of DL4J {@code DataSet}s, for a user's own
 * {@code SparkDl4jMultiLayer} or {@code SparkComputationGraph} and training master: exactly the
 * DataSets the {@code train} command fits, from pre-generated shards or augmented online.
 *
 * <pre>{@code
 * GuidedMixupData data = GuidedMixupData.fromShards(sc, "target/augmented/fashion-mnist-2k");
 * SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, myNetwork, myTrainingMaster);
 * for (int e = 0; e < epochs; e++) {
 *     spark.fit(data.epoch(e));
 * }
 * }</pre>
 *
 * <p>Each DataSet is one mini-batch: features N x C x H x W in [0, 1], labels the N x K soft labels
 * (use a softmax output with {@code LossMCXENT}, which takes probability vectors as targets). Epoch e
 * is the augment job's round e: from shards, round e mod R of the run, read in the order its tasks
 * wrote it (no shuffle); online, the batch plan and mixing of round e computed on the executors.
 */
public final class GuidedMixupData implements AutoCloseable {
    private static final String AFTER_STALL = "catch TrainingStalledException to fit the epoch again or to stop";
    private final JavaSparkContext sc;
    private final TrainingData data;

    private GuidedMixupData(JavaSparkContext sc, TrainingData data) {
        this.sc = sc;
        this.data = data;
    }

    /**
     * The shards of an {@code augment} run. The folder is checked as {@code train --data} checks it
     * ({@code _SUCCESS}, summary.json, every listed shard file and nothing else); a damaged folder is
     * refused with one {@code InputException} naming it.
     *
     * @param output the augment run's output folder (any Hadoop file system)
     */
    public static GuidedMixupData fromShards(JavaSparkContext sc, String output) {
        return new GuidedMixupData(sc, ShardEpochs.open(session(sc), output));
    }

    /** Online GuidedMixup of {@code input} with the defaults of conf/augment.conf. */
    public static GuidedMixupData online(JavaSparkContext sc, String input) {
        return online(sc, input, Map.of());
    }

    /**
     * Online GuidedMixup of {@code input} (any input {@code augment} reads: IDX, CIFAR, image folders,
     * manifests, Parquet): each epoch's batches are planned, decoded and mixed on the executors.
     * The input is read and decoded once, here.
     *
     * @param settings keys of the {@code augment} block of conf/augment.conf, as on the command line
     *                 without the dashes: {@code batch-size}, {@code mix-prob}, {@code seed},
     *                 {@code pairing}, {@code mixer}, {@code partitions}, {@code label-smoothing},
     *                 {@code saliency} ("sr", or "ap" with {@link #epoch(int, MultiLayerNetwork)}), ...
     * @throws ConfigError with one line naming the setting, for a bad value
     */
    public static GuidedMixupData online(JavaSparkContext sc, String input, Map<String, ?> settings) {
        com.typesafe.config.Config defaults = ConfigLayers.defaults();
        for (String k : settings.keySet()) {
            if (!defaults.hasPath("augment." + k)) {
                throw new ConfigError("unknown setting '" + k + "' for GuidedMixupData.online: use the keys of the augment"
                        + " block of conf/augment.conf without the block name, such as batch-size, mix-prob, seed, crop");
            }
        }
        Map<String, Object> m = new HashMap<>();
        m.put("augment.progress-seconds", 0);
        m.put("augment.preview", false);
        settings.forEach((k, v) -> m.put("augment." + k, v));
        m.put("augment.input", input);
        AugmentConfig cfg = AugmentConfig.from(ConfigLayers.layered(null, m, "GuidedMixupData.online settings"), false);
        return new GuidedMixupData(sc, OnlineEpochs.open(session(sc), cfg, 0.0,
                sc.sc().longAccumulator("guidedmixup augment ns")));
    }

    /**
     * The DataSets of epoch e (e >= 0), one per mini-batch. For online data with {@code saliency=ap},
     * use {@link #epoch(int, MultiLayerNetwork)}.
     */
    public JavaRDD<DataSet> epoch(int e) {
        if (data.needsModel()) {
            throw new ConfigError("saliency: 'ap' takes input gradients of the model being trained;"
                    + " call epoch(e, network) with the network as the epoch starts");
        }
        return next(e, null);
    }

    /**
     * The DataSets of epoch e, with saliency from {@code current}'s input gradients when the data was
     * opened with {@code saliency=ap} (Guided-AP): pass the network as this epoch starts (for
     * example {@code sparkNet.getNetwork()}). Input gradients need a {@code MultiLayerNetwork}.
     */
    public JavaRDD<DataSet> epoch(int e, MultiLayerNetwork current) {
        return next(e, TrainableNetwork.of(current));
    }

    /**
     * As {@link #epoch(int)}: DL4J M2.1 gives a ComputationGraph no input gradients, so its data uses
     * spectral-residual saliency (or shards), and online data opened with {@code saliency=ap} is
     * refused with one line.
     */
    public JavaRDD<DataSet> epoch(int e, ComputationGraph current) {
        if (data.needsModel()) {
            throw new ConfigError("saliency: 'ap' needs input gradients, which DL4J 1.0.0-M2.1 exposes for"
                    + " MultiLayerNetwork models only; open the data with saliency=sr for a ComputationGraph");
        }
        return next(e, null);
    }

    /**
     * Fits epoch e on {@code net} under a stall watchdog with the automatic timeout (180 s, longer for
     * big steps: {@link StallWatchdog#automatic}). See {@link #fit(SparkDl4jMultiLayer, int, Duration, TrainingListener...)}.
     */
    public void fit(SparkDl4jMultiLayer net, int e, TrainingListener... listeners) {
        fit(net, e, automaticTimeout(), listeners);
    }

    /**
     * Fits epoch e ({@link #epoch(int, MultiLayerNetwork)} with the network as it stands) on {@code net},
     * under a stall watchdog: if no training step finishes for {@code stallTimeout}, the fit's Spark
     * jobs are cancelled and it throws {@link TrainingStalledException}, whose message says what
     * stalled. The step count needs a listener on the workers, and dl4j-spark has no call that adds
     * one: this sets {@code net}'s listeners to {@code listeners} plus that counter. With a
     * {@code SharedTrainingMaster}, build it with {@code .repartitioner(null).storageLevel(null)} (as
     * {@code train} does): dl4j-spark's default repartitioner and storage level would let its tasks
     * skip the one-task-per-executor guard against its hang (docs/reliability.md).
     */
    public void fit(SparkDl4jMultiLayer net, int e, Duration stallTimeout, TrainingListener... listeners) {
        SparkTrainer.over(net, new StallWatchdog(sc.sc(), stallTimeout), listeners)
                .fit(epoch(e, net.getNetwork()), "epoch " + e, AFTER_STALL);
    }

    /** As {@link #fit(SparkDl4jMultiLayer, int, TrainingListener...)}, for a ComputationGraph. */
    public void fit(SparkComputationGraph net, int e, TrainingListener... listeners) {
        fit(net, e, automaticTimeout(), listeners);
    }

    /** As {@link #fit(SparkDl4jMultiLayer, int, Duration, TrainingListener...)}, for a ComputationGraph. */
    public void fit(SparkComputationGraph net, int e, Duration stallTimeout, TrainingListener... listeners) {
        SparkTrainer.over(net, new StallWatchdog(sc.sc(), stallTimeout), listeners)
                .fit(epoch(e, net.getNetwork()), "epoch " + e, AFTER_STALL);
    }

    private Duration automaticTimeout() {
        return StallWatchdog.automatic(batchSize(), (long) channels() * height() * width());
    }

    /** Epoch e's DataSets; the previous epoch's RDD has been fitted by now, so its model broadcast can go. */
    private JavaRDD<DataSet> next(int e, TrainableNetwork current) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        data.endEpoch();
        return data.epoch(e, current).values();
    }

    /** Channels of the DataSets' features (1 grey, 3 RGB). */
    public int channels() {
        return data.shape().spec().channels();
    }

    /** Height of the DataSets' images. */
    public int height() {
        return data.shape().spec().height();
    }

    /** Width of the DataSets' images. */
    public int width() {
        return data.shape().spec().width();
    }

    /** K, the width of the label arrays. */
    public int numClasses() {
        return data.shape().numClasses();
    }

    /** Images per mini-batch. */
    public int batchSize() {
        return data.shape().batchSize();
    }

    /** Examples per epoch (input records that decoded, for online data). */
    public long examples() {
        return data.shape().examples();
    }

    /** Class names, where the data has them. */
    public List<String> classNames() {
        return data.shape().classNames();
    }

    /** Frees what online data holds on the cluster (the input's hand-over); shards hold nothing. Idempotent. */
    @Override
    public void close() {
        data.close();
    }

    /** {@link #close()}, under its 0.1.0 name. */
    public void release() {
        close();
    }

    private static SparkSession session(JavaSparkContext sc) {
        return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }
}
