package org.guidedmixup.spark.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.JsonFormat;
import org.guidedmixup.spark.config.AugmentConfig;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every shard file's Parquet footer says about the run that wrote it (keys under
 * {@link ShardSchema#META_PREFIX}): enough for {@code train --data} to refuse a file from another run,
 * and for any Parquet reader to see how the rows were made.
 *
 * @param jpegQuality null unless the images are JPEG
 * @param options     every setting of the run, as summary.json's {@code config}
 */
public record ShardFooter(String version, String algorithm, String saliency, String pairing, String mixer, int batchSize,
                          long seed, int numClasses, List<String> classNames, String imageEncoding, Integer jpegQuality,
                          ImageSpec spec, Map<String, Object> options) {

    /** The key that marks a file as written by this project's augment job. */
    public static final String ALGORITHM = ShardSchema.META_PREFIX + "algorithm";
    /** Every setting of the run: files of one run share it. */
    public static final String OPTIONS = ShardSchema.META_PREFIX + "options";
    private static final String SEED = ShardSchema.META_PREFIX + "seed";
    private static final String BATCH_SIZE = ShardSchema.META_PREFIX + "batch_size";
    private static final String PAIRING = ShardSchema.META_PREFIX + "pairing";
    private static final String MIXER = ShardSchema.META_PREFIX + "mixer";
    private static final String IMAGE_SHAPE = ShardSchema.META_PREFIX + "image_shape";
    private static final String NUM_CLASSES = ShardSchema.META_PREFIX + "num_classes";

    /**
     * The footer values that identify a run of {@code settings} with this image shape and class count: a
     * shard file whose value of one of these keys differs was written by another run.
     */
    public static Map<String, String> identity(AugmentConfig settings, int channels, int height, int width, int numClasses) {
        Map<String, String> m = new TreeMap<>();
        m.put(SEED, Long.toString(settings.seed()));
        m.put(BATCH_SIZE, Integer.toString(settings.batchSize()));
        m.put(PAIRING, settings.pairing().id());
        m.put(MIXER, settings.mixer().id());
        m.put(IMAGE_SHAPE, ShardFormat.imageShape(channels, height, width));
        m.put(NUM_CLASSES, Integer.toString(numClasses));
        return m;
    }

    /** The footer's key-value metadata. */
    public Map<String, String> toMap() throws JsonProcessingException {
        Map<String, String> m = new TreeMap<>();
        String p = ShardSchema.META_PREFIX;
        m.put(p + "version", version);
        m.put(ALGORITHM, algorithm);
        m.put(p + "saliency", saliency);
        m.put(PAIRING, pairing);
        m.put(MIXER, mixer);
        m.put(BATCH_SIZE, Integer.toString(batchSize));
        m.put(SEED, Long.toString(seed));
        m.put(NUM_CLASSES, Integer.toString(numClasses));
        m.put(p + "class_names", JsonFormat.compact().writeValueAsString(classNames));
        m.put(p + "image_encoding", imageEncoding);
        if (jpegQuality != null) {
            m.put(p + "jpeg_quality", Integer.toString(jpegQuality));
        }
        m.put(IMAGE_SHAPE, ShardFormat.imageShape(spec.channels(), spec.height(), spec.width()));
        m.put(p + "transform", spec.transform().toString());
        m.put(OPTIONS, JsonFormat.compact().writeValueAsString(options));
        return m;
    }
}
