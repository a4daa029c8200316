package org.guidedmixup.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.io.ImageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZooArchitectureTest {
    private static final ImageSpec RGB224 = new ImageSpec(3, 224, 224, true, Long.MAX_VALUE);

    @org.junit.jupiter.api.BeforeAll
    static void onednn() {
        OneDnn.use(true);   // as train runs them
    }

    /** Every zoo architecture builds for 224 x 224 colour images and 7 classes, and maps a batch to 7 probabilities. */
    @ParameterizedTest
    @EnumSource(ZooArchitecture.class)
    void buildsFor224PixelColourImages(ZooArchitecture zoo) {
        ImageSpec spec = zoo == ZooArchitecture.LENET
                ? new ImageSpec(1, 28, 28, false, Long.MAX_VALUE) : RGB224;
        TrainableNetwork net = zoo.build(spec, 7, 0.01, 5e-4, 1);
        assertEquals(zoo.multiLayer(), net.model() instanceof MultiLayerNetwork, zoo + " kind");
        assertEquals(zoo.multiLayer(), net.hasInputGradients(), zoo + " input gradients");
        assertEquals(zoo.multiLayer(), new ModelChoice(null, zoo).hasInputGradients());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, spec.channels(), spec.height(), spec.width());
        INDArray y = net.output(x);
        assertArrayEquals(new long[] {2, 7}, y.shape(), zoo + " output");
        assertEquals(2.0, y.sumNumber().doubleValue(), 1e-3, zoo + " softmax rows sum to 1");
        assertTrue(net.model().numParams() > 0);
        org.deeplearning4j.nn.api.Layer last = net.model() instanceof MultiLayerNetwork m ? m.getOutputLayer()
                : ((org.deeplearning4j.nn.graph.ComputationGraph) net.model()).getOutputLayer(0);
        assertTrue(last instanceof org.deeplearning4j.nn.api.layers.IOutputLayer, zoo + " ends in a loss layer: " + last);
        // One SGD step on soft labels (a 70/30 mix of two classes): the loss is finite. Left out for the
        // three largest (20-30 s each on 2 cores); their output layers are checked above.
        if (zoo == ZooArchitecture.VGG16 || zoo == ZooArchitecture.VGG19 || zoo == ZooArchitecture.XCEPTION) {
            return;
        }
        INDArray soft = Nd4j.zeros(DataType.FLOAT, 2, 7);
        soft.putScalar(0, 0, 0.7).putScalar(0, 3, 0.3).putScalar(1, 6, 0.4).putScalar(1, 2, 0.6);
        org.nd4j.linalg.dataset.DataSet step = new org.nd4j.linalg.dataset.DataSet(x, soft);
        if (net.model() instanceof MultiLayerNetwork m) {
            m.fit(step);
        } else {
            ((org.deeplearning4j.nn.graph.ComputationGraph) net.model()).fit(step);
        }
        assertTrue(Double.isFinite(net.model().score()), zoo + " loss after one step: " + net.model().score());
        System.out.printf("zoo:%-10s %-17s %,12d parameters%n", zoo.id(), net.kind(), net.model().numParams());
    }

    @Test
    void namesAndRefusals() {
        assertEquals("zoo:resnet50", ModelChoice.parse("zoo:ResNet50").id());
        assertEquals("lenet", ModelChoice.parse("lenet").id());
        ConfigError e = assertThrows(ConfigError.class, () -> ModelChoice.parse("zoo:inception"));
        assertTrue(e.getMessage().contains("resnet50, squeezenet"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> ModelChoice.parse("alexnet"));
        assertTrue(e.getMessage().contains("zoo:NAME"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> ZooArchitecture.RESNET50.build(new ImageSpec(1, 8, 8, false, 1), 10, 0.1, 0, 1));
        assertTrue(e.getMessage().contains("--resize 224x224"), e.getMessage());
    }
}
