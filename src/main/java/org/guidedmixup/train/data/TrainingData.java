package org.guidedmixup.train.data;

import org.apache.spark.api.java.JavaPairRDD;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.model.TrainableNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * What either training mode hands the trainer: the images' shape, the classes, the mini-batch size,
 * the examples per epoch, and each epoch's {@code DataSet}s. {@link ShardEpochs} reads an augment
 * run's shards; {@link OnlineEpochs} augments every mini-batch on the executors. {@code train} and the
 * library's {@code GuidedMixupData} both work through this type only.
 */
public interface TrainingData extends AutoCloseable {
    /** The images' shape and the base transform they went through. */
    ImageSpec spec();

    /** K, the width of the label arrays. */
    int numClasses();

    /** Class names, where the data has them (else empty). */
    List<String> classNames();

    /** Images per mini-batch, as the batches were planned. */
    int batchSize();

    /** Examples in one epoch. */
    long examples();

    /** Input records rejected while reading (0 for shards: the augment run counted those). */
    default long rejected() {
        return 0;
    }

    /** Rejected records by reason, for messages ("{}" when none). */
    default String rejectReasons() {
        return "{}";
    }

    /** Whether {@link #epoch} needs the current model (saliency from its input gradients). */
    default boolean needsModel() {
        return false;
    }

    /**
     * The DataSets of epoch {@code epoch} (>= 0), keyed by batch id; {@code current} is the model as the
     * epoch starts (used only where {@link #needsModel()}; may be null elsewhere).
     */
    JavaPairRDD<Long, DataSet> epoch(int epoch, TrainableNetwork current);

    /** Called after the epoch's fit: frees per-epoch broadcasts. */
    default void endEpoch() {
    }

    /** Frees what the data holds on the cluster. Idempotent. */
    @Override
    default void close() {
    }
}
