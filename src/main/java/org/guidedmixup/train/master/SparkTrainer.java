package org.guidedmixup.train.master;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.guidedmixup.model.TrainableNetwork;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

/**
 * A network on dl4j-spark, whichever kind it is: fit an epoch, evaluate, take the trained network
 * back. dl4j-spark has one wrapper per network kind ({@link SparkDl4jMultiLayer},
 * {@link SparkComputationGraph}) with the same calls under different signatures; this is the one
 * adapter over both.
 */
public final class SparkTrainer {
    private final SparkDl4jMultiLayer layers;
    private final SparkComputationGraph graph;
    private final boolean sharing;
    private final StepCounter steps;
    private final StallWatchdog watchdog;

    private SparkTrainer(SparkDl4jMultiLayer layers, SparkComputationGraph graph, TrainingMaster<?, ?> master,
                         StepCounter steps, StallWatchdog watchdog) {
        this.layers = layers;
        this.graph = graph;
        this.sharing = master instanceof SharedTrainingMaster;
        this.steps = steps;
        this.watchdog = watchdog;
    }

    /**
     * {@code net} on Spark under {@code master}, reporting each step to {@code listeners} (and to the
     * watchdog's step counter); every fit runs under {@code watchdog}.
     */
    public static SparkTrainer of(JavaSparkContext sc, TrainableNetwork net, TrainingMaster<?, ?> master,
                                  StallWatchdog watchdog, TrainingListener... listeners) {
        if (net.model() instanceof MultiLayerNetwork m) {
            return over(new SparkDl4jMultiLayer(sc, m, master), watchdog, listeners);
        }
        return over(new SparkComputationGraph(sc, (ComputationGraph) net.model(), master), watchdog, listeners);
    }

    /**
     * A user's {@code net} under {@code watchdog}. dl4j-spark has no call that adds a listener, so
     * this sets the net's listeners to {@code listeners} plus the watchdog's step counter.
     */
    public static SparkTrainer over(SparkDl4jMultiLayer net, StallWatchdog watchdog, TrainingListener... listeners) {
        StepCounter steps = listen(net.getSparkContext(), listeners, net::setListeners);
        return new SparkTrainer(net, null, net.getTrainingMaster(), steps, watchdog);
    }

    /** As {@link #over(SparkDl4jMultiLayer, StallWatchdog, TrainingListener...)}, for a ComputationGraph. */
    public static SparkTrainer over(SparkComputationGraph net, StallWatchdog watchdog, TrainingListener... listeners) {
        StepCounter steps = listen(net.getSparkContext(), listeners, net::setListeners);
        return new SparkTrainer(null, net, net.getTrainingMaster(), steps, watchdog);
    }

    private static StepCounter listen(JavaSparkContext sc, TrainingListener[] listeners,
                                      java.util.function.Consumer<List<TrainingListener>> set) {
        StepCounter steps = new StepCounter(sc.sc());
        List<TrainingListener> all = new ArrayList<>(List.of(listeners));
        all.add(steps);
        set.accept(all);
        return steps;
    }

    /** What this trainer's master is called in messages. */
    public String masterName() {
        return sharing ? "gradient sharing" : "parameter averaging";
    }

    /**
     * Fits {@code data} (persisted by the caller) under the watchdog; gradient sharing reads it through
     * {@link SharedFitGuard}, and its transport is ended afterwards ({@link SharedTransport}).
     *
     * @param where  where in the run, for a stall's message ("epoch 3")
     * @param advice what to do after a stall, for its message
     * @throws TrainingStalledException when no step finished for the watchdog's timeout
     */
    public void fit(JavaRDD<DataSet> data, String where, String advice) {
        JavaRDD<DataSet> fed = sharing ? data.mapPartitions(new SharedFitGuard(), true) : data;
        try {
            watchdog.run(masterName(), where, advice, steps, () -> {
                if (layers != null) {
                    layers.fit(fed);
                } else {
                    graph.fit(fed);
                }
            });
        } finally {
            if (sharing) {
                SharedTransport.release();
            }
        }
    }

    public <T extends IEvaluation> T evaluate(JavaRDD<DataSet> data, T evaluation, int batchSize) {
        return layers != null ? layers.doEvaluation(data, evaluation, batchSize) : graph.doEvaluation(data, batchSize, evaluation)[0];
    }

    /** The trained network (parameters as of the last fit). */
    public TrainableNetwork network() {
        return layers != null ? TrainableNetwork.of(layers.getNetwork()) : TrainableNetwork.of(graph.getNetwork());
    }
}
