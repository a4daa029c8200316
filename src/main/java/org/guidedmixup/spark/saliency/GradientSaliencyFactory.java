package org.guidedmixup.spark.saliency;

import org.apache.spark.broadcast.Broadcast;
import org.guidedmixup.core.SaliencyDetector;
import org.guidedmixup.model.GradientSaliency;
import org.guidedmixup.model.TrainableNetwork;

/**
 * Gradient saliency on executors: the model travels once per executor as a Spark broadcast of its
 * ModelSerializer zip and is restored once per task thread (a network keeps activations, so
 * threads do not share one). Online training broadcasts the model of the current epoch at the epoch's start, so within
 * an epoch the saliency comes from that snapshot, not from the live model the reference uses.
 */
public final class GradientSaliencyFactory implements SaliencyFactory {
    private static final long serialVersionUID = 1L;
    private final Broadcast<byte[]> model;
    private final int numClasses;
    private transient TrainableNetwork driverCopy;

    public GradientSaliencyFactory(Broadcast<byte[]> model, int numClasses) {
        this.model = model;
        this.numClasses = numClasses;
    }

    /** The restored model of the last broadcast each task thread used: restored once, not per partition. */
    private static final ThreadLocal<Object[]> RESTORED = new ThreadLocal<>();

    @Override
    public SaliencyDetector create() {
        Object[] cached = RESTORED.get();
        if (cached == null || (long) cached[0] != model.id()) {
            cached = new Object[] {model.id(), TrainableNetwork.fromBytes(model.value(), "broadcast model")};
            RESTORED.set(cached);
        }
        return new GradientSaliency((TrainableNetwork) cached[1], numClasses);
    }

    /** For the offline job: the model a train run wrote, its class count from its output layer. */
    public static GradientSaliencyFactory fromModel(org.apache.spark.api.java.JavaSparkContext jsc, java.nio.file.Path file) {
        TrainableNetwork net = TrainableNetwork.load(file);
        if (!net.hasInputGradients()) {
            throw new org.guidedmixup.io.InputException("model " + file + " is a " + net.kind() + "; saliency 'ap' needs"
                    + " input gradients, which DL4J 1.0.0-M2.1 exposes for MultiLayerNetwork models only (e.g. --model lenet)");
        }
        GradientSaliencyFactory f = new GradientSaliencyFactory(jsc.broadcast(net.toBytes()), (int) net.numOutputs());
        f.driverCopy = net;
        return f;
    }

    @Override
    public void checkFits(org.guidedmixup.io.ImageSpec spec, int classes) {
        if (driverCopy != null) {
            driverCopy.requireFits(spec, classes, "the input");
        }
    }

    @Override
    public String name() {
        return "ap";
    }

    /** Frees the broadcast on the executors once its epoch is done. */
    public void release() {
        model.destroy();
    }
}
