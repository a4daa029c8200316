package org.guidedmixup.train;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.core.SaliencyKind;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.Version;
import org.guidedmixup.model.OneDnn;
import org.guidedmixup.model.TrainableNetwork;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.spark.output.StagedOutput;
import org.guidedmixup.train.data.EpochSource;
import org.guidedmixup.train.data.EvalBatches;
import org.guidedmixup.train.data.OnlineEpochs;
import org.guidedmixup.train.data.Rechunk;
import org.guidedmixup.train.data.ShardEpochs;
import org.guidedmixup.train.master.InjectedStall;
import org.guidedmixup.train.master.SparkTrainer;
import org.guidedmixup.train.master.StallWatchdog;
import org.guidedmixup.train.master.TrainingLoss;
import org.guidedmixup.train.master.TrainingMasters;
import org.guidedmixup.train.output.Checkpoint;
import org.guidedmixup.train.output.EpochMetrics;
import org.guidedmixup.train.output.TrainOutput;
import org.guidedmixup.train.output.TrainSummary;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Distributed DL4J training on Spark, from an augment job's shards (offline) or with GuidedMixup
 * applied to every mini-batch on the executors (online). Both modes end in one
 * {@code JavaRDD<DataSet>} per epoch, fitted by dl4j-spark's parameter-averaging or gradient-sharing
 * training master; after each epoch the model is evaluated (top-1, top-5) on the evaluation set.
 *
 * <p>Writes model.zip (DL4J ModelSerializer), metrics.json, learning-curve.png and config.json into a
 * hidden staging folder and renames it into place with {@code _SUCCESS} last, as the augment job does.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    /**
     * An epoch's DataSets, kept as objects (spilled to disk if memory runs out): dl4j-spark reads the
     * epoch once per averaging split, and deserialising it every time cost ~20 % of a LeNet epoch.
     */
    private static final StorageLevel EPOCH_STORAGE = StorageLevel.MEMORY_AND_DISK();
    private final SparkSession spark;
    private final TrainConfig cfg;

    public TrainJob(SparkSession spark, TrainConfig cfg) {
        this.spark = spark;
        this.cfg = cfg;
    }

    public TrainSummary run() {
        long start = System.nanoTime();
        TrainSummary s = StagedOutput.write(spark.sparkContext().hadoopConfiguration(), cfg.output(), cfg.overwrite(),
                (staging, out, fs) -> runInto(staging, out, fs, start));
        // Published: the checkpoint of the run is no longer needed.
        try {
            Path out = new Path(cfg.output());
            FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
            new Checkpoint(fs, fs.makeQualified(out)).delete();
        } catch (IOException e) {
            LOG.warn("cannot remove the checkpoint beside " + cfg.output() + ": " + e.getMessage());
        }
        return s;
    }

    private TrainSummary runInto(Path staging, Path out, FileSystem fs, long start) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator augmentNanos = jsc.sc().longAccumulator("augment ns");

        // 1. Training data: what it is, before any model is built.
        ImageSpec spec;
        int k;
        long trainExamples;
        long rejected = 0;
        int nominalBatch;
        EpochSource source;
        DecodedInput in = null;
        if (cfg.offline()) {
            ShardEpochs shards = ShardEpochs.open(spark, cfg.data());
            spec = shards.spec();
            k = shards.numClasses();
            trainExamples = shards.rows(0);
            nominalBatch = shards.batchSize();
            source = (e, current) -> shards.epoch(e);
            LOG.info(String.format(Locale.ROOT, "training from %s: %,d rows per round, %d round(s), images %dx%dx%d, %d classes",
                    cfg.data(), trainExamples, shards.rounds(), spec.channels(), spec.height(), spec.width(), k));
        } else {
            AugmentConfig a = cfg.online();
            in = DecodedInput.load(spark, a, null, 0);
            spec = in.spec();
            k = in.numClasses();
            trainExamples = in.valid();
            rejected = in.rejected();
            if (rejected > 0) {
                LOG.warn(String.format(Locale.ROOT, "%,d training records rejected %s; training on the other %,d",
                        rejected, in.rejectReasons(), trainExamples));
            }
            nominalBatch = a.batchSize();
            source = new OnlineEpochs(jsc, in, a, spec, k, cfg.cleanWeight(), augmentNanos);
        }

        // 2. The model, checked against the data.
        OneDnn.use(cfg.onednn());
        TrainableNetwork net;
        if (cfg.initModel().isBlank()) {
            net = cfg.model().build(spec, k, cfg.lr(), cfg.weightDecay(), cfg.seed());
        } else {
            net = TrainableNetwork.load(java.nio.file.Path.of(cfg.initModel()));
            net.requireFits(spec, k, "the training data");
            if (cfg.cleanWeight() > 0 && !net.takesWeightedTargets()) {
                throw new InputException("--clean-weight needs a model whose loss is MCXENT with class weights (as the"
                        + " models built by 'train' are); " + cfg.initModel() + " has another loss");
            }
        }
        if (!cfg.offline() && cfg.saliency() == SaliencyKind.AP && !net.hasInputGradients()) {
            throw new ConfigError("saliency: 'ap' needs input gradients, which DL4J 1.0.0-M2.1 exposes for"
                    + " MultiLayerNetwork models only (this model is a " + net.kind() + ")");
        }

        // 3. The evaluation set, through the same readers and decoder.
        JavaRDD<DataSet> evalData = null;
        long evalExamples = 0;
        DecodedInput ev = null;
        if (cfg.evalInput() != null) {
            try {
                ev = DecodedInput.load(spark, cfg.evalInputFor(spec.transform()), null, k);
            } catch (InputException e) {
                throw new InputException("--eval: " + e.getMessage(), e);
            }
            ImageSpec es = ev.spec();
            if (es.channels() != spec.channels() || es.height() != spec.height() || es.width() != spec.width()) {
                ev.release();
                throw new InputException("eval set " + cfg.eval() + " has " + es.channels() + "x" + es.height() + "x"
                        + es.width() + " images but the training images are " + spec.channels() + "x" + spec.height()
                        + "x" + spec.width() + "; pass an evaluation set of the same shape (or --resize for both)");
            }
            if (ev.rejected() > 0) {
                LOG.warn(String.format(Locale.ROOT, "%,d evaluation records rejected %s", ev.rejected(), ev.rejectReasons()));
            }
            evalExamples = ev.valid();
            evalData = ev.good().mapPartitions(new EvalBatches(es, k, cfg.evalBatchSize()))
                    .persist(StorageLevel.MEMORY_AND_DISK_SER());
        }

        int batch = cfg.batchSizePerWorker() > 0 ? cfg.batchSizePerWorker()
                : nominalBatch * (cfg.cleanWeight() > 0 ? 2 : 1);

        // A stopped run's checkpoint: continued with --resume, else refused (or dropped with overwrite).
        Checkpoint checkpoint = new Checkpoint(fs, out);
        List<EpochMetrics> epochs = new ArrayList<>();
        int first = 0;
        double before = 0;
        if (cfg.resume()) {
            Checkpoint.Loaded saved = checkpoint.load();
            if (saved == null) {
                throw new InputException("--resume: no checkpoint of " + cfg.output() + " to continue (looked in "
                        + checkpoint.dir() + "); run without --resume to start training");
            }
            Checkpoint.requireSameRun(saved.state().config(), cfg.rendered(), saved.from());
            net = saved.network();
            epochs.addAll(saved.state().epochs());
            first = saved.state().epochsDone();
            before = saved.state().wallSeconds();
            LOG.info(String.format(Locale.ROOT, "resuming from %s: %d of %d epoch(s) done", saved.from(), first, cfg.epochs()));
            // A killed run could not remove its staging folder: this run is its continuation.
            for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(out.getParent())) {
                String name = st.getPath().getName();
                if (ShardFormat.isStagingOf(out, name) && !name.equals(staging.getName())) {
                    fs.delete(st.getPath(), true);
                }
            }
        } else if (checkpoint.exists()) {
            if (!cfg.overwrite()) {
                throw new InputException("a stopped run of " + cfg.output() + " left a checkpoint (" + checkpoint.dir()
                        + "); pass --resume to continue it, or --mode overwrite to start again");
            }
            checkpoint.delete();
        }
        LOG.info(String.format(Locale.ROOT, "training %s (%s, %,d parameters, %s kernels) for %d epoch(s) with %s, %d examples"
                        + " per worker step, learning rate %s", cfg.model().id(), net.kind(), net.model().numParams(),
                OneDnn.engine(net.model()), cfg.epochs(), cfg.trainingMaster().name().toLowerCase(Locale.ROOT), batch,
                cfg.schedule().describe()));

        // 4. Epochs.
        TrainableNetwork current = net;
        TrainingLoss trainingLoss = new TrainingLoss(jsc.sc());
        StallWatchdog watchdog = new StallWatchdog(jsc.sc(), cfg.stallSeconds() > 0 ? Duration.ofSeconds(cfg.stallSeconds())
                : StallWatchdog.automatic(batch, (long) spec.channels() * spec.height() * spec.width()));
        LOG.info("stall watchdog: a fit in which no training step finishes for {} s is stopped", watchdog.timeout().toSeconds());
        for (int e = first; e < cfg.epochs(); e++) {
            long t0 = System.nanoTime();
            long aug0 = augmentNanos.value();
            double lr = cfg.schedule().at(e);
            current.setLearningRate(lr);
            // A master per epoch, seeded by the epoch: dl4j-spark draws its splits from the master's
            // random generator, so a resumed run splits epoch e exactly as an uninterrupted one.
            // Executors set the helper switch before dl4j-spark rebuilds the network there.
            JavaRDD<DataSet> data = source.epoch(e, current).values().mapPartitions(new OneDnn.Switch<>(cfg.onednn()), true);
            if (cfg.batchSizePerWorker() > 0) {
                data = data.mapPartitions(new Rechunk(cfg.batchSizePerWorker()));
            }
            // One partition per worker, merged without a shuffle, so dl4j-spark need not repartition
            // every split (a shuffle of its DataSets each time: ~25 % of an epoch on local[2]).
            // Gradient sharing trains one model per executor: one partition per executor.
            int workers = cfg.trainingMaster() == TrainingMasters.MasterKind.SHARED ? executors(jsc) : jsc.defaultParallelism();
            boolean oneEach = data.getNumPartitions() >= workers;
            if (oneEach) {
                data = data.coalesce(workers);
            }
            // The level the training masters are built with: dl4j-spark persists the RDD itself and
            // Spark refuses a second, different level.
            data = data.persist(EPOCH_STORAGE);
            SparkTrainer trainer = SparkTrainer.of(jsc, current, TrainingMasters.build(cfg.trainingMaster(), batch, cfg.seed() * 1_000_003L + e,
                    cfg.averagingFrequency(), cfg.sharedPort(), cfg.sharedThreshold(), jsc.master().startsWith("local"), oneEach,
                    EPOCH_STORAGE), watchdog, e + 1 == cfg.testStallEpoch()
                    ? new TrainingListener[] {trainingLoss, new InjectedStall()} : new TrainingListener[] {trainingLoss});
            long examples = data.map(d -> (long) d.numExamples()).fold(0L, Long::sum);
            trainingLoss.begin();
            long t1 = System.nanoTime();
            trainer.fit(data, "epoch " + (e + 1) + " of " + cfg.epochs(), afterStall(e));
            long t2 = System.nanoTime();
            double loss = trainingLoss.mean();
            data.unpersist(false);
            source.endEpoch();
            current = trainer.network();
            Double top1 = null;
            Double top5 = null;
            if (evalData != null && ((e + 1) % cfg.evalEvery() == 0 || e + 1 == cfg.epochs())) {
                Evaluation result = trainer.evaluate(evalData, new Evaluation(names(k), Math.min(5, k)), cfg.evalBatchSize());
                top1 = result.accuracy();
                top5 = result.topNAccuracy();
            }
            long t3 = System.nanoTime();
            double seconds = (t3 - t0) / 1e9;
            double augSeconds = (augmentNanos.value() - aug0) / 1e9;
            LOG.debug(String.format(Locale.ROOT, "epoch %d: batches %.2f s, fit %.2f s, evaluation %.2f s", e + 1, (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9, (t3 - t2) / 1e9));
            EpochMetrics m = new EpochMetrics(e + 1, loss, lr, top1, top5, round3(seconds), round3(augSeconds), examples,
                    cfg.offline() ? -1 : e);
            epochs.add(m);
            checkpoint.save(current, new Checkpoint.State(e + 1, epochs,
                    round3(before + (System.nanoTime() - start) / 1e9), cfg.rendered()));
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f%s, lr %.5g, %,d examples, %.1f s (%.0f images/s; augment"
                            + " %.1f s on executors)", e + 1, cfg.epochs(), loss,
                    top1 == null ? "" : String.format(Locale.ROOT, ", top-1 %.4f, top-5 %.4f", top1, top5), lr,
                    examples, seconds, examples / seconds, augSeconds));
        }
        if (in != null) {
            in.release();
        }
        if (ev != null) {
            ev.release();
            evalData.unpersist(false);
        }
        // 5. Outputs, _SUCCESS last.
        TrainSummary summary = new TrainSummary(ShardFormat.display(out), cfg.offline() ? "offline" : "online",
                cfg.model().id(), cfg.trainingMaster().name().toLowerCase(Locale.ROOT),
                cfg.offline() ? "from shards" : cfg.augment().name().toLowerCase(Locale.ROOT),
                cfg.offline() ? "from shards" : cfg.saliency().id(), k, spec.channels(), spec.height(), spec.width(),
                trainExamples, rejected, evalExamples, epochs, round3(before + (System.nanoTime() - start) / 1e9), Version.get(),
                cfg.rendered());
        TrainOutput.write(fs, staging, current, summary, cfg.rendered(), epochs,
                cfg.model().id() + ", " + summary.augment() + " (" + summary.mode() + ")");
        return summary;
    }

    /** What a user can do when epoch {@code e} (zero-based) stalled. */
    private String afterStall(int e) {
        String rerun = e == 0 ? "no epoch finished, so nothing was kept: rerun" : "the checkpoint of the " + e
                + " finished epoch(s) is kept: rerun with --resume";
        String other = cfg.trainingMaster() == TrainingMasters.MasterKind.SHARED ? ", or use --training-master paramavg" : "";
        String longer = cfg.stallSeconds() > 0 ? ", or raise --stall-seconds if steps are that slow" : "";
        return rerun + other + longer;
    }

    /** Executors of the application (in-process Spark: one, the driver's JVM). */
    private static int executors(JavaSparkContext jsc) {
        return jsc.sc().isLocal() ? 1 : Math.max(1, jsc.sc().getExecutorMemoryStatus().size() - 1);
    }

    private static List<String> names(int k) {
        return IntStream.range(0, k).mapToObj(Integer::toString).toList();
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

}
