package org.guidedmixup.model;

import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.SaliencyDetector;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient saliency ("Guided-AP", Simonyan et al. 2013, as GuidedMixup's reference computes it):
 * forward the clean batch, cross-entropy against the hard labels averaged over the batch, backward to
 * the input; {@code s = sqrt(mean over channels of (dL/dx)^2)}. The model sees the pixels as they
 * are in the batch ([0, 1]), exactly what training feeds it.
 *
 * <p>Implements the core's {@link SaliencyDetector}, so the core stays free of DL4J. Not
 * thread-safe: one per partition (the network keeps activations).
 */
public final class GradientSaliency implements SaliencyDetector {
    private final TrainableNetwork net;
    private final int numClasses;

    public GradientSaliency(TrainableNetwork net, int numClasses) {
        if (!net.hasInputGradients()) {
            throw new IllegalArgumentException("saliency 'ap' needs input gradients, which DL4J 1.0.0-M2.1 exposes"
                    + " for MultiLayerNetwork models only (this is a " + net.kind() + "); use --model lenet or --saliency sr");
        }
        this.net = net;
        this.numClasses = numClasses;
    }

    @Override
    public void detect(ImageBatch batch, double[] out) {
        int m = batch.size();
        int c = batch.channels();
        int h = batch.height();
        int w = batch.width();
        int hw = h * w;
        int len = c * hw;
        float[] px = batch.pixels();
        float[] x = px.length == (long) m * len ? px : java.util.Arrays.copyOf(px, m * len);
        INDArray features = Nd4j.create(x, new long[] {m, c, h, w}, DataType.FLOAT);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, m, numClasses);
        for (int i = 0; i < m; i++) {
            labels.putScalar(i, batch.label(i), 1f);
        }
        // DL4J returns the gradient of the summed loss; the reference differentiates the batch mean.
        INDArray grad = net.inputGradient(features, labels).div(m);
        float[] g = grad.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < m; i++) {
            int base = i * len;
            for (int p = 0; p < hw; p++) {
                double acc = 0;
                for (int ch = 0; ch < c; ch++) {
                    double v = g[base + ch * hw + p];
                    acc += v * v;
                }
                out[i * hw + p] = Math.sqrt(acc / c);
            }
        }
    }

    @Override
    public String name() {
        return "ap";
    }
}
