package org.guidedmixup.train.data;

import org.apache.spark.api.java.JavaPairRDD;
import org.guidedmixup.model.TrainableNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** Where an epoch's DataSets come from: shards ({@link ShardEpochs}), or the online augmenter ({@link OnlineEpochs}). */
public interface EpochSource {
    /** The DataSets of epoch {@code epoch}, keyed by batch id; {@code current} is the model as the epoch starts. */
    JavaPairRDD<Long, DataSet> epoch(int epoch, TrainableNetwork current);

    /** Called after the epoch's fit: frees per-epoch broadcasts. */
    default void endEpoch() {
    }
}
