package org.guidedmixup.examples;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.guidedmixup.dl4j.GuidedMixupData;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * README "Use it from your code", door 2: GuidedMixup DataSets fitted by the user's own
 * SparkDl4jMultiLayer and training master. {@code GuidedMixupDataTest} runs it.
 */
public final class SparkTrainingExample {
    private SparkTrainingExample() {
    }

    // README: begin spark-dl4j
    public static MultiLayerNetwork train(JavaSparkContext sc, String shards, int epochs) {
        GuidedMixupData data = GuidedMixupData.fromShards(sc, shards);   // or GuidedMixupData.online(sc, input, settings)

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).updater(new Adam(1e-3)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(data.numClasses())
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(data.height(), data.width(), data.channels()))
                .build();
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(data.batchSize())
                .batchSizePerWorker(data.batchSize()).averagingFrequency(5)
                .rddTrainingApproach(RDDTrainingApproach.Direct).build();
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, conf, master);
        for (int e = 0; e < epochs; e++) {
            spark.fit(data.epoch(e));   // epoch e = round e mod R of the shards
            System.out.printf("epoch %d: loss %.4f%n", e, spark.getScore());
        }
        return spark.getNetwork();
    }
    // README: end spark-dl4j
}
