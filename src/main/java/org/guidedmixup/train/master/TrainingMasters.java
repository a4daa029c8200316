package org.guidedmixup.train.master;

import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/** dl4j-spark's training masters as {@code train} sets them up: parameter averaging or gradient sharing. */
public final class TrainingMasters {
    /** Which master: parameter averaging, or gradient sharing (dl4j-spark-parameterserver). */
    public enum MasterKind { PARAMAVG, SHARED }

    private TrainingMasters() {
    }

    /**
     * The master of one epoch. {@code seed} differs per epoch: dl4j-spark draws its splits from the
     * master's random generator, so a resumed run splits epoch e exactly as an uninterrupted one.
     *
     * @param partitionedByWorker the data has one partition per worker already (then no repartition)
     * @param storage             the level the epoch's RDD is persisted at (dl4j-spark persists it too,
     *                            and Spark refuses a second, different level); gradient sharing persists
     *                            nothing itself: its RDD is the persisted epoch behind {@link SharedFitGuard}
     */
    public static TrainingMaster<?, ?> build(MasterKind kind, int batch, long seed, int averagingFrequency, int sharedPort,
                                             double sharedThreshold, boolean localSpark, boolean partitionedByWorker,
                                             StorageLevel storage) {
        Repartition repartition = partitionedByWorker ? Repartition.Never : Repartition.Always;
        if (kind == MasterKind.PARAMAVG) {
            return new ParameterAveragingTrainingMaster.Builder(batch)
                    .batchSizePerWorker(batch)
                    .averagingFrequency(averagingFrequency)
                    .workerPrefetchNumBatches(0)
                    .rngSeed(seed)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartionData(repartition)
                    .storageLevel(storage)
                    .collectTrainingStats(false)
                    .build();
        }
        VoidConfiguration.VoidConfigurationBuilder voidConf = VoidConfiguration.builder().unicastPort(sharedPort);
        if (localSpark) {
            // In-process Spark: keep gradient sharing's Aeron transport on loopback.
            voidConf.networkMask("127.0.0.0/8").controllerAddress("127.0.0.1");
        }
        return new SharedTrainingMaster.Builder(voidConf.build(), batch)
                .batchSizePerWorker(batch)
                .workersPerNode(1)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(sharedThreshold))
                .workerPrefetchNumBatches(0)
                .rngSeed(seed)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartitionData(repartition)
                // Not dl4j-spark's default repartitioner: it splits the epoch into one partition per
                // DataSet (a shuffle of every batch, and one tiny fit per task).
                .repartitioner(null)
                // The data comes persisted, behind SharedFitGuard: persisting the guarded RDD again would
                // let the fit read cached partitions without the guard.
                .storageLevel(null)
                .collectTrainingStats(false)
                .build();
    }
}
