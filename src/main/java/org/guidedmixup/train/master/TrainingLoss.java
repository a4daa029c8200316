package org.guidedmixup.train.master;

import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

import java.util.Arrays;
import java.util.List;

/**
 * The epoch's training loss as other frameworks report it: the mean over the epoch's steps of each
 * step's data loss (cross-entropy on the step's targets, before its update), without the
 * weight-decay term that DL4J adds to its score. A dl4j-spark listener: it runs on the workers, and
 * a Spark accumulator brings each step's loss back to the driver. It costs no extra pass over the data.
 *
 * <p>The steps' losses travel one by one (a few thousand doubles an epoch) and are summed in sorted
 * order, not as partial sums: tasks finish in any order, and floating-point sums merged in that order
 * differ in the last digit from run to run, so a resumed run would not report exactly the losses
 * of an uninterrupted one.
 */
public final class TrainingLoss extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final CollectionAccumulator<Double> losses;

    public TrainingLoss(SparkContext sc) {
        this.losses = sc.collectionAccumulator("training step losses");
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double score = model.score();
        double regularization = model instanceof MultiLayerNetwork m ? m.calcRegularizationScore(true)
                : model instanceof ComputationGraph g ? g.calcRegularizationScore(true) : 0;
        losses.add(score - regularization);
    }

    /** Forgets the steps so far: call on the driver before an epoch's fit. */
    public void begin() {
        losses.reset();
    }

    /** The mean step loss since {@link #begin}, the same whatever order the tasks finished in; NaN when no step ran. */
    public double mean() {
        List<Double> all = losses.value();
        double[] v = new double[all.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = all.get(i);
        }
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }
}
