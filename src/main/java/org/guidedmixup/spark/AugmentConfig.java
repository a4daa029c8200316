package org.guidedmixup.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import org.guidedmixup.core.MixupConfig;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        long maxPixels,
        int batchSize,
        boolean shuffle,
        int rounds,
        int partitions,
        long seed,
        String saliency,
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

        /** A new encoder for one thread or partition. */
        public org.guidedmixup.io.ImageEncoder newEncoder(int jpegQuality) {
            return switch (this) {
                case PNG -> new org.guidedmixup.io.PngCodec.Encoder();
                case JPEG -> new org.guidedmixup.io.JpegCodec.Encoder(jpegQuality);
                case RAW -> org.guidedmixup.io.ImageEncoder.raw();
            };
        }
    }

    /** A setting with an unusable value; its message is the one line the user sees. */
    public static final class ConfigError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigError(String message) {
            super(message);
        }
    }

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*[xX]\\s*(\\d+)\\s*");

    /** True when images are resized to one given size. */
    public boolean resize() {
        return resizeHeight > 0;
    }

    public MixupConfig mixupConfig(int classes) {
        return new MixupConfig(classes, pairing, mixer, mixProb, alpha, labelSmoothing);
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
        Config c;
        try {
            c = root.getConfig("augment");
        } catch (ConfigException e) {
            throw new ConfigError("configuration has no 'augment' block: " + e.getMessage());
        }
        Reader r = new Reader(c);
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
        String resize = r.string("resize");
        int rh = 0;
        int rw = 0;
        if (!resize.isBlank()) {
            Matcher m = SIZE.matcher(resize);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
                throw new ConfigError("resize: got '" + resize + "', expected HEIGHTxWIDTH such as 224x224");
            }
            rh = Integer.parseInt(m.group(1));
            rw = Integer.parseInt(m.group(2));
        }
        int channels = r.intIn("channels", 0, 3);
        if (channels == 2) {
            throw new ConfigError("channels: got 2, allowed: 0 (from the data), 1 (grey) or 3 (RGB)");
        }
        String saliency = r.string("saliency").toLowerCase(Locale.ROOT);
        if (!saliency.equals("sr") && !saliency.equals("ap")) {
            throw new ConfigError("saliency: got '" + saliency + "', allowed: sr (spectral residual), ap (input gradients of a model)");
        }
        String model = r.string("model");
        if (saliency.equals("ap") && model.isBlank() && requireModelForAp) {
            throw new ConfigError("saliency: 'ap' needs a trained model; pass --model model.zip (the DL4J model a"
                    + " 'train' run writes), or use --saliency sr");
        }
        double[] mean = r.doubles("saliency-mean");
        double[] std = r.doubles("saliency-std");
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
                r.longIn("max-pixels", 1, Long.MAX_VALUE),
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
                r.intIn("rows-per-file", 1, Integer.MAX_VALUE),
                r.bytes("row-group-size", 64 * 1024, 1L << 31),
                r.bool("preview"),
                r.intIn("preview-rows", 1, 64),
                r.string("master"),
                r.intIn("progress-seconds", 0, 3600),
                FaultInjection.parse(r.string("test-fail-task-attempts")),
                render(c));
    }

    /** The effective settings as plain values, for summary.json and file metadata. */
    private static Map<String, Object> render(Config c) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            out.put(e.getKey(), e.getValue().unwrapped());
        }
        return out;
    }

    /** Typed access with one-line errors (shared with the train block). */
    public record Reader(Config c) {
        public String string(String key) {
            if (!c.hasPathOrNull(key) || c.getIsNull(key)) {
                return "";
            }
            try {
                return c.getString(key).trim();
            } catch (ConfigException e) {
                throw new ConfigError(key + ": expected a text value, got " + c.getValue(key).render());
            }
        }

        public String raw(String key) {
            if (!c.hasPath(key)) {
                throw new ConfigError(key + ": missing; it must be set (see conf/augment.conf)");
            }
            return String.valueOf(c.getValue(key).unwrapped());
        }

        public int intIn(String key, int min, int max) {
            long v = longIn(key, min, max);
            return (int) v;
        }

        public long longValue(String key) {
            return longIn(key, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        public long longIn(String key, long min, long max) {
            String s = raw(key);
            long v;
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new ConfigError(key + ": got '" + s + "', expected a whole number"
                        + (min > Long.MIN_VALUE ? " >= " + min : ""));
            }
            if (v < min || v > max) {
                throw new ConfigError(key + ": got " + v + ", allowed: " + min + (max == Long.MAX_VALUE || max >= 1_000_000
                        ? " or more" : ".." + max));
            }
            return v;
        }

        public double doubleIn(String key, double min, double max) {
            String s = raw(key);
            double v;
            try {
                v = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new ConfigError(key + ": got '" + s + "', expected a number in [" + min + ", " + max + "]");
            }
            if (!(v >= min && v <= max)) {
                throw new ConfigError(key + ": got " + s + ", allowed: a number in [" + min + ", " + max + "]");
            }
            return v;
        }

        public boolean bool(String key) {
            String s = raw(key).trim().toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new ConfigError(key + ": got '" + s + "', allowed: true, false");
            };
        }

        public long bytes(String key, long min, long max) {
            long v;
            try {
                v = c.getBytes(key);
            } catch (ConfigException.BadValue | ConfigException.WrongType e) {
                throw new ConfigError(key + ": got '" + raw(key) + "', expected a size such as 8MB or 1048576");
            } catch (ConfigException.Missing e) {
                throw new ConfigError(key + ": missing; it must be set (see conf/augment.conf)");
            }
            if (v < min || v > max) {
                throw new ConfigError(key + ": got " + v + " bytes, allowed: " + min + ".." + max);
            }
            return v;
        }

        public List<String> strings(String key) {
            if (!c.hasPath(key)) {
                return List.of();
            }
            Object v = c.getValue(key).unwrapped();
            if (v instanceof List<?> l) {
                return l.stream().map(o -> String.valueOf(o).trim()).toList();
            }
            String s = String.valueOf(v).trim();
            return s.isEmpty() ? List.of() : java.util.Arrays.stream(s.split(",")).map(String::trim).toList();
        }

        public double[] doubles(String key) {
            if (!c.hasPath(key)) {
                return new double[0];
            }
            Object v = c.getValue(key).unwrapped();
            List<?> items;
            if (v instanceof List<?> l) {
                items = l;
            } else {
                String s = String.valueOf(v).trim();
                items = s.isEmpty() ? List.of() : List.of(s.split(","));
            }
            double[] out = new double[items.size()];
            for (int i = 0; i < out.length; i++) {
                String s = String.valueOf(items.get(i)).trim();
                try {
                    out[i] = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new ConfigError(key + ": got '" + s + "', expected comma-separated numbers such as 0.5,0.5,0.5");
                }
            }
            return out;
        }

        public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
            String s = raw(key).trim();
            StringBuilder allowed = new StringBuilder();
            for (E e : type.getEnumConstants()) {
                if (e.name().replace('_', '-').equalsIgnoreCase(s)) {
                    return e;
                }
                allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new ConfigError(key + ": got '" + s + "', allowed: " + allowed);
        }
    }
}
