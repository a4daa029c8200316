package org.guidedmixup.dl4j;

import com.typesafe.config.ConfigFactory;
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
import org.guidedmixup.core.SaliencyKind;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.model.TrainableNetwork;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.train.data.OnlineEpochs;
import org.guidedmixup.train.data.ShardEpochs;
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
    private final ShardEpochs shards;
    private final DecodedInput input;
    private final AugmentConfig online;
    /** The online epochs (null from shards): one source, so each epoch frees the previous one's AP broadcast. */
    private final OnlineEpochs epochs;

    private final JavaSparkContext sc;
    private static final String AFTER_STALL = "catch TrainingStalledException to fit the epoch again or to stop";

    private GuidedMixupData(JavaSparkContext jsc, ShardEpochs shards, DecodedInput input, AugmentConfig online) {
        this.sc = jsc;
        this.shards = shards;
        this.input = input;
        this.online = online;
        this.epochs = online == null ? null : new OnlineEpochs(jsc, input, online, input.spec(), input.numClasses(), 0.0,
                jsc.sc().longAccumulator("guidedmixup augment ns"));
    }

    /**
     * The shards of an {@code augment} run. The folder is checked as {@code train --data} checks it
     * ({@code _SUCCESS}, summary.json, every listed shard file and nothing else); a damaged folder is
     * refused with one {@code InputException} naming it.
     *
     * @param output the augment run's output folder (any Hadoop file system)
     */
    public static GuidedMixupData fromShards(JavaSparkContext sc, String output) {
        return new GuidedMixupData(sc, ShardEpochs.open(session(sc), output), null, null);
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
        DecodedInput in = DecodedInput.load(session(sc), cfg, null, 0);
        return new GuidedMixupData(sc, null, in, cfg);
    }

    /**
     * The DataSets of epoch e (e >= 0), one per mini-batch. For online data with {@code saliency=ap},
     * use {@link #epoch(int, MultiLayerNetwork)}.
     */
    public JavaRDD<DataSet> epoch(int e) {
        requireEpoch(e);
        if (shards != null) {
            return shards.epoch(e).values();
        }
        if (online.saliency() == SaliencyKind.AP) {
            throw new ConfigError("saliency: 'ap' takes input gradients of the model being trained;"
                    + " call epoch(e, network) with the network as the epoch starts");
        }
        return onlineEpoch(e, null);
    }

    /**
     * The DataSets of epoch e, with saliency from {@code current}'s input gradients when the data was
     * opened with {@code saliency=ap} (Guided-AP): pass the network as this epoch starts (for
     * example {@code sparkNet.getNetwork()}). Input gradients need a {@code MultiLayerNetwork}.
     */
    public JavaRDD<DataSet> epoch(int e, MultiLayerNetwork current) {
        requireEpoch(e);
        if (shards != null) {
            return shards.epoch(e).values();
        }
        return onlineEpoch(e, TrainableNetwork.of(current));
    }

    /** As {@link #epoch(int)}; a ComputationGraph has no input gradients, so only spectral-residual saliency. */
    public JavaRDD<DataSet> epoch(int e, ComputationGraph current) {
        return epoch(e);
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
        ImageSpec s = spec();
        return StallWatchdog.automatic(batchSize(), (long) s.channels() * s.height() * s.width());
    }

    private JavaRDD<DataSet> onlineEpoch(int e, TrainableNetwork current) {
        // The previous epoch's RDD has been fitted by now: its model broadcast (saliency=ap) can go.
        epochs.endEpoch();
        return epochs.epoch(e, current).values();
    }

    private static void requireEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
    }

    /** Image shape of the DataSets (channels, height, width). */
    public ImageSpec spec() {
        return shards != null ? shards.spec() : input.spec();
    }

    /** K, the width of the label arrays. */
    public int numClasses() {
        return shards != null ? shards.numClasses() : input.numClasses();
    }

    /** Images per mini-batch. */
    public int batchSize() {
        return shards != null ? shards.batchSize() : online.batchSize();
    }

    /** Examples per epoch (input records that decoded, for online data). */
    public long examples() {
        return shards != null ? shards.rows(0) : input.valid();
    }

    /** Class names, where the data has them. */
    public List<String> classNames() {
        return shards != null ? shards.classNames() : input.classNames();
    }

    /** Frees what online data holds on the cluster (the input's hand-over); shards hold nothing. Idempotent. */
    @Override
    public void close() {
        if (input != null && !closed) {
            closed = true;
            epochs.endEpoch();
            input.release();
        }
    }

    /** {@link #close()}, under its 0.1.0 name. */
    public void release() {
        close();
    }

    private boolean closed;

    private static SparkSession session(JavaSparkContext sc) {
        return SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    }
}
