package org.guidedmixup.train.master;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Counts the training steps that finished, on the workers, in a Spark accumulator. Running tasks
 * report their count with every executor heartbeat, so the driver sees progress inside a task that
 * runs for the whole epoch (gradient sharing's one task per executor) and not only when it ends:
 * this is what {@link StallWatchdog} watches.
 */
public final class StepCounter extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final LongAccumulator steps;

    public StepCounter(SparkContext sc) {
        this.steps = sc.longAccumulator("guidedmixup training steps");
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        steps.add(1);
    }

    /** The accumulator's id, as executor heartbeats name it. */
    long accumulatorId() {
        return steps.id();
    }

    /** Steps finished by tasks that ended (the driver's view once a job is over). */
    public long finished() {
        return steps.value();
    }
}
