package org.guidedmixup.spark.readback;

import org.apache.spark.sql.Row;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.SaliencyMixer;
import org.guidedmixup.core.SaliencyNormalizer;
import org.guidedmixup.core.SoftLabels;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.output.ShardFormat;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.ImageTransformer;
import org.guidedmixup.spark.output.ShardSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Output rows with what explains them: the shard gives the stored image, the pair, labels and
 * ratio; the decoded input gives source and partner; SR saliency of both and the guided mask are
 * recomputed with the core code the job used (SR is per image, so they are the job's own). Shared by
 * {@code preview} (a contact sheet) and {@code export} (arrays for notebooks).
 */
final class ExplainedRows {
    private ExplainedRows() {
    }

    /**
     * One row. For a row that was not mixed, {@code partnerId} is -1, the partner arrays are zeros
     * and the mask is all ones.
     */
    record Example(long sourceId, long partnerId, int round, long batchId, boolean mixed, int label, int partnerLabel,
                   float ratio, float[] softLabel, byte[] stored, byte[] source, byte[] partner, double[] sourceSaliency,
                   double[] partnerSaliency, double[] mask) {
    }

    /** The columns {@link #collect} reads, in this order (soft_label last and optional). */
    private static final String[] COLUMNS = {ShardSchema.SOURCE_ID, ShardSchema.PARTNER_ID, ShardSchema.ROUND,
        ShardSchema.BATCH_ID, ShardSchema.MIXED, ShardSchema.LABEL, ShardSchema.PARTNER_LABEL, ShardSchema.RATIO,
        ShardSchema.IMAGE};
    // Where each column is in a row of COLUMNS (rows built by PreviewCandidates carry no schema to look names up in).
    private static final int SOURCE_ID = at(ShardSchema.SOURCE_ID);
    private static final int PARTNER_ID = at(ShardSchema.PARTNER_ID);
    private static final int ROUND = at(ShardSchema.ROUND);
    private static final int BATCH_ID = at(ShardSchema.BATCH_ID);
    private static final int MIXED = at(ShardSchema.MIXED);
    private static final int LABEL = at(ShardSchema.LABEL);
    private static final int PARTNER_LABEL = at(ShardSchema.PARTNER_LABEL);
    private static final int RATIO = at(ShardSchema.RATIO);
    private static final int IMAGE = at(ShardSchema.IMAGE);
    private static final int SOFT_LABEL = COLUMNS.length;

    private static int at(String column) {
        return java.util.Arrays.asList(COLUMNS).indexOf(column);
    }

    /** What to select from the shards for {@link #collect}, with or without the soft_label column. */
    static org.apache.spark.sql.Column[] columns(boolean softLabel) {
        int n = COLUMNS.length + (softLabel ? 1 : 0);
        org.apache.spark.sql.Column[] c = new org.apache.spark.sql.Column[n];
        for (int i = 0; i < COLUMNS.length; i++) {
            c[i] = org.apache.spark.sql.functions.col(COLUMNS[i]);
        }
        if (softLabel) {
            c[n - 1] = org.apache.spark.sql.functions.col(ShardSchema.SOFT_LABEL);
        }
        return c;
    }

    /**
     * @param rows   shard rows with {@link #COLUMNS} (and soft_label when {@code k} rebuilding is not wanted)
     * @param lookup decodes the images of the given source ids
     * @param seed   the run's seed: with it, each row's round and the spec's base transform give the
     *               source and partner as saliency and mixing saw them
     * @param k      class count, for soft labels rebuilt from label, partner and ratio when the column is absent
     * @param eps    the run's label smoothing, for those rebuilt soft labels
     * @param raw    the run stored raw pixels (else PNG or JPEG, decoded here)
     * @param lossy  the run stored JPEG (the pasted box is then found with a tolerance)
     * @param how    what can be shown of how the run mixed (saliency maps and masks not recomputable are NaN)
     */
    static List<Example> collect(List<Row> rows, Function<Set<Long>, List<DecodedImage>> lookup, ImageSpec spec, long seed,
                                 double[] mean, double[] std, int k, double eps, boolean raw, boolean lossy,
                                 Explanation how) {
        Set<Long> ids = new HashSet<>();
        for (Row r : rows) {
            ids.add(r.getLong(SOURCE_ID));
            if (!r.isNullAt(PARTNER_ID)) {
                ids.add(r.getLong(PARTNER_ID));
            }
        }
        Map<Long, DecodedImage> decoded = new HashMap<>();
        for (DecodedImage d : lookup.apply(ids)) {
            if (!d.isRejected()) {
                decoded.put(d.sourceId, d);
            }
        }
        ImageTransformer transformer = new ImageTransformer(spec, seed);
        SpectralResidualSaliency sr = new SpectralResidualSaliency(mean.length == 0 ? null : mean, std.length == 0 ? null : std);
        SaliencyNormalizer normalizer = new SaliencyNormalizer();
        int len = spec.length();
        int hw = spec.height() * spec.width();
        List<Example> out = new ArrayList<>();
        boolean hasSoft = rows.isEmpty() || rows.get(0).length() > COLUMNS.length;
        for (Row r : rows) {
            long sid = r.getLong(SOURCE_ID);
            boolean mixed = r.getBoolean(MIXED);
            long pid = mixed && !r.isNullAt(PARTNER_ID) ? r.getLong(PARTNER_ID) : -1;
            DecodedImage srcImage = decoded.get(sid);
            DecodedImage parImage = pid < 0 ? null : decoded.get(pid);
            if (srcImage == null || (pid >= 0 && parImage == null)) {
                continue; // the input changed since the run; such rows cannot be explained
            }
            int round = r.getInt(ROUND);
            byte[] src = transformer.seen(srcImage, round);
            byte[] par = pid < 0 ? new byte[len] : transformer.seen(parImage, round);
            float[] pair = new float[2 * len];
            for (int p = 0; p < len; p++) {
                pair[p] = (src[p] & 0xff) / 255f;
                pair[len + p] = (par[p] & 0xff) / 255f;
            }
            double[] s = new double[2 * hw];
            double[] mask = new double[hw];
            byte[] image = (byte[]) r.get(IMAGE);
            byte[] stored = ShardFormat.storedPixelsOfFew(image, raw, spec.channels());
            if (how.recomputesSaliency()) {
                ImageBatch b = ImageBatch.of(spec.channels(), spec.height(), spec.width(), pair, new int[2], new long[] {0, 1});
                double[] z = new double[2 * hw];
                sr.detect(b, s);
                normalizer.apply(s, z, 2, spec.height(), spec.width());
                for (int p = 0; p < hw; p++) {
                    mask[p] = pid < 0 ? 1.0 : SaliencyMixer.mask(z[p], z[hw + p]);
                }
            } else {
                java.util.Arrays.fill(s, Double.NaN);
                if (pid < 0) {
                    java.util.Arrays.fill(mask, 1.0);
                } else if (!how.showsMask()) {
                    java.util.Arrays.fill(mask, Double.NaN);
                } else if (how.mixer() == org.guidedmixup.core.MixupConfig.MixerKind.MIXUP) {
                    java.util.Arrays.fill(mask, r.getFloat(RATIO));
                } else {
                    pastedBox(stored, src, spec, lossy, mask);
                }
            }
            int label = r.getInt(LABEL);
            int plabel = r.isNullAt(PARTNER_LABEL) ? -1 : r.getInt(PARTNER_LABEL);
            float ratio = r.getFloat(RATIO);
            float[] soft;
            if (hasSoft) {
                List<Float> l = r.getList(SOFT_LABEL);
                soft = new float[l.size()];
                for (int c = 0; c < soft.length; c++) {
                    soft[c] = l.get(c);
                }
            } else {
                soft = new float[k];
                if (k > 0) {
                    SoftLabels.write(k, eps, label, plabel, ratio, new double[k], soft, 0);
                }
            }
            double[] sp = new double[hw];
            System.arraycopy(s, hw, sp, 0, hw);
            if (pid < 0 && how.recomputesSaliency()) {
                java.util.Arrays.fill(sp, 0);
            }
            out.add(new Example(sid, pid, r.getInt(ROUND), r.getLong(BATCH_ID), mixed, label, plabel, ratio, soft, stored, src,
                    pid < 0 ? new byte[len] : par, java.util.Arrays.copyOf(s, hw), sp, mask));
        }
        return out;
    }

    /**
     * CutMix's box, found from the pixels: the bounding box of the pixels where the stored image
     * differs from the source (0 inside, 1 outside); with JPEG, small differences are compression.
     */
    static void pastedBox(byte[] stored, byte[] source, ImageSpec spec, boolean lossy, double[] mask) {
        int h = spec.height();
        int w = spec.width();
        int hw = h * w;
        int tolerance = lossy ? 24 : 0; // PNG and raw are exact; JPEG changes pixels a little everywhere
        int top = h;
        int bottom = -1;
        int left = w;
        int right = -1;
        for (int p = 0; p < hw; p++) {
            for (int c = 0; c < spec.channels(); c++) {
                int i = c * hw + p;
                if (Math.abs((stored[i] & 0xff) - (source[i] & 0xff)) > tolerance) {
                    int y = p / w;
                    int x = p % w;
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    break;
                }
            }
        }
        for (int p = 0; p < hw; p++) {
            int y = p / w;
            int x = p % w;
            mask[p] = y >= top && y <= bottom && x >= left && x <= right ? 0.0 : 1.0;
        }
    }
}
