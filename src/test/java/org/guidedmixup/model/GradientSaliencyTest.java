package org.guidedmixup.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.guidedmixup.core.ImageBatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guided-AP saliency against a finite-difference estimate of the input gradient of a tiny network. */
class GradientSaliencyTest {
    static final int M = 3;
    static final int C = 3;
    static final int H = 5;
    static final int W = 4;
    static final int K = 3;

    private static MultiLayerNetwork tiny() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(ModelKind.loss(K)).nOut(K).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(H, W, C))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    @Test
    void apSaliencyIsTheRootMeanSquareOverChannelsOfTheInputGradient() {
        MultiLayerNetwork net = tiny();
        SplittableRandom rng = new SplittableRandom(5);
        float[] px = new float[M * C * H * W];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) rng.nextDouble();
        }
        int[] labels = {0, 2, 1};
        ImageBatch batch = new ImageBatch(M, C, H, W, px, labels, new long[] {10, 11, 12});
        double[] sal = new double[M * H * W];
        new GradientSaliency(TrainableNetwork.of(net), K).detect(batch, sal);

        // Finite differences of the batch-mean cross-entropy, one input value at a time.
        INDArray x = Nd4j.create(px, new long[] {M, C, H, W}, DataType.FLOAT).castTo(DataType.DOUBLE);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, M, K);
        for (int i = 0; i < M; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        double h = 1e-5;
        double maxSal = 0;
        for (double s : sal) {
            maxSal = Math.max(maxSal, s);
        }
        assertTrue(maxSal > 0, "saliency is not all zero");
        for (int i = 0; i < M; i++) {
            for (int p = 0; p < H * W; p++) {
                double acc = 0;
                for (int c = 0; c < C; c++) {
                    long[] at = {i, c, p / W, p % W};
                    double v = x.getDouble(at);
                    x.putScalar(at, v + h);
                    double up = net.score(new DataSet(x, y));
                    x.putScalar(at, v - h);
                    double down = net.score(new DataSet(x, y));
                    x.putScalar(at, v);
                    double g = (up - down) / (2 * h);
                    acc += g * g;
                }
                double fd = Math.sqrt(acc / C);
                assertEquals(fd, sal[i * H * W + p], 1e-4 * maxSal + 1e-7, "image " + i + " pixel " + p);
            }
        }
    }

    @Test
    void graphModelsAreRefusedWithAReason() {
        TrainableNetwork resnet = ModelKind.RESNET.build(new org.guidedmixup.io.ImageSpec(3, 8, 8, false, 1 << 20), 4,
                0.01, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradientSaliency(resnet, 4));
        assertTrue(e.getMessage().contains("MultiLayerNetwork"), e.getMessage());
    }
}
