package org.guidedmixup.model;

import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.guidedmixup.io.ImageSpec;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The architectures {@code train --model} builds in code. Both take N x C x H x W float images in
 * [0, 1] and end in softmax with cross-entropy ({@code LossMCXENT}), which accepts soft labels
 * (probability vectors) as targets.
 */
public enum ModelKind {
    /** A LeNet-style CNN for small grey images (MNIST, Fashion-MNIST): a {@link MultiLayerNetwork}. */
    LENET,
    /**
     * A small pre-activation-free ResNet (3 stages of one basic block, 32/64/128 channels, batch
     * norm) for 32 x 32 and larger colour images: a {@link ComputationGraph}.
     */
    RESNET;

    static int LENET_C1 = Integer.getInteger("lenet.c1", 20);
    static int LENET_C2 = Integer.getInteger("lenet.c2", 50);
    static int LENET_FC = Integer.getInteger("lenet.fc", 500);

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** SGD with Nesterov momentum 0.9 and L2 weight decay, as the reference trains. */
    public TrainableNetwork build(ImageSpec spec, int classes, double lr, double weightDecay, long seed) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .updater(new Nesterovs(lr, 0.9))
                .weightDecay(weightDecay)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same);
        InputType input = InputType.convolutional(spec.height(), spec.width(), spec.channels());
        if (this == LENET) {
            // Classic LeNet geometry (valid convolutions): 28x28 -> 24 -> 12 -> 8 -> 4, 431k parameters.
            MultiLayerConfiguration conf = base.convolutionMode(ConvolutionMode.Truncate).list()
                    .layer(new ConvolutionLayer.Builder(5, 5).nOut(LENET_C1).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new ConvolutionLayer.Builder(5, 5).nOut(LENET_C2).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new DenseLayer.Builder().nOut(LENET_FC).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(loss(classes)).nOut(classes)
                            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                    .setInputType(input)
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            return TrainableNetwork.of(net);
        }
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder()
                .addInputs("in")
                .setInputTypes(input)
                .addLayer("stem", conv(3, 32, 1), "in")
                .addLayer("stem_bn", new BatchNormalization.Builder().build(), "stem")
                .addLayer("stem_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "stem_bn");
        String last = "stem_relu";
        int[] widths = {32, 64, 128};
        for (int s = 0; s < widths.length; s++) {
            last = basicBlock(g, "s" + s, last, widths[s], s == 0 ? 1 : 2, s != 0);
        }
        g.addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last)
                .addLayer("out", new OutputLayer.Builder(loss(classes)).nOut(classes)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), "pool")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return TrainableNetwork.of(net);
    }

    /**
     * Cross-entropy on probability targets with unit class weights: the same loss and gradient as
     * plain MCXENT for targets that sum to 1, and exact (gradient {@code p * sum(y) - y}) for targets
     * scaled by a per-example weight, which the clean-batch term of Guided-AP uses.
     */
    static LossMCXENT loss(int classes) {
        return new LossMCXENT(Nd4j.ones(DataType.FLOAT, classes));
    }

    private static ConvolutionLayer conv(int k, int out, int stride) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(out).hasBias(false)
                .activation(Activation.IDENTITY).build();
    }

    /** conv-bn-relu-conv-bn, plus the input (through a 1x1 conv when the shape changes), then relu. */
    private static String basicBlock(ComputationGraphConfiguration.GraphBuilder g, String name, String in, int width,
                                     int stride, boolean project) {
        g.addLayer(name + "_c1", conv(3, width, stride), in)
                .addLayer(name + "_b1", new BatchNormalization.Builder().build(), name + "_c1")
                .addLayer(name + "_r1", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_b1")
                .addLayer(name + "_c2", conv(3, width, 1), name + "_r1")
                .addLayer(name + "_b2", new BatchNormalization.Builder().build(), name + "_c2");
        String shortcut = in;
        if (project) {
            g.addLayer(name + "_proj", conv(1, width, stride), in)
                    .addLayer(name + "_projbn", new BatchNormalization.Builder().build(), name + "_proj");
            shortcut = name + "_projbn";
        }
        g.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), name + "_b2", shortcut)
                .addLayer(name + "_out", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_add");
        return name + "_out";
    }
}
