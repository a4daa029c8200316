package org.guidedmixup.train.master;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.guidedmixup.model.TrainableNetwork;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.linalg.dataset.DataSet;

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

    private SparkTrainer(SparkDl4jMultiLayer layers, SparkComputationGraph graph) {
        this.layers = layers;
        this.graph = graph;
    }

    /** {@code net} on Spark under {@code master}, reporting each step to {@code listener}. */
    public static SparkTrainer of(JavaSparkContext sc, TrainableNetwork net, TrainingMaster<?, ?> master,
                                  TrainingListener listener) {
        if (net.model() instanceof MultiLayerNetwork m) {
            SparkDl4jMultiLayer s = new SparkDl4jMultiLayer(sc, m, master);
            s.setListeners(List.of(listener));
            return new SparkTrainer(s, null);
        }
        SparkComputationGraph s = new SparkComputationGraph(sc, (ComputationGraph) net.model(), master);
        s.setListeners(List.of(listener));
        return new SparkTrainer(null, s);
    }

    public void fit(JavaRDD<DataSet> data) {
        if (layers != null) {
            layers.fit(data);
        } else {
            graph.fit(data);
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
