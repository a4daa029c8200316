package org.guidedmixup.train;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.config.ConfigValues;
import org.guidedmixup.core.SaliencyKind;
import org.guidedmixup.model.ModelChoice;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.transform.BaseTransform;
import org.guidedmixup.transform.CropSpec;
import org.guidedmixup.train.master.TrainingMasters.MasterKind;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every setting of {@code train}, from the {@code train} block (conf/train.conf, a --config file,
 * flags) plus, for the online mode, the {@code augment} block that says what to read and how to
 * batch and augment it. Validated once, here, before Spark starts.
 *
 * @param data   an augment output to train from (offline mode), or "" for the online mode
 * @param online the input and augmentation of the online mode (also read, unused, offline)
 * @param stallSeconds   a fit in which no training step finishes for this long is stopped; 0: automatic
 *                       ({@link org.guidedmixup.train.master.StallWatchdog#automatic})
 * @param evalInput      the evaluation set's input, with its base transform: {@code evalCrop}, or the
 *                       deterministic counterpart of the online mode's crop (offline: see {@link #evalInputFor})
 * @param evalCrop       the crop given for the evaluation set; null: the counterpart of the training crop
 * @param testStallEpoch test only: the first step of this (1-based) epoch never finishes; 0: none
 */
public record TrainConfig(
        String data,
        AugmentConfig online,
        Augment augment,
        ModelChoice model,
        String initModel,
        int epochs,
        double lr,
        LearningRateSchedule schedule,
        int evalEvery,
        boolean resume,
        double weightDecay,
        long seed,
        int batchSizePerWorker,
        MasterKind trainingMaster,
        int averagingFrequency,
        int sharedPort,
        double sharedThreshold,
        String eval,
        AugmentConfig evalInput,
        CropSpec evalCrop,
        int evalBatchSize,
        double cleanWeight,
        String output,
        boolean overwrite,
        String master,
        boolean onednn,
        int stallSeconds,
        int testStallEpoch,
        Map<String, Object> rendered) implements Serializable {

    /** What the online mode does to each batch. */
    public enum Augment { GUIDED, MIXUP, CUTMIX, NONE }

    /** dl4j-spark's training masters. */

    public boolean offline() {
        return !data.isBlank();
    }

    /** The saliency detector of the online mode. */
    public SaliencyKind saliency() {
        return online.saliency();
    }

    public static TrainConfig from(Config root) {
        ConfigValues r = ConfigValues.block(root, "train");
        Augment augment = r.enumValue("augment", Augment.class);
        // The online mode's augmentation: --augment picks the mixer (none: every batch clean).
        Map<String, Object> over = new TreeMap<>();
        if (augment != Augment.NONE) {
            over.put("augment.mixer", augment.name().toLowerCase(Locale.ROOT));
        } else {
            over.put("augment.mix-prob", 0.0);
        }
        String output = r.string("output");
        if (output.isBlank()) {
            throw new ConfigError("output: no output folder given; pass --output DIR");
        }
        over.put("augment.output", output);
        AugmentConfig online = AugmentConfig.from(ConfigFactory.parseMap(over).withFallback(root), false);
        String data = r.string("data");
        String mode = r.string("mode").toLowerCase(Locale.ROOT);
        if (!mode.equals("error-if-exists") && !mode.equals("overwrite")) {
            throw new ConfigError("mode: got '" + mode + "', allowed: error-if-exists, overwrite");
        }
        ModelChoice model = ModelChoice.parse(r.string("model"));
        if (r.bool("pretrained")) {
            throw new ConfigError("pretrained: the zoo's pretrained weights are a download, which this project never"
                    + " makes; zoo:NAME models start from random weights (pass --init-model ZIP to start from weights you have)");
        }
        double cleanWeight = r.doubleIn("clean-weight", 0, 1e6);
        if (!data.isBlank() && cleanWeight > 0) {
            throw new ConfigError("clean-weight: needs the clean batches, which shards do not hold;"
                    + " use it in the online mode (--input) or set it to 0");
        }
        if (data.isBlank() && online.saliency() == SaliencyKind.AP && !model.hasInputGradients()) {
            throw new ConfigError("saliency: 'ap' needs input gradients, which DL4J 1.0.0-M2.1 exposes for"
                    + " MultiLayerNetwork models only (lenet, zoo:alexnet, zoo:lenet); " + model.id()
                    + " is a ComputationGraph: use --saliency sr with it");
        }
        int epochs = r.intIn("epochs", 1, 100_000);
        double lr = r.doubleIn("lr", 1e-9, 100);
        String eval = r.string("eval");
        CropSpec evalCrop = evalCrop(r.string("eval-crop"));
        AugmentConfig evalInput = eval.isBlank() ? null : evalInput(root, r, over, online, eval, evalCrop);
        return new TrainConfig(
                data,
                online,
                augment,
                model,
                r.string("init-model"),
                epochs,
                lr,
                schedule(r, epochs, lr),
                r.intIn("eval-every", 1, 100_000),
                r.bool("resume"),
                r.doubleIn("weight-decay", 0, 1),
                r.longValue("seed"),
                r.intIn("batch-size-per-worker", 0, 1 << 16),
                r.enumValue("training-master", MasterKind.class),
                r.intIn("averaging-frequency", 1, 100_000),
                r.intIn("shared.port", 1024, 65535),
                r.doubleIn("shared.threshold", 1e-9, 1),
                eval,
                evalInput,
                evalCrop,
                r.intIn("eval-batch-size", 1, 1 << 16),
                cleanWeight,
                output,
                mode.equals("overwrite"),
                online.master(),
                r.bool("onednn"),
                r.intIn("stall-seconds", 0, 7 * 24 * 3600),
                r.intIn("test-stall-epoch", 0, 100_000),
                render(root));
    }

    /** The {@code eval-crop} setting: blank (null: the training crop's counterpart) or a deterministic crop. */
    private static CropSpec evalCrop(String setting) {
        if (setting.isBlank()) {
            return null;
        }
        CropSpec crop;
        try {
            crop = CropSpec.parse(setting);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("eval-crop: " + e.getMessage());
        }
        if (crop.isRandom()) {
            throw new ConfigError("eval-crop: " + crop + " is random; an evaluation needs a deterministic crop:"
                    + " center:R,S, center:S or none");
        }
        return crop;
    }

    /**
     * The evaluation set's reading: the same readers and decoder as training, in natural order, unmixed,
     * with the official test transforms (no flip, the training crop's deterministic counterpart).
     */
    private static AugmentConfig evalInput(Config root, ConfigValues r, Map<String, Object> over, AugmentConfig online,
                                           String eval, CropSpec evalCrop) {
        Map<String, Object> ev = new TreeMap<>(over);
        ev.put("augment.input", eval);
        ev.put("augment.input-format", r.string("eval-format").isBlank() ? "auto" : r.string("eval-format"));
        ev.put("augment.labels", r.string("eval-labels"));
        ev.put("augment.mix-prob", 0.0);
        ev.put("augment.shuffle", false);
        ev.put("augment.flip", false);
        ev.put("augment.crop", (evalCrop != null ? evalCrop : online.transform().crop().evalCounterpart()).toString());
        ev.put("augment.resize", online.transform().setsSize() || (evalCrop != null && !evalCrop.isNone()) ? ""
                : online.resize() ? online.resizeHeight() + "x" + online.resizeWidth() : "");
        return AugmentConfig.from(ConfigFactory.parseMap(ev).withFallback(root), false);
    }

    /**
     * The evaluation set's input for a model trained on images made with {@code training} (the
     * shards' transform, offline): the given eval-crop, else that transform's deterministic counterpart.
     */
    public AugmentConfig evalInputFor(BaseTransform training) {
        if (evalInput == null || evalCrop != null) {
            return evalInput;
        }
        return evalInput.withTransform(training.evalCounterpart());
    }

    private static LearningRateSchedule schedule(ConfigValues r, int epochs, double lr) {
        LearningRateSchedule.Kind kind = r.enumValue("lr-schedule", LearningRateSchedule.Kind.class);
        int warmup = r.intIn("warmup-epochs", 0, 100_000);
        if (warmup >= epochs) {
            throw new ConfigError("warmup-epochs: got " + warmup + ", must be below epochs (" + epochs
                    + "); lower it or train longer");
        }
        int every = r.intIn("lr-step-every", 0, 100_000);
        // 0: three steps over the epochs after the warm-up.
        int stepEvery = every > 0 ? every : Math.max(1, (epochs - warmup) / 3);
        return new LearningRateSchedule(kind, lr, epochs, warmup, stepEvery, r.doubleIn("lr-step-gamma", 1e-6, 1));
    }

    private static Map<String, Object> render(Config root) {
        Map<String, Object> out = new TreeMap<>();
        for (String block : new String[] {"train", "augment"}) {
            for (Map.Entry<String, ConfigValue> e : root.getConfig(block).entrySet()) {
                out.put(block + "." + e.getKey(), e.getValue().unwrapped());
            }
        }
        return out;
    }
}
