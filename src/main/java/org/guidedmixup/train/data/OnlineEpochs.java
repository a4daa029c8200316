package org.guidedmixup.train.data;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
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

/** The online mode: epoch e = the augment job's round e, batched and augmented on the executors. */
public final class OnlineEpochs implements EpochSource {
    private final JavaSparkContext jsc;
    private final double cleanWeight;
    private final DecodedInput in;
    private final AugmentConfig a;
    private final ImageSpec spec;
    private final int k;
    private final LongAccumulator augmentNanos;
    private GradientSaliencyFactory ap;

    public OnlineEpochs(JavaSparkContext jsc, DecodedInput in, AugmentConfig a, ImageSpec spec, int k, double cleanWeight,
                        LongAccumulator augmentNanos) {
        this.jsc = jsc;
        this.cleanWeight = cleanWeight;
        this.in = in;
        this.a = a;
        this.spec = spec;
        this.k = k;
        this.augmentNanos = augmentNanos;
    }

    @Override
    public JavaPairRDD<Long, DataSet> epoch(int epoch, TrainableNetwork current) {
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

    /**
     * The DataSets of online epoch e: the batch plan of augment round e, each batch augmented by the
     * core's BatchAugmenter on the executors. Public so tests compare it with shards of round e.
     */
    public static JavaPairRDD<Long, DataSet> batches(DecodedInput in, AugmentConfig a, ImageSpec spec, int k, int epoch,
                                                     SaliencyFactory saliency, double cleanWeight, LongAccumulator augmentNanos) {
        BatchPlan plan = in.plan(a, epoch);
        AugmentRound task = new AugmentRound(spec, a.mixupConfig(k), saliency, a.seed(), epoch, plan, null);
        return in.sorted(plan).mapPartitionsToPair(new OnlineBatches(task, cleanWeight, augmentNanos));
    }
}
