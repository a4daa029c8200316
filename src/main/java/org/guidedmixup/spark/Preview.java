package org.guidedmixup.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.SaliencyMixer;
import org.guidedmixup.core.SaliencyNormalizer;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.guidedmixup.io.ContactSheet;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.PngCodec;
import org.guidedmixup.io.ShardSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;

/**
 * Builds the contact sheet of the first mixed rows (by round, source_id): the shard gives the mixed
 * image and the pair; the decoded inputs give source and partner; saliency and mask are recomputed
 * with the same core code the job used (SR is per image, so they are exactly the job's).
 */
final class Preview {
    private Preview() {
    }

    /** @return the number of examples drawn (0 when no row is mixed) */
    /**
     * @param lookup decodes the images of the given source ids (only those: inputs can be large)
     */
    static int write(Dataset<Row> shards, Function<Set<Long>, List<DecodedImage>> lookup, ImageSpec spec, double[] mean,
                     double[] std, List<String> classNames, int rows, OutputStream out) throws IOException {
        List<Row> picked = shards.filter(col(ShardSchema.MIXED))
                .select(ShardSchema.SOURCE_ID, ShardSchema.PARTNER_ID, ShardSchema.LABEL, ShardSchema.PARTNER_LABEL,
                        ShardSchema.RATIO, ShardSchema.IMAGE, ShardSchema.ROUND)
                .orderBy(col(ShardSchema.ROUND), col(ShardSchema.SOURCE_ID)).limit(rows).collectAsList();
        if (picked.isEmpty()) {
            return 0;
        }
        Set<Long> ids = new HashSet<>();
        for (Row r : picked) {
            ids.add(r.getLong(0));
            ids.add(r.getLong(1));
        }
        Map<Long, byte[]> pixels = new HashMap<>();
        for (DecodedImage d : lookup.apply(ids)) {
            if (!d.isRejected()) {
                pixels.put(d.sourceId, d.pixels);
            }
        }
        SpectralResidualSaliency sr = new SpectralResidualSaliency(mean.length == 0 ? null : mean, std.length == 0 ? null : std);
        SaliencyNormalizer normalizer = new SaliencyNormalizer();
        int len = spec.length();
        int hw = spec.height() * spec.width();
        List<ContactSheet.Item> items = new ArrayList<>();
        for (Row r : picked) {
            byte[] src = pixels.get(r.getLong(0));
            byte[] par = pixels.get(r.getLong(1));
            if (src == null || par == null) {
                continue;
            }
            float[] pair = new float[2 * len];
            for (int p = 0; p < len; p++) {
                pair[p] = (src[p] & 0xff) / 255f;
                pair[len + p] = (par[p] & 0xff) / 255f;
            }
            ImageBatch b = ImageBatch.of(spec.channels(), spec.height(), spec.width(), pair, new int[2], new long[] {0, 1});
            double[] s = new double[2 * hw];
            double[] z = new double[2 * hw];
            sr.detect(b, s);
            normalizer.apply(s, z, 2, spec.height(), spec.width());
            double[] mask = new double[hw];
            for (int p = 0; p < hw; p++) {
                mask[p] = SaliencyMixer.mask(z[p], z[hw + p]);
            }
            byte[] image = (byte[]) r.get(5);
            byte[] mixed = image.length == len ? image : PngCodec.decode(image, spec.channels());
            float ratio = r.getFloat(4);
            List<String> caption = List.of(
                    String.format(Locale.ROOT, "#%d %s (%.2f)", r.getLong(0), name(classNames, r.getInt(2)), ratio),
                    String.format(Locale.ROOT, "+ #%d %s (%.2f)", r.getLong(1), name(classNames, r.getInt(3)), 1 - ratio),
                    "round " + r.getInt(6));
            items.add(new ContactSheet.Item(src, par, slice(s, 0, hw), slice(s, hw, hw), mask, mixed, caption));
        }
        ContactSheet.write(items, spec.channels(), spec.height(), spec.width(), out);
        return items.size();
    }

    private static double[] slice(double[] a, int from, int n) {
        double[] out = new double[n];
        System.arraycopy(a, from, out, 0, n);
        return out;
    }

    private static String name(List<String> names, int label) {
        return label < names.size() ? label + ":" + names.get(label) : "label " + label;
    }
}
