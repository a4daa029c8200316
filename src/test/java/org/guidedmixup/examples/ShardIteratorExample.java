package org.guidedmixup.examples;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.guidedmixup.dl4j.ShardDataSetIterator;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * README "Use it from your code", door 3b: an augment run's shards as a DataSetIterator on one
 * machine, without Spark. {@code ShardDataSetIteratorTest} runs it on a class path without Spark.
 */
public final class ShardIteratorExample {
    private ShardIteratorExample() {
    }

    // README: begin shard-iterator
    public static MultiLayerNetwork train(String shards, int epochs) {
        try (ShardDataSetIterator data = new ShardDataSetIterator(shards)) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(7).updater(new Adam(1e-3)).list()
                    .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                    .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(data.totalOutcomes())
                            .activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(28, 28, 1))
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            for (int e = 0; e < epochs; e++) {
                data.setEpoch(e);   // round e mod R of the run
                net.fit(data);
                System.out.printf("epoch %d (round %d): loss %.4f%n", e, data.round(), net.score());
            }
            return net;
        }
    }
    // README: end shard-iterator

    /** Runs the example on a class path without Spark: {@code ShardIteratorExample OUTPUT EPOCHS}. */
    public static void main(String[] args) {
        MultiLayerNetwork net = train(args[0], Integer.parseInt(args[1]));
        System.out.println("iterations " + net.getIterationCount());
    }
}
