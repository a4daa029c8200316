package org.guidedmixup.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cross-entropy on probability targets: DL4J's {@code LossMCXENT} accepts soft labels (score and
 * gradient are those of -sum y log p), and the unit-weighted variant the models use turns a target
 * scaled by w into exactly w times that example's loss (how the clean-batch weight is carried).
 */
class SoftTargetLossTest {
    private static MultiLayerNetwork net(LossMCXENT loss) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new OutputLayer.Builder(loss).nIn(4).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    private static final double[][] X = {{0.3, -1.2, 0.5, 2.0}, {1.0, 0.1, -0.4, 0.2}};
    private static final double[][] SOFT = {{0.7, 0.3, 0.0}, {0.0, 0.45, 0.55}};

    @Test
    void softTargetsGiveTheCrossEntropyOfTheMixture() {
        MultiLayerNetwork n = net(new LossMCXENT());
        INDArray x = Nd4j.create(X);
        INDArray p = n.output(x);
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                expected -= SOFT[i][c] * Math.log(p.getDouble(i, c));
            }
        }
        expected /= 2;
        assertEquals(expected, n.score(new DataSet(x, Nd4j.create(SOFT))), 1e-9);
    }

    @Test
    void softTargetGradientMatchesFiniteDifferences() {
        MultiLayerNetwork n = net(ModelKind.loss(3));
        INDArray x = Nd4j.create(X);
        INDArray y = Nd4j.create(SOFT);
        n.setInput(x);
        n.setLabels(y);
        n.computeGradientAndScore();
        INDArray analytic = n.gradient().gradient().dup();
        INDArray params = n.params();
        double h = 1e-6;
        // DL4J's gradient is of the summed loss (the updater divides by the batch size); score is the mean.
        int batch = 2;
        for (int k = 0; k < params.length(); k++) {
            double v = params.getDouble(k);
            params.putScalar(k, v + h);
            double up = n.score(new DataSet(x, y));
            params.putScalar(k, v - h);
            double down = n.score(new DataSet(x, y));
            params.putScalar(k, v);
            assertEquals(batch * (up - down) / (2 * h), analytic.getDouble(k), 1e-6, "parameter " + k);
        }
    }

    @Test
    void scaledTargetsWeightTheExampleLossAndGradient() {
        MultiLayerNetwork plain = net(ModelKind.loss(3));
        INDArray x = Nd4j.create(X);
        INDArray once = Nd4j.create(SOFT);
        INDArray weighted = once.dup();
        weighted.getRow(1).muli(3.0);
        // Example 1 weighted by 3 == the mean loss over {ex0, ex1, ex1, ex1} scaled by 4/2.
        INDArray x4 = Nd4j.vstack(x.getRow(0, true), x.getRow(1, true), x.getRow(1, true), x.getRow(1, true));
        INDArray y4 = Nd4j.vstack(once.getRow(0, true), once.getRow(1, true), once.getRow(1, true), once.getRow(1, true));
        double expected = plain.score(new DataSet(x4, y4)) * 4 / 2;
        assertEquals(expected, plain.score(new DataSet(x, weighted)), 1e-9);
        plain.setInput(x);
        plain.setLabels(weighted);
        plain.computeGradientAndScore();
        INDArray g = plain.gradient().gradient().dup();
        plain.setInput(x4);
        plain.setLabels(y4);
        plain.computeGradientAndScore();
        INDArray g4 = plain.gradient().gradient().dup();
        for (int k = 0; k < g.length(); k++) {
            assertEquals(g4.getDouble(k), g.getDouble(k), 1e-9, "gradient " + k);
        }
    }
}
