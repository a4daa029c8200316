package org.guidedmixup.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.guidedmixup.examples.PreProcessorExample;
import org.guidedmixup.testing.FashionSample;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuidedMixupPreProcessorTest {

    @Test
    void mixesABatchIntoSoftLabelsThatSumToOne() {
        DataSet ds = FashionSample.iterator(32, 32).next();
        float[] before = ds.getFeatures().dup().data().asFloat();
        new GuidedMixupPreProcessor(10).setMixProb(1.0).setSeed(3).preProcess(ds);
        assertArrayEquals(new long[] {32, 1, 28, 28}, ds.getFeatures().shape());
        assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(ds.getFeatures().data().asFloat()));
        float[] labels = ds.getLabels().data().asFloat();
        int soft = 0;
        for (int i = 0; i < 32; i++) {
            double sum = 0;
            int nonZero = 0;
            for (int k = 0; k < 10; k++) {
                sum += labels[i * 10 + k];
                nonZero += labels[i * 10 + k] > 0 ? 1 : 0;
            }
            assertEquals(1.0, sum, 1e-5);
            soft += nonZero > 1 ? 1 : 0;
        }
        assertTrue(soft > 0, "some labels are mixtures of two classes");
        float[] px = ds.getFeatures().data().asFloat();
        for (float v : px) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void cropsAndFlipsBeforeTheMixupAsTheTransformDrawsThem() {
        // mix-prob 0: the output is the transform alone, which must be the crop and flip drawn for (seed, 0, image j).
        DataSet ds = FashionSample.iterator(16, 16).next();
        float[] before = ds.getFeatures().dup().data().asFloat();
        GuidedMixupPreProcessor p = new GuidedMixupPreProcessor(10).setMixProb(0).setSeed(9).setCrop("random:24,pad=2").setFlip(0.5);
        p.preProcess(ds);
        assertArrayEquals(new long[] {16, 1, 24, 24}, ds.getFeatures().shape());
        float[] after = ds.getFeatures().data().asFloat();
        org.guidedmixup.transform.BaseTransform t = new org.guidedmixup.transform.BaseTransform(
                org.guidedmixup.transform.CropSpec.parse("random:24,pad=2"), 0.5);
        org.guidedmixup.transform.PillowResample r = new org.guidedmixup.transform.PillowResample();
        int flipped = 0;
        for (int i = 0; i < 16; i++) {
            byte[] src = new byte[784];
            for (int q = 0; q < 784; q++) {
                src[q] = (byte) Math.round(before[i * 784 + q] * 255f);
            }
            org.guidedmixup.transform.Draw d = t.draw(9, 0, i, 28, 28);
            flipped += d.flipped() ? 1 : 0;
            byte[] want = new byte[576];
            org.guidedmixup.transform.BaseTransform.apply(d, src, 1, r, want);
            for (int q = 0; q < 576; q++) {
                assertEquals((want[q] & 0xff) / 255f, after[i * 576 + q], "image " + i + " value " + q);
            }
        }
        assertTrue(flipped > 0 && flipped < 16, "some images flipped, some not: " + flipped);
        // The next batch continues the image count: image 16 onwards, not a repeat of the first draws.
        DataSet next = FashionSample.iterator(16, 16).next();
        p.preProcess(next);
        assertNotEquals(java.util.Arrays.toString(after), java.util.Arrays.toString(next.getFeatures().data().asFloat()));
        assertEquals("random:24,pad=2", p.getCrop());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GuidedMixupPreProcessor(10).setCrop("random:40").preProcess(FashionSample.iterator(4, 4).next()));
        assertTrue(e.getMessage().contains("smaller than the crop 40"), e.getMessage());
    }

    @Test
    void sameSeedSameBatches() {
        DataSet a = FashionSample.iterator(16, 16).next();
        DataSet b = FashionSample.iterator(16, 16).next();
        new GuidedMixupPreProcessor(10).setMixProb(1.0).setSeed(5).preProcess(a);
        new GuidedMixupPreProcessor(10).setMixProb(1.0).setSeed(5).preProcess(b);
        assertEquals(a.getFeatures(), b.getFeatures());
        assertEquals(a.getLabels(), b.getLabels());
    }

    @Test
    void mixProbZeroPassesBatchesThroughClean() {
        DataSet ds = FashionSample.iterator(16, 16).next();
        DataSet copy = ds.copy();
        new GuidedMixupPreProcessor(10).setMixProb(0).preProcess(ds);
        assertEquals(copy.getFeatures(), ds.getFeatures());
        assertEquals(copy.getLabels(), ds.getLabels());
    }

    @Test
    void refusesWhatItCannotMixWithOneClearMessage() {
        GuidedMixupPreProcessor p = new GuidedMixupPreProcessor(10);
        DataSet flat = new DataSet(Nd4j.rand(4, 784), Nd4j.eye(10).getRows(0, 1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.preProcess(flat));
        assertTrue(e.getMessage().contains("N x C x H x W"), e.getMessage());
        DataSet bytes = new DataSet(Nd4j.rand(4, 1, 8, 8).muli(255), Nd4j.eye(10).getRows(0, 1, 2, 3));
        e = assertThrows(IllegalArgumentException.class, () -> p.preProcess(bytes));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        DataSet wrongK = new DataSet(Nd4j.rand(4, 1, 8, 8), Nd4j.eye(5).getRows(0, 1, 2, 3));
        e = assertThrows(IllegalArgumentException.class, () -> p.preProcess(wrongK));
        assertTrue(e.getMessage().contains("labels N x 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GuidedMixupPreProcessor(1));
        e = assertThrows(IllegalArgumentException.class, () -> p.setPairing("nearest"));
        assertTrue(e.getMessage().contains("greedy"), e.getMessage());
    }

    /**
     * The README's example: a user's LeNet fitted through the pre-processor. Its loss on clean
     * held-out images falls well below the untrained network's (ln 10 = 2.30 for 10 classes).
     */
    @Test
    void readmeExampleTrainsAModelWhoseLossFalls() {
        DataSetIterator data = FashionSample.iterator(1024, 32);
        MultiLayerNetwork net = PreProcessorExample.train(data, 10, 3);
        DataSetIterator all = FashionSample.iterator(2000, 976);
        all.next();
        all.next();
        DataSet heldOut = all.next();
        assertEquals(48, heldOut.numExamples());
        MultiLayerNetwork untrained = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
        untrained.init();
        double before = untrained.score(heldOut);
        double after = net.score(heldOut);
        assertTrue(after < 0.6 * before, "held-out loss fell from " + before + " to " + after);
        assertEquals(96, net.getIterationCount());
    }

    /** Under ParallelWrapper (2 workers on one machine) the pre-processed iterator trains too. */
    @Test
    void trainsUnderParallelWrapper() throws Exception {
        DataSetIterator data = FashionSample.iterator(1024, 32);
        data.setPreProcessor(new GuidedMixupPreProcessor(10).setSeed(9));
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(9).updater(new org.nd4j.linalg.learning.config.Adam(1e-3)).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(5, 5).nOut(8)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(28, 28, 1)).build());
        net.init();
        DataSetIterator all = FashionSample.iterator(2000, 976);
        all.next();
        all.next();
        DataSet heldOut = all.next();
        double before = net.score(heldOut);
        try (org.deeplearning4j.parallelism.ParallelWrapper wrapper = new org.deeplearning4j.parallelism.ParallelWrapper.Builder<>(net)
                .workers(2).prefetchBuffer(4).averagingFrequency(3).build()) {
            for (int e = 0; e < 3; e++) {
                data.reset();
                wrapper.fit(data);
            }
        }
        double after = net.score(heldOut);
        assertTrue(after < 0.7 * before, "held-out loss fell from " + before + " to " + after);
    }

    @Test
    void defaultsAreTheCliAndTransformersAndEverySetterHasAGetter() {
        GuidedMixupPreProcessor p = new GuidedMixupPreProcessor(10);
        assertEquals(org.guidedmixup.core.MixupConfig.DEFAULT_MIX_PROB, p.getMixProb());
        assertEquals(new org.guidedmixup.ml.GuidedMixup().getMixProb(), p.getMixProb(), "the transformer's default");
        assertEquals(com.typesafe.config.ConfigFactory.parseResources("augment.conf").getDouble("augment.mix-prob"), p.getMixProb(),
                "conf/augment.conf's default");
        p.setAlpha(0.4).setLabelSmoothing(0.1);
        assertEquals(0.4, p.getAlpha());
        assertEquals(0.1, p.getLabelSmoothing());
    }
}
