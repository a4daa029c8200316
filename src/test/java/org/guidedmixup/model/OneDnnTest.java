package org.guidedmixup.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.guidedmixup.io.ImageSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * oneDNN engages when switched on (ND4J's onednn natives plus the bridge class DL4J M2.1 looks for),
 * stays off when switched off, and computes the same training step as DL4J's own kernels.
 */
class OneDnnTest {
    private static final ImageSpec MNIST = new ImageSpec(1, 28, 28, false, Long.MAX_VALUE);

    @AfterEach
    void restore() {
        OneDnn.use(true);
    }

    private static TrainableNetwork lenet(boolean onednn) {
        OneDnn.use(onednn);
        return ModelKind.LENET.build(MNIST, 10, 0.02, 5e-4, 7);
    }

    @Test
    void convolutionAndPoolingRunInOneDnnWhenOn() {
        TrainableNetwork on = lenet(true);
        assertEquals("onednn", OneDnn.engine(on.model()));
        // conv, pool, conv, pool: the layers oneDNN has helpers for (dense and output use BLAS)
        assertEquals(4, OneDnn.helpedLayers(on.model()));
        TrainableNetwork off = lenet(false);
        assertEquals("dl4j", OneDnn.engine(off.model()));
        assertEquals(0, OneDnn.helpedLayers(off.model()));
    }

    @Test
    void theBridgeLivesOnlyInItsOwnLoaderNotInNd4jsPackage() throws Exception {
        OneDnn.use(true);
        ClassLoader app = OneDnnTest.class.getClassLoader();
        assertNull(app.getResource("org/nd4j/nativeblas/Nd4jCpu$Environment.class"),
                "no class of this project in org.nd4j on the class path");
        Class<?> bridge = org.deeplearning4j.config.DL4JClassLoading.loadClassByName(OneDnnBridge.OLD_NAME);
        assertTrue(bridge.getClassLoader() instanceof OneDnnBridge.Loader);
        Object env = bridge.getMethod("getInstance").invoke(null);
        assertEquals(org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN(),
                bridge.getMethod("isUseMKLDNN").invoke(env));
        OneDnn.use(true);
        assertSame(bridge, org.deeplearning4j.config.DL4JClassLoading.loadClassByName(OneDnnBridge.OLD_NAME),
                "installed once");
    }

    @Test
    void aTrainingStepMatchesDl4jsOwnKernels() {
        MultiLayerNetwork a = (MultiLayerNetwork) lenet(true).model();
        MultiLayerNetwork b = (MultiLayerNetwork) lenet(false).model();
        assertEquals(a.params(), b.params(), "same initial parameters");
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        DataSet d = new DataSet(x, y);
        INDArray outA = a.output(x);
        INDArray outB = b.output(x);
        assertTrue(outA.equalsWithEps(outB, 1e-5), "forward pass: max diff " + outA.sub(outB).amaxNumber());
        for (int step = 0; step < 3; step++) {
            a.fit(d);
            b.fit(d);
        }
        double diff = a.params().sub(b.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "parameters after 3 steps differ by " + diff);
        assertEquals(a.score(), b.score(), 1e-4);
    }
}
