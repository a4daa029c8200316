package org.guidedmixup.cli;

import com.typesafe.config.Config;
import org.guidedmixup.core.SaliencyKind;
import org.guidedmixup.spark.augment.AugmentJob;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.InputPrefetch;
import org.guidedmixup.spark.output.AugmentSummary;
import org.guidedmixup.spark.output.ShardFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code augment}: parse flags into the layered configuration, validate it before Spark starts,
 * run {@link AugmentJob}, print the summary.
 */
@Command(name = "augment", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pre-generate GuidedMixup-augmented Parquet shards from an image dataset.%n"
                + "Defaults: conf/augment.conf; each flag overrides the key of the same name.")
final class AugmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file with an 'augment { ... }' block")
    File config;

    @Option(names = "--input", paramLabel = "PATH", description = "dataset file or folder") String input;
    @Option(names = "--input-format", description = "auto|idx|cifar|cifar100|manifest|folder|parquet") String inputFormat;
    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file (default: from the images file name)") String labels;
    @ConfigFlags.Key("augment.parquet.image-column")
    @Option(names = "--image-column", description = "Parquet image column") String imageColumn;
    @ConfigFlags.Key("augment.parquet.label-column")
    @Option(names = "--label-column", description = "Parquet label column") String labelColumn;
    @Option(names = "--output", paramLabel = "DIR", description = "output folder") String output;
    @Option(names = "--mode", description = "error-if-exists|overwrite") String mode;
    @Option(names = "--num-classes", paramLabel = "K", description = "class count (0: from the data)") String numClasses;
    @Option(names = "--class-names", split = ",", paramLabel = "NAME", description = "class names in label order") List<String> classNames;
    @Option(names = "--channels", description = "0 (from the data), 1 or 3") String channels;
    @Option(names = "--resize", paramLabel = "HxW", description = "resize every image to HxW (Pillow's antialiased bilinear)") String resize;
    @Option(names = "--crop", paramLabel = "SPEC", description = "base transform before the mixup, drawn per image and round: none |"
            + " random:S[,pad=P] | random-resized:S[,scale=A-B][,ratio=C-D] | resize-random:R,S | center:R,S") String crop;
    @Option(names = "--draft", negatable = true, description = "decode JPEGs that --resize or a resizing crop shrinks 2x or more at 1/2-1/8 scale first, as Pillow's draft (default on; --no-draft: full size)") Boolean draft;
    @Option(names = "--flip", negatable = true, description = "random horizontal flip before the mixup (probability --flip-prob, default 0.5)") Boolean flip;
    @Option(names = "--flip-prob", paramLabel = "P", description = "probability of the flip (implies --flip)") String flipProb;
    @Option(names = "--max-rejects", paramLabel = "SHARE", description = "fail when more than this share of the input is rejected, e.g. 0.5 or 50%% (1: never)") String maxRejects;
    @Option(names = "--max-pixels", description = "reject images declaring more pixels") String maxPixels;
    @Option(names = "--batch-size", paramLabel = "M", description = "images per mini-batch (>= 2)") String batchSize;
    @Option(names = "--shuffle", negatable = true, description = "seeded shuffle (default) or, with --no-shuffle, consecutive batches in natural order") Boolean shuffle;
    @Option(names = "--rounds", paramLabel = "R", description = "augmented copies of the dataset") String rounds;
    @Option(names = "--partitions", paramLabel = "P", description = "partitions per round (part of the batch assignment)") String partitions;
    @Option(names = "--seed", description = "random seed") String seed;
    @Option(names = "--saliency", description = "sr (spectral residual) | ap (input gradients of --model)") String saliency;
    @Option(names = "--model", paramLabel = "ZIP", description = "DL4J model (a train run's model.zip) for --saliency ap") String model;
    @Option(names = "--saliency-engine", description = "sr on: cpu (Java) | nd4j (ND4J: BLAS, or CUDA on a GPU) | auto (nd4j on a GPU, else cpu)") String saliencyEngine;
    @Option(names = "--saliency-mean", split = ",", paramLabel = "a,b,c", description = "per-channel mean the saliency sees") List<String> saliencyMean;
    @Option(names = "--saliency-std", split = ",", paramLabel = "a,b,c", description = "per-channel std the saliency sees") List<String> saliencyStd;
    @Option(names = "--saliency-cache", paramLabel = "SIZE", description = "saliency maps kept across rounds, e.g. 1GB (0: off)") String saliencyCache;
    @Option(names = "--pairing", description = "greedy|random") String pairing;
    @Option(names = "--mixer", description = "guided|mixup|cutmix") String mixer;
    @Option(names = "--mix-prob", paramLabel = "P", description = "probability that a batch is mixed") String mixProb;
    @Option(names = "--alpha", description = "Beta(alpha, alpha) of mixup and cutmix") String alpha;
    @Option(names = "--label-smoothing", paramLabel = "EPS", description = "timm-style smoothing of both targets") String labelSmoothing;
    @Option(names = "--soft-labels", negatable = true, description = "write the dense soft_label column") Boolean softLabels;
    @Option(names = "--image-encoding", description = "png (lossless) | jpeg (lossy, for large photos) | raw") String imageEncoding;
    @Option(names = "--jpeg-subsampling", paramLabel = "4:2:0|4:4:4", description = "chroma subsampling of colour JPEG shards (default 4:2:0)") String jpegSubsampling;
    @Option(names = "--jpeg-quality", description = "1..100 with --image-encoding jpeg (default 95)") String jpegQuality;
    @Option(names = "--rows-per-file", description = "rows per Parquet file") String rowsPerFile;
    @Option(names = "--row-group-size", description = "Parquet row-group size, e.g. 4MB") String rowGroupSize;
    @Option(names = "--preview", negatable = true, description = "write preview.png") Boolean preview;
    @Option(names = "--preview-rows", description = "examples in preview.png") String previewRows;
    @Option(names = "--master", description = "Spark master when run directly (spark-submit's wins)") String master;
    @Option(names = "--progress-seconds", description = "seconds between progress lines (0: none)") String progressSeconds;
    @ConfigFlags.Key("augment.test-fail-task-attempts")
    @Option(names = "--fail-task-attempts", hidden = true, description = "test only: 0 | share of first task attempts to fail | always") String failTaskAttempts;

    @Override
    public Integer call() {
        Config merged = ConfigLoader.load(config, flags());
        AugmentConfig.from(merged); // validate before touching paths: bad values fail with their own message
        AugmentConfig cfg = AugmentConfig.from(ConfigLoader.absolutePaths(merged,
                List.of("augment.input", "augment.output", "augment.labels", "augment.model")));
        PrintStream out = System.out;
        // An IDX or CIFAR input is read while Spark starts (0.5 s of un-gzipping for Fashion-MNIST).
        InputPrefetch input = InputPrefetch.start(cfg);
        try (SessionScope session = SessionScope.start("guidedmixup augment", cfg.master())) {
            AugmentJob job = cfg.saliency() == SaliencyKind.AP
                    ? new AugmentJob(session.spark, cfg, org.guidedmixup.spark.saliency.GradientSaliencyFactory.fromModel(
                            org.apache.spark.api.java.JavaSparkContext.fromSparkContext(session.spark.sparkContext()),
                            Path.of(cfg.model())))
                    : new AugmentJob(session.spark, cfg);
            job.withPrefetchedInput(input);
            AugmentSummary s = job.run();
            print(s, out);
            return 0;
        }
    }

    /** The flags given, as configuration keys. */
    Map<String, Object> flags() {
        return ConfigFlags.of(spec, "augment", Set.of("config"));
    }

    static void print(AugmentSummary s, PrintStream out) {
        String shards = s.output() + "/" + ShardFormat.SHARDS;
        out.println();
        out.printf(Locale.ROOT, "GuidedMixup augment finished in %.1f s%n", s.wallSeconds());
        out.printf(Locale.ROOT, "  input     %,d %s records, images %dx%dx%d, %d classes%n", s.inputRecords(), s.inputFormat(),
                s.channels(), s.height(), s.width(), s.numClasses());
        if (s.transform() != null && !s.transform().equals(org.guidedmixup.transform.BaseTransform.NONE.toString())) {
            out.println("  transform " + s.transform() + " (drawn per image and round)");
        }
        out.printf(Locale.ROOT, "  rejected  %,d%s%n", s.rejectedRecords(),
                s.rejectedRecords() == 0 ? "" : " " + s.rejectReasons() + " -> " + s.output() + "/" + ShardFormat.REJECTS);
        out.printf(Locale.ROOT, "  output    %,d rows = %,d sources x %d round(s), %,d batches, %d files, %.1f MB%n",
                s.outputRows(), s.outputSources(), s.rounds(), s.batches(), s.files(), s.bytes() / 1e6);
        out.printf(Locale.ROOT, "  mixed     %,d rows (%.0f%%), mean ratio %.3f%n", s.mixedRows(),
                100.0 * s.mixedRows() / Math.max(1, s.outputRows()), s.meanRatio());
        out.printf(Locale.ROOT, "  speed     %,.0f images/s (augment and write)%n", s.imagesPerSecond());
        StringBuilder st = new StringBuilder();
        s.stageSeconds().forEach((k, v) -> st.append(st.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f s", v)));
        out.println("  stages    " + st);
        if (s.executorSeconds() != null && !s.executorSeconds().isEmpty()) {
            StringBuilder ex = new StringBuilder();
            s.executorSeconds().forEach((k, v) -> ex.append(ex.length() == 0 ? "" : ", ").append(k).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f s", v)));
            out.println("  executors " + ex + " (summed over tasks)");
        }
        out.println("  shards    " + shards);
        out.println("  summary   " + s.output() + "/" + ShardFormat.SUMMARY);
        out.println("  preview   " + (s.preview() != null ? s.preview()
                : s.stageSeconds().containsKey("preview") ? "(none: no mixed rows)" : "(off)"));
    }
}
