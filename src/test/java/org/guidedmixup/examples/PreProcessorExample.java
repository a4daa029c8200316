package org.guidedmixup.examples;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.guidedmixup.dl4j.GuidedMixupPreProcessor;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * README "Use it from your code", door 3a: GuidedMixup as the pre-processor of any DataSetIterator
 * (here a user's own LeNet). {@code PreProcessorExampleTest} runs it.
 */
public final class PreProcessorExample {
    private PreProcessorExample() {
    }

    // README: begin preprocessor
    public static MultiLayerNetwork train(DataSetIterator train, int numClasses, int epochs) {
        // Features N x C x H x W in [0, 1], one-hot labels: every batch is mixed by saliency, labels become soft.
        train.setPreProcessor(new GuidedMixupPreProcessor(numClasses).setMixProb(1.0).setSeed(7));

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                // MCXENT takes soft labels (probability vectors) as targets.
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(numClasses)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.setListeners(new ScoreIterationListener(20));
        net.fit(train, epochs);
        return net;
    }
    // README: end preprocessor
}
