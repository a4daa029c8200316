package org.guidedmixup.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.config.ConfigValues;
import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.core.SaliencyKind;
import org.guidedmixup.spark.saliency.SaliencyEngine;
import org.guidedmixup.transform.BaseTransform;
import org.guidedmixup.transform.ImageSize;
import org.guidedmixup.transform.CropSpec;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every setting of the offline augment job, read from the {@code augment} block of HOCON
 * ({@code conf/augment.conf}, a {@code --config} file, command-line flags) and validated once, here,
 * before Spark starts. A bad value fails with {@link ConfigError}: one line naming the key, the value
 * given and what is allowed.
 */
public record AugmentConfig(
        String input,
        InputFormat inputFormat,
        String labels,
        String imageColumn,
        String labelColumn,
        String output,
        boolean overwrite,
        int numClasses,
        List<String> classNames,
        int channels,
        int resizeHeight,
        int resizeWidth,
        BaseTransform transform,
        long maxPixels,
        double maxRejects,
        boolean draft,
        int batchSize,
        boolean shuffle,
        int rounds,
        int partitions,
        long seed,
        SaliencyKind saliency,
        String model,
        SaliencyEngine saliencyEngine,
        double[] saliencyMean,
        double[] saliencyStd,
        long saliencyCacheBytes,
        MixupConfig.PairingKind pairing,
        MixupConfig.MixerKind mixer,
        double mixProb,
        double alpha,
        double labelSmoothing,
        boolean softLabels,
        ImageEncoding imageEncoding,
        int jpegQuality,
        boolean jpegFullChroma,
        int rowsPerFile,
        long rowGroupBytes,
        boolean preview,
        int previewRows,
        String master,
        int progressSeconds,
        FaultInjection faults,
        Map<String, Object> rendered) implements Serializable {

    /** Dataset readers. */
    public enum InputFormat { AUTO, IDX, CIFAR, CIFAR100, MANIFEST, FOLDER, PARQUET }

    /** How output images are stored. */
    public enum ImageEncoding {
        PNG, JPEG, RAW;

        /**
         * A new encoder for one thread or partition.
         *
         * @param jpegFullChroma JPEG colour at 4:4:4 (no chroma subsampling) instead of 4:2:0
         */
        public org.guidedmixup.io.ImageEncoder newEncoder(int jpegQuality, boolean jpegFullChroma) {
            return switch (this) {
                case PNG -> new org.guidedmixup.io.PngCodec.Encoder();
                case JPEG -> new org.guidedmixup.io.JpegCodec.Encoder(jpegQuality, jpegFullChroma);
                case RAW -> org.guidedmixup.io.ImageEncoder.raw();
            };
        }
    }


    /**
     * {@code jpeg-subsampling} (and the Transformer's {@code jpegSubsampling}): 4:2:0 (false) or
     * 4:4:4 (true, full chroma).
     */
    public static boolean jpegSubsampling(String value) {
        String v = value.trim();
        if (v.equals("4:2:0") || v.equals("420")) {
            return false;
        }
        if (v.equals("4:4:4") || v.equals("444")) {
            return true;
        }
        throw new ConfigError("jpeg-subsampling: got '" + value + "', allowed: 4:2:0, 4:4:4");
    }

    /** True when images are resized to one given size. */
    public boolean resize() {
        return resizeHeight > 0;
    }

    public MixupConfig mixupConfig(int classes) {
        return new MixupConfig(classes, pairing, mixer, mixProb, alpha, labelSmoothing);
    }

    /** These settings with another base transform (the evaluation set's, drawn from the training one's). */
    public AugmentConfig withTransform(BaseTransform t) {
        return new AugmentConfig(input, inputFormat, labels, imageColumn, labelColumn, output, overwrite, numClasses, classNames, channels, resizeHeight, resizeWidth, t, maxPixels, maxRejects, draft, batchSize, shuffle, rounds, partitions, seed, saliency, model, saliencyEngine, saliencyMean, saliencyStd, saliencyCacheBytes, pairing, mixer, mixProb, alpha, labelSmoothing, softLabels, imageEncoding, jpegQuality, jpegFullChroma, rowsPerFile, rowGroupBytes, preview, previewRows, master, progressSeconds, faults, rendered);
    }

    /** Reads and validates the {@code augment} block. */
    public static AugmentConfig from(Config root) {
        return from(root, true);
    }

    /**
     * @param requireModelForAp false where the model comes from elsewhere (online training uses the
     *                          model being trained)
     */
    public static AugmentConfig from(Config root, boolean requireModelForAp) {
        ConfigValues r = ConfigValues.block(root, "augment");
        String input = r.string("input");
        if (input.isBlank()) {
            throw new ConfigError("input: no input given; pass --input PATH (a dataset file or folder)");
        }
        String output = r.string("output");
        if (output.isBlank()) {
            throw new ConfigError("output: no output folder given; pass --output DIR");
        }
        String mode = r.string("mode").toLowerCase(Locale.ROOT);
        if (!mode.equals("error-if-exists") && !mode.equals("overwrite")) {
            throw new ConfigError("mode: got '" + mode + "', allowed: error-if-exists, overwrite");
        }
        ImageSize size = resize(r.string("resize"));
        int rh = size == null ? 0 : size.height();
        int rw = size == null ? 0 : size.width();
        BaseTransform transform = transform(r, "crop", rh > 0);
        int channels = r.intIn("channels", 0, 3);
        if (channels == 2) {
            throw new ConfigError("channels: got 2, allowed: 0 (from the data), 1 (grey) or 3 (RGB)");
        }
        SaliencyKind saliency = SaliencyKind.of(r.string("saliency"));
        if (saliency == null) {
            throw new ConfigError("saliency: got '" + r.string("saliency") + "', allowed: sr (spectral residual), ap (input gradients of a model)");
        }
        String model = r.string("model");
        if (saliency == SaliencyKind.AP && model.isBlank() && requireModelForAp) {
            throw new ConfigError("saliency: 'ap' needs a trained model; pass --model model.zip (the DL4J model a"
                    + " 'train' run writes), or use --saliency sr");
        }
        double[] mean = r.doubles("saliency-mean");
        double[] std = r.doubles("saliency-std");
        checkSaliencyStats(mean, std, channels);
        return new AugmentConfig(
                input,
                r.enumValue("input-format", InputFormat.class),
                r.string("labels"),
                r.string("parquet.image-column"),
                r.string("parquet.label-column"),
                output,
                mode.equals("overwrite"),
                r.intIn("num-classes", 0, 1_000_000),
                r.strings("class-names"),
                channels,
                rh,
                rw,
                transform,
                r.longIn("max-pixels", 1, Long.MAX_VALUE),
                share(r, "max-rejects"),
                r.bool("draft"),
                r.intIn("batch-size", 2, 1 << 16),
                r.bool("shuffle"),
                r.intIn("rounds", 1, 10_000),
                r.intIn("partitions", 1, 1_000_000),
                r.longValue("seed"),
                saliency,
                model,
                SaliencyEngine.parse(r.string("saliency-engine").isBlank() ? "auto" : r.string("saliency-engine"),
                        "saliency-engine"),
                mean,
                std,
                r.bytes("saliency-cache", 0, 1L << 40),
                r.enumValue("pairing", MixupConfig.PairingKind.class),
                r.enumValue("mixer", MixupConfig.MixerKind.class),
                r.doubleIn("mix-prob", 0, 1),
                r.doubleIn("alpha", 0, 1e6),
                r.doubleIn("label-smoothing", 0, 0.999999),
                r.bool("soft-labels"),
                r.enumValue("image-encoding", ImageEncoding.class),
                r.intIn("jpeg-quality", 1, 100),
                jpegSubsampling(r.string("jpeg-subsampling")),
                r.intIn("rows-per-file", 1, Integer.MAX_VALUE),
                r.bytes("row-group-size", 64 * 1024, 1L << 31),
                r.bool("preview"),
                r.intIn("preview-rows", 1, 64),
                r.string("master"),
                r.intIn("progress-seconds", 0, 3600),
                FaultInjection.parse(r.string("test-fail-task-attempts")),
                render(r.c()));
    }

    /** The {@code resize} setting: blank (null) or HEIGHTxWIDTH. */
    private static ImageSize resize(String setting) {
        if (setting.isBlank()) {
            return null;
        }
        try {
            return ImageSize.parse(setting);
        } catch (IllegalArgumentException e) {
            throw new ConfigError("resize: " + e.getMessage());
        }
    }

    /** Saliency normalisation: mean and std given together, one value per channel, every std > 0. */
    private static void checkSaliencyStats(double[] mean, double[] std, int channels) {
        if (mean.length != std.length) {
            throw new ConfigError("saliency-mean/saliency-std: got " + mean.length + " and " + std.length
                    + " values; give both with one value per channel, or neither");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new ConfigError("saliency-std: got " + s + ", each value must be > 0");
            }
        }
        if (channels != 0 && mean.length != 0 && mean.length != channels) {
            throw new ConfigError("saliency-mean: got " + mean.length + " values for " + channels + "-channel images");
        }
    }

    /**
     * The base transform of the {@code crop}/{@code flip}/{@code flip-prob} keys ({@code cropKey}: the
     * key of the crop, {@code train.eval-crop} reuses this).
     */
    static BaseTransform transform(ConfigValues r, String cropKey, boolean resize) {
        CropSpec crop;
        try {
            crop = CropSpec.parse(r.string(cropKey));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(cropKey + ": " + e.getMessage());
        }
        if (resize && !crop.isNone()) {
            throw new ConfigError(cropKey + ": --crop " + crop + " and --resize both size the images; drop --resize (the crop"
                    + " makes " + crop.size() + "x" + crop.size() + " images from sources of any size)");
        }
        double flipProb = r.bool("flip") ? r.doubleIn("flip-prob", 0, 1) : 0.0;
        return new BaseTransform(crop, flipProb);
    }

    /** A share in [0, 1], given as 0.5 or as 50%. */
    private static double share(ConfigValues r, String key) {
        String v = r.string(key).trim();
        try {
            double d = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).trim()) / 100 : Double.parseDouble(v);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigError(key + ": got '" + v + "', expected a share from 0 to 1 such as 0.5, or a percentage such as 50%");
    }

    /** The effective settings as plain values, for summary.json and file metadata. */
    private static Map<String, Object> render(Config c) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            out.put(e.getKey(), e.getValue().unwrapped());
        }
        return out;
    }
}
