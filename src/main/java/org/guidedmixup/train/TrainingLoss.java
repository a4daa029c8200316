package org.guidedmixup.train;

import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * The epoch's training loss as other frameworks report it: the mean over the epoch's steps of each
 * step's data loss (cross-entropy on the step's targets, before its update), without the
 * weight-decay term that DL4J adds to its score. A dl4j-spark listener: it runs on the workers, and
 * Spark accumulators bring the sums back to the driver. It costs no extra pass over the data.
 */
final class TrainingLoss extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final DoubleAccumulator sum;
    private final LongAccumulator steps;

    TrainingLoss(SparkContext sc) {
        this.sum = sc.doubleAccumulator("training loss");
        this.steps = sc.longAccumulator("training steps");
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double score = model.score();
        double regularization = model instanceof MultiLayerNetwork m ? m.calcRegularizationScore(true)
                : model instanceof ComputationGraph g ? g.calcRegularizationScore(true) : 0;
        sum.add(score - regularization);
        steps.add(1);
    }

    /** The sums so far, to subtract from a later {@link #mean}. */
    double[] mark() {
        return new double[] {sum.value(), steps.value()};
    }

    /** The mean step loss since {@code mark}; NaN when no step ran. */
    double mean(double[] mark) {
        long n = steps.value() - (long) mark[1];
        return n == 0 ? Double.NaN : (sum.value() - mark[0]) / n;
    }
}
