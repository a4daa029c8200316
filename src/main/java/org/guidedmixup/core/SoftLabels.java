package org.guidedmixup.core;

import java.util.Arrays;

/**
 * The soft label of a mixed image, in one place for the job, training from shards that dropped the
 * column, and the read-back: {@code soft = ratio * smooth(onehot(label)) + (1 - ratio) *
 * smooth(onehot(partner))} with timm's smoothing ({@code off = eps / K}, {@code on = 1 - eps + off});
 * {@code eps = 0} gives the reference's labels. Summed in double in this order, then rounded to float
 * once, so every caller gets the same bits.
 */
public final class SoftLabels {
    private SoftLabels() {
    }

    /**
     * Writes the K values of one row into {@code out[at .. at + k)}.
     *
     * @param partnerLabel the partner's label, or a negative value for a row that was not mixed
     *                     (then the label is one-hot, smoothed)
     * @param scratch      at least {@code k} doubles, reused between calls (no allocation per row)
     */
    public static void write(int k, double eps, int label, int partnerLabel, double ratio, double[] scratch,
                             float[] out, int at) {
        double off = eps / k;
        double on = 1 - eps;
        Arrays.fill(scratch, 0, k, off);
        double lam = partnerLabel < 0 ? 1.0 : ratio;
        scratch[label] += lam * on;
        scratch[partnerLabel < 0 ? label : partnerLabel] += (1 - lam) * on;
        for (int c = 0; c < k; c++) {
            out[at + c] = (float) scratch[c];
        }
    }
}
