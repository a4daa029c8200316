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
    /**
     * What the trainer needs to know before the first epoch.
     *
     * @param spec       the images' shape and the base transform they went through
     * @param numClasses K, the width of the label arrays
     * @param classNames class names, where the data has them (else empty)
     * @param batchSize  images per mini-batch, as the batches were planned
     * @param examples   examples in one epoch
     */
    record Shape(ImageSpec spec, int numClasses, List<String> classNames, int batchSize, long examples) {
    }

    /** The data's shape, classes, batch size and epoch size. */
    Shape shape();

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
