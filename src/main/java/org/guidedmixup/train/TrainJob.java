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
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.guidedmixup.io.Version;
import org.guidedmixup.model.OneDnn;
import org.guidedmixup.model.TrainableNetwork;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.spark.output.StagedOutput;
import org.guidedmixup.train.data.EvalBatches;
import org.guidedmixup.train.data.OnlineEpochs;
import org.guidedmixup.train.data.Rechunk;
import org.guidedmixup.train.data.ShardEpochs;
import org.guidedmixup.train.data.TrainingData;
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

    /**
     * The whole run into its staging folder, as named steps: the training data, the model checked
     * against it, the evaluation set, the start (fresh or resumed from a checkpoint), the epochs, and
     * the outputs with {@code _SUCCESS} last.
     */
    private TrainSummary runInto(Path staging, Path out, FileSystem fs, long start) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator augmentNanos = jsc.sc().longAccumulator("augment ns");
        try (TrainingData data = trainingData(augmentNanos); EvalSet eval = evalSet(data.shape().spec(), data.shape().numClasses())) {
            TrainableNetwork net = network(data);
            Checkpoint checkpoint = new Checkpoint(fs, out);
            Start from = start(checkpoint, net, staging, out, fs);
            int batch = cfg.batchSizePerWorker() > 0 ? cfg.batchSizePerWorker()
                    : data.shape().batchSize() * (cfg.cleanWeight() > 0 ? 2 : 1);
            LOG.info(String.format(Locale.ROOT, "training %s (%s, %,d parameters, %s kernels) for %d epoch(s) with %s, %d"
                            + " examples per worker step, learning rate %s", cfg.model().id(), from.net().kind(),
                    from.net().model().numParams(), OneDnn.engine(from.net().model()), cfg.epochs(),
                    cfg.trainingMaster().name().toLowerCase(Locale.ROOT), batch, cfg.schedule().describe()));
            Epochs run = new Epochs(jsc, data, eval, checkpoint, batch, augmentNanos, start, from);
            TrainableNetwork trained = run.all();
            TrainingData.Shape shape = data.shape();
            TrainSummary summary = new TrainSummary(ShardFormat.display(out), cfg.offline() ? "offline" : "online",
                    cfg.model().id(), cfg.trainingMaster().name().toLowerCase(Locale.ROOT),
                    cfg.offline() ? "from shards" : cfg.augment().name().toLowerCase(Locale.ROOT),
                    cfg.offline() ? "from shards" : cfg.saliency().id(), shape.numClasses(), shape.spec().channels(),
                    shape.spec().height(), shape.spec().width(), shape.examples(), data.rejected(), eval.examples(),
                    run.metrics(), round3(from.secondsBefore() + (System.nanoTime() - start) / 1e9), Version.get(),
                    cfg.rendered());
            TrainOutput.write(fs, staging, trained, summary, cfg.rendered(), run.metrics(),
                    cfg.model().id() + ", " + summary.augment() + " (" + summary.mode() + ")");
            return summary;
        }
    }

    /** Step 1: the training data, shards or online, known before any model is built. */
    private TrainingData trainingData(LongAccumulator augmentNanos) {
        if (cfg.offline()) {
            ShardEpochs shards = ShardEpochs.open(spark, cfg.data());
            TrainingData.Shape shape = shards.shape();
            ImageSpec spec = shape.spec();
            LOG.info(String.format(Locale.ROOT, "training from %s: %,d rows per round, %d round(s), images %dx%dx%d, %d classes",
                    cfg.data(), shape.examples(), shards.rounds(), spec.channels(), spec.height(), spec.width(),
                    shape.numClasses()));
            return shards;
        }
        OnlineEpochs online = OnlineEpochs.open(spark, cfg.online(), cfg.cleanWeight(), augmentNanos);
        if (online.rejected() > 0) {
            LOG.warn(String.format(Locale.ROOT, "%,d training records rejected %s; training on the other %,d",
                    online.rejected(), online.rejectReasons(), online.shape().examples()));
        }
        return online;
    }

    /** Step 2: the model, built or loaded, and checked against the data. */
    private TrainableNetwork network(TrainingData data) {
        OneDnn.use(cfg.onednn());
        TrainingData.Shape shape = data.shape();
        TrainableNetwork net;
        if (cfg.initModel().isBlank()) {
            net = cfg.model().build(shape.spec(), shape.numClasses(), cfg.lr(), cfg.weightDecay(), cfg.seed());
        } else {
            net = TrainableNetwork.load(java.nio.file.Path.of(cfg.initModel()));
            net.requireFits(shape.spec(), shape.numClasses(), "the training data");
            if (cfg.cleanWeight() > 0 && !net.takesWeightedTargets()) {
                throw new InputException("--clean-weight needs a model whose loss is MCXENT with class weights (as the"
                        + " models built by 'train' are); " + cfg.initModel() + " has another loss");
            }
        }
        if (data.needsModel() && !net.hasInputGradients()) {
            throw new ConfigError("saliency: 'ap' needs input gradients, which DL4J 1.0.0-M2.1 exposes for"
                    + " MultiLayerNetwork models only (this model is a " + net.kind() + ")");
        }
        return net;
    }

    /** The evaluation set's batches (none without --eval), and what to free when training ends. */
    private record EvalSet(JavaRDD<DataSet> batches, long examples, DecodedInput input) implements AutoCloseable {
        static final EvalSet NONE = new EvalSet(null, 0, null);

        @Override
        public void close() {
            if (input != null) {
                input.release();
                batches.unpersist(false);
            }
        }
    }

    /** Step 3: the evaluation set, through the same readers and decoder, of the training images' shape. */
    private EvalSet evalSet(ImageSpec spec, int k) {
        if (cfg.evalInput() == null) {
            return EvalSet.NONE;
        }
        DecodedInput ev;
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
        return new EvalSet(ev.good().mapPartitions(new EvalBatches(es, k, cfg.evalBatchSize()))
                .persist(StorageLevel.MEMORY_AND_DISK_SER()), ev.valid(), ev);
    }

    /** Where training starts: the network, the epochs already done and their metrics, the seconds they took. */
    private record Start(TrainableNetwork net, int epoch, List<EpochMetrics> done, double secondsBefore) {
    }

    /**
     * Step 4: a fresh start, or, with --resume, the stopped run's checkpoint (its staging folders
     * removed: this run is their continuation). A checkpoint without --resume is refused, or dropped
     * with --mode overwrite.
     */
    private Start start(Checkpoint checkpoint, TrainableNetwork net, Path staging, Path out, FileSystem fs) throws IOException {
        if (cfg.resume()) {
            Checkpoint.Loaded saved = checkpoint.load();
            if (saved == null) {
                throw new InputException("--resume: no checkpoint of " + cfg.output() + " to continue (looked in "
                        + checkpoint.dir() + "); run without --resume to start training");
            }
            Checkpoint.requireSameRun(saved.state().config(), cfg.rendered(), saved.from());
            LOG.info(String.format(Locale.ROOT, "resuming from %s: %d of %d epoch(s) done", saved.from(),
                    saved.state().epochsDone(), cfg.epochs()));
            for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(out.getParent())) {
                String name = st.getPath().getName();
                if (ShardFormat.isStagingOf(out, name) && !name.equals(staging.getName())) {
                    fs.delete(st.getPath(), true);
                }
            }
            return new Start(saved.network(), saved.state().epochsDone(), new ArrayList<>(saved.state().epochs()),
                    saved.state().wallSeconds());
        }
        if (checkpoint.exists()) {
            if (!cfg.overwrite()) {
                throw new InputException("a stopped run of " + cfg.output() + " left a checkpoint (" + checkpoint.dir()
                        + "); pass --resume to continue it, or --mode overwrite to start again");
            }
            checkpoint.delete();
        }
        return new Start(net, 0, new ArrayList<>(), 0);
    }

    /** Step 5: the epochs, each fitted, evaluated and checkpointed. */
    private final class Epochs {
        private final JavaSparkContext jsc;
        private final TrainingData data;
        private final EvalSet eval;
        private final Checkpoint checkpoint;
        private final int batch;
        private final LongAccumulator augmentNanos;
        private final long startNanos;
        private final Start from;
        private final List<EpochMetrics> metrics;
        private final TrainingLoss trainingLoss;
        private final StallWatchdog watchdog;
        private TrainableNetwork current;

        Epochs(JavaSparkContext jsc, TrainingData data, EvalSet eval, Checkpoint checkpoint, int batch,
               LongAccumulator augmentNanos, long startNanos, Start from) {
            this.jsc = jsc;
            this.data = data;
            this.eval = eval;
            this.checkpoint = checkpoint;
            this.batch = batch;
            this.augmentNanos = augmentNanos;
            this.startNanos = startNanos;
            this.from = from;
            this.metrics = from.done();
            this.current = from.net();
            this.trainingLoss = new TrainingLoss(jsc.sc());
            ImageSpec spec = data.shape().spec();
            this.watchdog = new StallWatchdog(jsc.sc(), cfg.stallSeconds() > 0 ? Duration.ofSeconds(cfg.stallSeconds())
                    : StallWatchdog.automatic(batch, (long) spec.channels() * spec.height() * spec.width()));
            LOG.info("stall watchdog: a fit in which no training step finishes for {} s is stopped",
                    watchdog.timeout().toSeconds());
        }

        List<EpochMetrics> metrics() {
            return metrics;
        }

        /** Trains the remaining epochs; the network at the end. */
        TrainableNetwork all() {
            for (int e = from.epoch(); e < cfg.epochs(); e++) {
                one(e);
            }
            return current;
        }

        private void one(int e) {
            long t0 = System.nanoTime();
            long aug0 = augmentNanos.value();
            double lr = cfg.schedule().at(e);
            current.setLearningRate(lr);
            Partitioned epoch = epochData(e);
            // A master per epoch, seeded by the epoch: dl4j-spark draws its splits from the master's
            // random generator, so a resumed run splits epoch e exactly as an uninterrupted one.
            SparkTrainer trainer = SparkTrainer.of(jsc, current, TrainingMasters.build(cfg.trainingMaster(), batch,
                    cfg.seed() * 1_000_003L + e, cfg.averagingFrequency(), cfg.sharedPort(), cfg.sharedThreshold(),
                    jsc.master().startsWith("local"), epoch.oneEach(), EPOCH_STORAGE), watchdog,
                    e + 1 == cfg.testStallEpoch() ? new TrainingListener[] {trainingLoss, new InjectedStall()}
                            : new TrainingListener[] {trainingLoss});
            long examples = epoch.data().map(d -> (long) d.numExamples()).fold(0L, Long::sum);
            trainingLoss.begin();
            trainer.fit(epoch.data(), "epoch " + (e + 1) + " of " + cfg.epochs(), afterStall(e));
            double loss = trainingLoss.mean();
            epoch.data().unpersist(false);
            data.endEpoch();
            current = trainer.network();
            Double top1 = null;
            Double top5 = null;
            if (eval.batches() != null && ((e + 1) % cfg.evalEvery() == 0 || e + 1 == cfg.epochs())) {
                Evaluation result = trainer.evaluate(eval.batches(), new Evaluation(names(data.shape().numClasses()),
                        Math.min(5, data.shape().numClasses())), cfg.evalBatchSize());
                top1 = result.accuracy();
                top5 = result.topNAccuracy();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double augSeconds = (augmentNanos.value() - aug0) / 1e9;
            metrics.add(new EpochMetrics(e + 1, loss, lr, top1, top5, round3(seconds), round3(augSeconds), examples,
                    cfg.offline() ? -1 : e));
            checkpoint.save(current, new Checkpoint.State(e + 1, metrics,
                    round3(from.secondsBefore() + (System.nanoTime() - startNanos) / 1e9), cfg.rendered()));
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d: loss %.4f%s, lr %.5g, %,d examples, %.1f s (%.0f images/s;"
                            + " augment %.1f s on executors)", e + 1, cfg.epochs(), loss,
                    top1 == null ? "" : String.format(Locale.ROOT, ", top-1 %.4f, top-5 %.4f", top1, top5), lr,
                    examples, seconds, examples / seconds, augSeconds));
        }

        /**
         * Epoch e's DataSets as the training master takes them: executors set the helper switch
         * before dl4j-spark rebuilds the network there; re-chunked to the per-worker batch size if
         * one is set; one partition per worker, merged without a shuffle, so dl4j-spark need not
         * repartition every split (a shuffle of its DataSets each time: ~25 % of an epoch on
         * local[2]; gradient sharing trains one model per executor: one partition per executor);
         * persisted at the level the training masters are built with (Spark refuses a second level).
         */
        private Partitioned epochData(int e) {
            JavaRDD<DataSet> d = data.epoch(e, current).values().mapPartitions(new OneDnn.Switch<>(cfg.onednn()), true);
            if (cfg.batchSizePerWorker() > 0) {
                d = d.mapPartitions(new Rechunk(cfg.batchSizePerWorker()));
            }
            int workers = cfg.trainingMaster() == TrainingMasters.MasterKind.SHARED ? executors(jsc) : jsc.defaultParallelism();
            boolean oneEach = d.getNumPartitions() >= workers;
            if (oneEach) {
                d = d.coalesce(workers);
            }
            return new Partitioned(d.persist(EPOCH_STORAGE), oneEach);
        }
    }

    /** An epoch's DataSets, and whether each worker has exactly one partition of them. */
    private record Partitioned(JavaRDD<DataSet> data, boolean oneEach) {
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
