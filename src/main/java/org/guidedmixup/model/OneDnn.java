package org.guidedmixup.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Switches DL4J's oneDNN layer helpers on or off for the layers this JVM creates from now on.
 *
 * <p>DL4J 1.0.0-M2.1 creates no layer helper unless the system property
 * {@code org.eclipse.deeplearning4j.helpers.disable} is {@code false} (its default is {@code true}),
 * and its oneDNN check also needs a class that ND4J M2.1 no longer has ({@link OneDnnBridge} answers
 * for it, inside a private class loader). With both, and
 * ND4J's {@code linux-x86_64-onednn} natives (the build's default), convolutions and pooling run in
 * oneDNN: LeNet trains about 4x faster per core than through DL4J's im2col path. The property is read
 * whenever a layer is built, so it must be set in every JVM that builds networks: the driver, and the
 * executors, where dl4j-spark rebuilds the network for each fit (the training partition functions call
 * {@link #use} before their first example, and the spark-submit launchers pass the property too).
 */
public final class OneDnn {
    static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnn() {
    }

    /** On (true) or off for the networks built after this call, in this JVM. */
    public static void use(boolean on) {
        if (on) {
            OneDnnBridge.install();
        }
        System.setProperty(PROPERTY, Boolean.toString(!on));
    }

    /** A pass-through partition function that sets the switch in the executor JVM that runs it. */
    public record Switch<T>(boolean on) implements org.apache.spark.api.java.function.FlatMapFunction<java.util.Iterator<T>, T> {

        @Override
        public java.util.Iterator<T> call(java.util.Iterator<T> it) {
            use(on);
            return it;
        }
    }

    /** How many of the model's layers run through a oneDNN (or cuDNN) helper. */
    public static int helpedLayers(Model model) {
        Layer[] layers = model instanceof MultiLayerNetwork m ? m.getLayers()
                : model instanceof ComputationGraph g ? g.getLayers() : new Layer[0];
        int n = 0;
        for (Layer l : layers) {
            if (l.getHelper() != null) {
                n++;
            }
        }
        return n;
    }

    /** "onednn" when any layer of the model runs through a helper, else "dl4j" (DL4J's own kernels). */
    public static String engine(Model model) {
        return helpedLayers(model) > 0 ? "onednn" : "dl4j";
    }
}
