package org.guidedmixup.cli;

import com.typesafe.config.Config;
import org.guidedmixup.train.TrainConfig;
import org.guidedmixup.train.TrainJob;
import org.guidedmixup.train.output.TrainOutput;
import org.guidedmixup.train.output.EpochMetrics;
import org.guidedmixup.train.output.TrainSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code train}: distributed DL4J training on Spark, from an augment output ({@code --data}) or
 * online with augmentation on the executors ({@code --input}). Flags override conf/train.conf and,
 * for the online mode's input and augmentation, conf/augment.conf.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a DL4J model on Spark from augment shards (--data) or with online augmentation (--input).%n"
                + "Defaults: conf/train.conf and, for input and augmentation, conf/augment.conf.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with train { ... } and/or augment { ... } blocks")
    File config;

    @Option(names = "--data", paramLabel = "DIR", description = "an augment run's --output folder (offline mode)") String data;
    @ConfigFlags.Key("augment.input")
    @Option(names = "--input", paramLabel = "PATH", description = "dataset to augment online (any augment input)") String input;
    @ConfigFlags.Key("augment.input-format")
    @Option(names = "--input-format", description = "auto|idx|cifar|cifar100|manifest|folder|parquet") String inputFormat;
    @ConfigFlags.Key("augment.labels")
    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file of --input") String labels;
    @Option(names = "--augment", description = "guided|mixup|cutmix|none (online mode)") String augment;
    @ConfigFlags.Key("augment.saliency")
    @Option(names = "--saliency", description = "sr|ap (ap: input gradients of the model being trained)") String saliency;
    @ConfigFlags.Key("augment.saliency-engine")
    @Option(names = "--saliency-engine", description = "cpu|nd4j|auto: which code computes SR saliency (default auto)") String saliencyEngine;
    @ConfigFlags.Key("augment.pairing")
    @Option(names = "--pairing", description = "greedy|random") String pairing;
    @ConfigFlags.Key("augment.mix-prob")
    @Option(names = "--mix-prob", paramLabel = "P", description = "probability that a batch is mixed") String mixProb;
    @ConfigFlags.Key("augment.alpha")
    @Option(names = "--alpha", description = "Beta(alpha, alpha) of mixup and cutmix") String alpha;
    @ConfigFlags.Key("augment.batch-size")
    @Option(names = "--batch-size", paramLabel = "M", description = "images per augmented mini-batch (online)") String batchSize;
    @ConfigFlags.Key("augment.partitions")
    @Option(names = "--partitions", paramLabel = "P", description = "partitions per epoch (part of the batch plan)") String partitions;
    @ConfigFlags.Key("augment.resize")
    @Option(names = "--resize", paramLabel = "HxW", description = "resize every image to HxW (Pillow's antialiased bilinear)") String resize;
    @ConfigFlags.Key("augment.crop")
    @Option(names = "--crop", paramLabel = "SPEC", description = "online mode: base transform before the mixup, drawn per image and epoch: none |"
            + " random:S[,pad=P] | random-resized:S[,scale=A-B][,ratio=C-D] | resize-random:R,S | center:R,S") String crop;
    @ConfigFlags.Key("augment.draft")
    @Option(names = "--draft", negatable = true, description = "online mode: decode JPEGs that --resize or a resizing crop shrinks 2x or more at 1/2-1/8 scale first, as Pillow's draft (default on; --no-draft: full size)") Boolean draft;
    @ConfigFlags.Key("augment.flip")
    @Option(names = "--flip", negatable = true, description = "online mode: random horizontal flip (probability --flip-prob, default 0.5)") Boolean flip;
    @ConfigFlags.Key("augment.flip-prob")
    @Option(names = "--flip-prob", paramLabel = "P", description = "probability of the flip (implies --flip)") String flipProb;
    @ConfigFlags.Key("augment.max-rejects")
    @Option(names = "--max-rejects", paramLabel = "SHARE", description = "fail when more than this share of an input is rejected, e.g. 0.5 or 50%% (1: never)") String maxRejects;
    @ConfigFlags.Key("augment.channels")
    @Option(names = "--channels", description = "0 (from the data), 1 or 3") String channels;
    @Option(names = "--clean-weight", paramLabel = "W", description = "weight of the clean batch's loss (Guided-AP's clean_lam)") String cleanWeight;
    @Option(names = "--model", description = "lenet|resnet|zoo:NAME (deeplearning4j-zoo: alexnet, darknet19, lenet,"
            + " resnet50, squeezenet, vgg16, vgg19, xception; random weights)") String model;
    @Option(names = "--pretrained", description = "refused: pretrained zoo weights are a download") Boolean pretrained;
    @Option(names = "--init-model", paramLabel = "ZIP", description = "start from this model.zip") String initModel;
    @Option(names = "--epochs", description = "epochs") String epochs;
    @Option(names = "--lr", description = "learning rate (SGD, Nesterov momentum 0.9)") String lr;
    @Option(names = "--weight-decay", description = "L2 weight decay") String weightDecay;
    @Option(names = "--lr-schedule", description = "constant|step|cosine (learning rate per epoch)") String lrSchedule;
    @Option(names = "--warmup-epochs", paramLabel = "W", description = "epochs of linear warm-up") String warmupEpochs;
    @Option(names = "--lr-step-every", paramLabel = "N", description = "step: epochs between decays (0: a third)") String lrStepEvery;
    @Option(names = "--lr-step-gamma", description = "step: factor of each decay") String lrStepGamma;
    @Option(names = "--eval-every", paramLabel = "N", description = "evaluate every N epochs (and after the last)") String evalEvery;
    @Option(names = "--resume", description = "continue a stopped run from its checkpoint (same settings)") Boolean resume;
    @ConfigFlags.Key({"train.seed", "augment.seed"})
    @Option(names = "--seed", description = "seed of the network and of the batches") String seed;
    @Option(names = "--batch-size-per-worker", paramLabel = "N", description = "examples per worker step (0: one augmented batch)") String batchSizePerWorker;
    @Option(names = "--training-master", description = "paramavg|shared") String trainingMaster;
    @Option(names = "--averaging-frequency", description = "paramavg: steps between averages") String averagingFrequency;
    @Option(names = "--stall-seconds", paramLabel = "S", description = "stop a fit in which no step finishes for S seconds (0: automatic, 180+)") String stallSeconds;
    @Option(names = "--test-stall-epoch", hidden = true, description = "test only: the first step of this epoch never finishes") String testStallEpoch;
    @Option(names = "--onednn", negatable = true, description = "oneDNN convolutions (default on; --no-onednn: DL4J's own)") Boolean onednn;
    @Option(names = "--eval", paramLabel = "PATH", description = "evaluation set, any readable input") String eval;
    @Option(names = "--eval-format", description = "like --input-format") String evalFormat;
    @Option(names = "--eval-labels", paramLabel = "FILE", description = "IDX labels file of --eval") String evalLabels;
    @Option(names = "--eval-crop", paramLabel = "SPEC", description = "the evaluation set's crop: none | center:R,S | center:S"
            + " (default: the training crop's deterministic counterpart, e.g. center:256,224 for random-resized:224)") String evalCrop;
    @Option(names = "--output", paramLabel = "DIR", description = "receives model.zip, metrics.json, learning-curve.png") String output;
    @Option(names = "--mode", description = "error-if-exists|overwrite") String mode;
    @ConfigFlags.Key("augment.master")
    @Option(names = "--master", description = "Spark master when run directly (spark-submit's wins)") String master;

    @Override
    public Integer call() {
        Config merged = ConfigLoader.load(config, flags());
        TrainConfig.from(merged); // validate first: bad values fail with their own message
        TrainConfig cfg = TrainConfig.from(ConfigLoader.absolutePaths(merged, List.of("augment.input", "augment.labels",
                "train.data", "train.output", "train.eval", "train.eval-labels", "train.init-model")));
        try (SessionScope session = SessionScope.start("guidedmixup train", cfg.master())) {
            TrainSummary s = new TrainJob(session.spark, cfg).run();
            print(s, System.out);
            return 0;
        }
    }

    /** The flags given, as configuration keys: train.NAME unless the option names its key. */
    Map<String, Object> flags() {
        return ConfigFlags.of(spec, "train", Set.of("config"));
    }

    static void print(TrainSummary s, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "GuidedMixup train finished in %.1f s (%s mode, %s, %s)%n", s.wallSeconds(), s.mode(),
                s.model(), s.trainingMaster());
        out.printf(Locale.ROOT, "  data      %,d training examples%s, images %dx%dx%d, %d classes; augment %s, saliency %s%n",
                s.trainExamples(), s.rejectedRecords() == 0 ? "" : String.format(Locale.ROOT, " (%,d rejected)", s.rejectedRecords()),
                s.channels(), s.height(), s.width(), s.numClasses(), s.augment(), s.saliency());
        out.println("  epoch      loss        lr    top-1    top-5   seconds  images/s  augment s");
        for (EpochMetrics e : s.epochs()) {
            out.printf(Locale.ROOT, "  %5d  %8.4f  %8.5f  %7s  %7s  %8.1f  %8.0f  %9.1f%n", e.epoch(), e.loss(), e.lr(),
                    pct(e.top1()), pct(e.top5()), e.seconds(), e.examples() / Math.max(1e-9, e.seconds()), e.augmentSeconds());
        }
        out.println("  model     " + s.output() + "/" + TrainOutput.MODEL);
        out.println("  metrics   " + s.output() + "/" + TrainOutput.METRICS);
        out.println("  curve     " + s.output() + "/" + TrainOutput.CURVE);
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
