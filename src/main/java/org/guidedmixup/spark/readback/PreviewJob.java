package org.guidedmixup.spark.readback;

import org.apache.spark.sql.SparkSession;
import org.guidedmixup.spark.config.AugmentConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code preview DIR}: a contact sheet of an existing output. The job's settings come from its
 * summary.json; the input it names is read again for the source and partner images.
 */
public final class PreviewJob {
    private PreviewJob() {
    }

    /** @return the number of examples drawn */
    public static int run(SparkSession spark, String dir, Path png, int rows) throws IOException {
        AugmentOutput o = AugmentOutput.open(spark, dir);
        try (OutputStream out = Files.newOutputStream(png)) {
            return Preview.write(Preview.firstMixed(o.shards, rows), o::decode, o.spec, o.cfg.seed(), o.cfg.saliencyMean(),
                    o.cfg.saliencyStd(), o.classNames, o.cfg.imageEncoding() == AugmentConfig.ImageEncoding.RAW,
                    o.cfg.imageEncoding() == AugmentConfig.ImageEncoding.JPEG, Explanation.of(o.cfg), out);
        }
    }
}
