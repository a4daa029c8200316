package org.guidedmixup.io;

import com.fasterxml.jackson.core.JsonProcessingException;

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

    /** The footer's key-value metadata. */
    public Map<String, String> toMap() throws JsonProcessingException {
        Map<String, String> m = new TreeMap<>();
        String p = ShardSchema.META_PREFIX;
        m.put(p + "version", version);
        m.put(p + "algorithm", algorithm);
        m.put(p + "saliency", saliency);
        m.put(p + "pairing", pairing);
        m.put(p + "mixer", mixer);
        m.put(p + "batch_size", Integer.toString(batchSize));
        m.put(p + "seed", Long.toString(seed));
        m.put(p + "num_classes", Integer.toString(numClasses));
        m.put(p + "class_names", JsonFormat.compact().writeValueAsString(classNames));
        m.put(p + "image_encoding", imageEncoding);
        if (jpegQuality != null) {
            m.put(p + "jpeg_quality", Integer.toString(jpegQuality));
        }
        m.put(p + "image_shape", spec.channels() + "x" + spec.height() + "x" + spec.width());
        m.put(p + "transform", spec.transform().toString());
        m.put(p + "options", JsonFormat.compact().writeValueAsString(options));
        return m;
    }
}
