package org.guidedmixup.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.AlexNet;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.LeNet;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.Xception;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.io.ImageSpec;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The image classifiers of {@code deeplearning4j-zoo} that {@code train --model zoo:NAME} builds,
 * always from random weights (the zoo's pretrained weights are downloads, which this project never
 * makes). Each is built for the data's image shape and class count, with the project's optimiser
 * (SGD, Nesterov momentum 0.9) and L2 weight decay; most are designed for 224 x 224 colour images
 * (pass {@code --resize 224x224 --channels 3} in the online mode). The zoo's NASNet is left out: in
 * DL4J 1.0.0-M2.1 its graph cannot be built ("Cannot calculate activation types if no inputs have
 * been set"), and SimpleCNN ends in an activation layer with no loss, so it cannot be fitted;
 * InceptionResNetV1 and FaceNetNN4Small2 are face-embedding networks, and UNet, YOLO2 and
 * TinyYOLO are not classifiers.
 *
 * <p>AlexNet and LeNet are {@link MultiLayerNetwork}s, so they also support
 * {@code --saliency ap} (input gradients); the others are {@link ComputationGraph}s, whose input
 * gradients DL4J 1.0.0-M2.1 does not expose.
 */
public enum ZooArchitecture {
    ALEXNET(true),
    DARKNET19(false),
    LENET(true),
    RESNET50(false),
    SQUEEZENET(false),
    VGG16(false),
    VGG19(false),
    XCEPTION(false);

    private final boolean multiLayer;

    ZooArchitecture(boolean multiLayer) {
        this.multiLayer = multiLayer;
    }

    /** The name after {@code zoo:} (lower case). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the network is a MultiLayerNetwork (and so supports --saliency ap). */
    public boolean multiLayer() {
        return multiLayer;
    }

    /** The architecture called {@code name} (any case), or a ConfigError listing the choices. */
    public static ZooArchitecture of(String name) {
        for (ZooArchitecture z : values()) {
            if (z.name().equalsIgnoreCase(name.trim())) {
                return z;
            }
        }
        List<String> ids = new ArrayList<>();
        for (ZooArchitecture z : values()) {
            ids.add(z.id());
        }
        throw new ConfigError("model: no zoo architecture '" + name + "'; choose zoo:NAME with NAME one of "
                + String.join(", ", ids));
    }

    /**
     * A fresh network for images of {@code spec} and {@code classes} classes.
     *
     * @throws ConfigError when the architecture cannot take images of that shape (with what to do)
     */
    public TrainableNetwork build(ImageSpec spec, int classes, double lr, double weightDecay, long seed) {
        int[] shape = {spec.channels(), spec.height(), spec.width()};
        IUpdater updater = new Nesterovs(lr, 0.9);
        Model net;
        try {
            ZooModel zoo = switch (this) {
                case ALEXNET -> AlexNet.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater).build();
                case DARKNET19 -> Darknet19.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater).build();
                case LENET -> LeNet.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater).build();
                // The zoo's default initialisation (truncated normal, sd 0.5) overflows to NaN through 50
                // layers from random weights; He initialisation keeps the activations finite.
                case RESNET50 -> ResNet50.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater)
                        .weightInit(org.deeplearning4j.nn.weights.WeightInit.RELU.getWeightInitFunction()).build();
                case SQUEEZENET -> SqueezeNet.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater).build();
                case VGG16 -> org.deeplearning4j.zoo.model.VGG16.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater).build();
                case VGG19 -> org.deeplearning4j.zoo.model.VGG19.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater).build();
                case XCEPTION -> Xception.builder().numClasses(classes).seed(seed).inputShape(shape).updater(updater).build();
            };
            net = zoo.init();
        } catch (RuntimeException e) {
            throw new ConfigError("model: zoo:" + id() + " cannot take " + spec.channels() + "x" + spec.height() + "x"
                    + spec.width() + " images (DL4J: " + firstLine(e) + "); resize them, e.g. --resize 224x224 --channels 3");
        }
        List<Regularization> decay = weightDecay > 0 ? List.of(new WeightDecay(weightDecay, true)) : List.of();
        if (net instanceof MultiLayerNetwork m) {
            for (NeuralNetConfiguration c : m.getLayerWiseConfigurations().getConfs()) {
                regularize(c.getLayer(), decay);
            }
            return TrainableNetwork.of(m);
        }
        ComputationGraph g = (ComputationGraph) net;
        for (Map.Entry<String, GraphVertex> v : g.getConfiguration().getVertices().entrySet()) {
            if (v.getValue() instanceof LayerVertex lv) {
                regularize(lv.getLayerConf().getLayer(), decay);
            }
        }
        return TrainableNetwork.of(g);
    }

    /** L2 weight decay on the weights, as the project's own models have it (the zoo's builders take none). */
    private static void regularize(Layer layer, List<Regularization> decay) {
        if (layer instanceof BaseLayer b && !decay.isEmpty()) {
            b.setRegularization(new ArrayList<>(decay));
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
