package org.guidedmixup.train.data;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.guidedmixup.core.SaliencyKind;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.model.TrainableNetwork;
import org.guidedmixup.spark.batch.AugmentRound;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.spark.saliency.GradientSaliencyFactory;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.nd4j.linalg.dataset.DataSet;


/**
 * The online mode: epoch e = the augment job's round e, batched and augmented on the executors. The
 * input is read and decoded (or checked, for photos read by path) once, by {@link #open}.
 */
public final class OnlineEpochs implements TrainingData {
    private final JavaSparkContext jsc;
    private final double cleanWeight;
    private final DecodedInput in;
    private final AugmentConfig a;
    private final ImageSpec spec;
    private final int k;
    private final LongAccumulator augmentNanos;
    private GradientSaliencyFactory ap;
    private boolean closed;

    private OnlineEpochs(JavaSparkContext jsc, DecodedInput in, AugmentConfig a, double cleanWeight,
                         LongAccumulator augmentNanos) {
        this.jsc = jsc;
        this.cleanWeight = cleanWeight;
        this.in = in;
        this.a = a;
        this.spec = in.spec();
        this.k = in.numClasses();
        this.augmentNanos = augmentNanos;
    }

    /**
     * Reads {@code a}'s input for online training.
     *
     * @param cleanWeight  weight of each batch's clean copy beside the mixed one (0: mixed only)
     * @param augmentNanos executor time spent augmenting, summed
     */
    public static OnlineEpochs open(SparkSession spark, AugmentConfig a, double cleanWeight, LongAccumulator augmentNanos) {
        DecodedInput in = DecodedInput.load(spark, a, null, 0);
        return new OnlineEpochs(JavaSparkContext.fromSparkContext(spark.sparkContext()), in, a, cleanWeight, augmentNanos);
    }

    /** Examples per epoch: the input records that decoded (each epoch holds each of them once). */
    @Override
    public Shape shape() {
        return new Shape(spec, k, in.classNames(), a.batchSize(), in.valid());
    }

    @Override
    public long rejected() {
        return in.rejected();
    }

    @Override
    public String rejectReasons() {
        return String.valueOf(in.rejectReasons());
    }

    @Override
    public boolean needsModel() {
        return a.saliency() == SaliencyKind.AP;
    }

    @Override
    public JavaPairRDD<Long, DataSet> epoch(int epoch, TrainableNetwork current) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (needsModel() && current == null) {
            throw new IllegalArgumentException("saliency 'ap' takes input gradients of the model being trained: pass"
                    + " the network as the epoch starts");
        }
        return batches(in, a, spec, k, epoch, saliency(current), cleanWeight, augmentNanos);
    }

    private SaliencyFactory saliency(TrainableNetwork current) {
        if (a.saliency() != SaliencyKind.AP) {
            return SaliencyFactory.spectralResidual(a.saliencyMean(), a.saliencyStd(), a.saliencyEngine());
        }
        // The model of this epoch, as it stands at the epoch's start.
        ap = new GradientSaliencyFactory(jsc.broadcast(current.toBytes()), k);
        return ap;
    }

    @Override
    public void endEpoch() {
        if (ap != null) {
            ap.release();
            ap = null;
        }
    }

    /** Frees the model broadcast and the input's hand-over to the executors. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            endEpoch();
            in.release();
        }
    }

    /**
     * The DataSets of online epoch e: the batch plan of augment round e, each batch augmented by the
     * core's BatchAugmenter on the executors. Public so tests compare it with shards of round e.
     */
    public static JavaPairRDD<Long, DataSet> batches(DecodedInput in, AugmentConfig a, ImageSpec spec, int k, int epoch,
                                                     SaliencyFactory saliency, double cleanWeight, LongAccumulator augmentNanos) {
        BatchPlan plan = in.plans().plan(a, epoch);
        AugmentRound task = new AugmentRound(spec, a.mixupConfig(k), saliency, a.seed(), epoch, plan, null);
        return in.sorted(plan).mapPartitionsToPair(new OnlineBatches(task, cleanWeight, augmentNanos));
    }
}
