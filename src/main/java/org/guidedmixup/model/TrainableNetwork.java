package org.guidedmixup.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.guidedmixup.io.ErrorText;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.InputException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A DL4J network of either kind ({@link MultiLayerNetwork} or {@link ComputationGraph}) behind the few
 * operations training needs, so the training loop has one path for both.
 */
public abstract sealed class TrainableNetwork permits TrainableNetwork.Layers, TrainableNetwork.Graph {

    public static TrainableNetwork of(MultiLayerNetwork net) {
        return new Layers(net);
    }

    public static TrainableNetwork of(ComputationGraph net) {
        return new Graph(net);
    }

    public abstract Model model();

    /** "MultiLayerNetwork" or "ComputationGraph". */
    public abstract String kind();

    public abstract INDArray output(INDArray features);

    /** The size of the (first) output layer: the class count the model predicts. */
    public long numOutputs() {
        return ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) outputLayerConf()).getNOut();
    }

    /** The configuration of the (first) output layer. */
    abstract org.deeplearning4j.nn.conf.layers.Layer outputLayerConf();

    /**
     * Whether the loss is {@code LossMCXENT} with class weights, whose gradient is exact for targets
     * scaled by an example weight (what --clean-weight needs; plain MCXENT assumes targets sum to 1).
     */
    public boolean takesWeightedTargets() {
        return outputLayerConf() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o
                && o.getLossFn() instanceof org.nd4j.linalg.lossfunctions.impl.LossMCXENT l && l.getWeights() != null;
    }

    /**
     * Sets the learning rate of every layer's updater (dl4j-spark sends the configuration with it to
     * the workers at each fit).
     */
    public abstract void setLearningRate(double lr);

    /** The learning rate of the first layer with parameters, as its updater is configured now. */
    public abstract double learningRate();

    /** Whether {@link #inputGradient} is available (DL4J M2.1 exposes it for MultiLayerNetwork only). */
    public boolean hasInputGradients() {
        return false;
    }

    /** dL/dx of the network's mean loss against {@code labels}, shaped like {@code features}. */
    public INDArray inputGradient(INDArray features, INDArray labels) {
        throw new UnsupportedOperationException(kind() + " input gradients are not exposed by DL4J 1.0.0-M2.1");
    }

    public void save(OutputStream out) {
        try {
            ModelSerializer.writeModel(model(), out, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
        }
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        save(bytes);
        return bytes.toByteArray();
    }

    /** Reads a model zip written by {@link #save} (or any DL4J ModelSerializer zip). */
    public static TrainableNetwork load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("model file not found: " + file + "; pass the model.zip a 'train' run wrote");
        }
        try {
            return fromBytes(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new InputException("cannot read model " + file + ": " + e.getMessage(), e);
        }
    }

    public static TrainableNetwork fromBytes(byte[] zip, String name) {
        boolean hasConfig = false;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                hasConfig |= e.getName().equals("configuration.json");
            }
        } catch (IOException | IllegalArgumentException e) {
            hasConfig = false;
        }
        if (!hasConfig) {
            throw new InputException("model " + name + " is not a DL4J model zip (no configuration.json inside);"
                    + " pass the model.zip a 'train' run wrote");
        }
        try {
            return of(ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), true));
        } catch (Exception notLayers) {
            try {
                return of(ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), true));
            } catch (Exception e) {
                throw new InputException("model " + name + " is not a DL4J MultiLayerNetwork or ComputationGraph: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Fails with one line when the network cannot take {@code spec} images or does not output
     * {@code classes} probabilities (a dry forward pass on one blank image).
     */
    public void requireFits(ImageSpec spec, int classes, String what) {
        long out;
        try {
            INDArray blank = Nd4j.zeros(DataType.FLOAT, 1, spec.channels(), spec.height(), spec.width());
            out = output(blank).size(1);
        } catch (RuntimeException e) {
            throw new InputException(what + " has " + spec.channels() + "x" + spec.height() + "x" + spec.width()
                    + " images, which the model does not take (" + ErrorText.firstLine(e.getMessage(), "shape mismatch") + ")");
        }
        if (out != classes) {
            throw new InputException(what + " has " + classes + " classes but the model outputs " + out
                    + "; use a model trained on the same classes");
        }
    }

    static final class Layers extends TrainableNetwork {
        private final MultiLayerNetwork net;

        Layers(MultiLayerNetwork net) {
            this.net = net;
        }

        @Override
        public Model model() {
            return net;
        }

        @Override
        public String kind() {
            return "MultiLayerNetwork";
        }

        @Override
        public INDArray output(INDArray features) {
            return net.output(features, false);
        }

        @Override
        org.deeplearning4j.nn.conf.layers.Layer outputLayerConf() {
            return net.getOutputLayer().conf().getLayer();
        }

        @Override
        public boolean hasInputGradients() {
            return true;
        }

        @Override
        public void setLearningRate(double lr) {
            net.setLearningRate(lr);
        }

        @Override
        public double learningRate() {
            return net.getLearningRate(0);
        }

        @Override
        public INDArray inputGradient(INDArray features, INDArray labels) {
            return net.calculateGradients(features, labels, null, null).getSecond();
        }
    }

    static final class Graph extends TrainableNetwork {
        private final ComputationGraph net;

        Graph(ComputationGraph net) {
            this.net = net;
        }

        @Override
        public Model model() {
            return net;
        }

        @Override
        public String kind() {
            return "ComputationGraph";
        }

        @Override
        public INDArray output(INDArray features) {
            return net.outputSingle(false, features);
        }

        @Override
        org.deeplearning4j.nn.conf.layers.Layer outputLayerConf() {
            return net.getOutputLayer(0).conf().getLayer();
        }

        @Override
        public void setLearningRate(double lr) {
            net.setLearningRate(lr);
        }

        @Override
        public double learningRate() {
            for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
                if (l.numParams() > 0) {
                    return net.getLearningRate(l.conf().getLayer().getLayerName());
                }
            }
            return Double.NaN;
        }
    }
}
