package org.guidedmixup.model;

import org.guidedmixup.config.ConfigError;
import org.guidedmixup.io.ImageSpec;

import java.io.Serializable;
import java.util.Locale;

/**
 * The network {@code train --model} asks for: one of the project's own ({@link ModelKind}: lenet,
 * resnet) or a {@code deeplearning4j-zoo} architecture ({@code zoo:NAME}, {@link ZooArchitecture}).
 *
 * @param own the project's model, or null for a zoo architecture
 * @param zoo the zoo architecture, or null
 */
public record ModelChoice(ModelKind own, ZooArchitecture zoo) implements Serializable {

    /** "lenet", "resnet" or "zoo:NAME", in any case. */
    public static ModelChoice parse(String s) {
        String v = s == null ? "" : s.trim();
        if (v.toLowerCase(Locale.ROOT).startsWith("zoo:")) {
            return new ModelChoice(null, ZooArchitecture.of(v.substring(4)));
        }
        for (ModelKind k : ModelKind.values()) {
            if (k.id().equalsIgnoreCase(v)) {
                return new ModelChoice(k, null);
            }
        }
        throw new ConfigError("model: got '" + s + "', allowed: lenet, resnet, or zoo:NAME (" + zooNames() + ")");
    }

    private static String zooNames() {
        StringBuilder b = new StringBuilder();
        for (ZooArchitecture z : ZooArchitecture.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(z.id());
        }
        return b.toString();
    }

    /** As written in configurations and summaries: "lenet", "zoo:resnet50". */
    public String id() {
        return own != null ? own.id() : "zoo:" + zoo.id();
    }

    /** Whether the network is a MultiLayerNetwork, whose input gradients --saliency ap needs. */
    public boolean hasInputGradients() {
        return own != null ? own == ModelKind.LENET : zoo.multiLayer();
    }

    public TrainableNetwork build(ImageSpec spec, int classes, double lr, double weightDecay, long seed) {
        return own != null ? own.build(spec, classes, lr, weightDecay, seed) : zoo.build(spec, classes, lr, weightDecay, seed);
    }
}
