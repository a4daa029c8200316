package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * Algorithm 1 of GuidedMixup as the reference's Cython {@code onecycle_cover} implements it: the L2
 * distance matrix between normalised saliency maps, then a greedy walk that always jumps to the
 * farthest image not yet used as a source, closing into one cycle through the whole batch.
 * Ties go to the first maximum in row-major order, as {@code numpy.argmax} does. Cost O(M^2 P).
 *
 * <p>Distances are summed directly over pixel differences in double precision, pair by pair (M x M
 * memory, never M x M x P). This costs the same multiply-adds as the Gram form but has no
 * cancellation: identical maps give exactly 0, so ties fall the way the reference's do.
 */
public final class GreedyPairing implements Pairing {
    private double[] dist = new double[0];

    @Override
    public void pair(double[] z, int m, int pixels, RandomGenerator rng, int[] partner) {
        if (m == 1) {
            partner[0] = 0;
            return;
        }
        if (dist.length < m * m) {
            dist = new double[m * m];
        }
        double[] w = dist;
        distances(z, m, pixels, w);
        for (int i = 0; i < m; i++) {
            w[i * m + i] = Double.NEGATIVE_INFINITY;
        }
        int best = 0;
        for (int k = 1; k < m * m; k++) {
            if (w[k] > w[best]) {
                best = k;
            }
        }
        int row = best / m;
        int col = best % m;
        int first = row;
        partner[row] = col;
        blockColumn(w, m, row);
        for (int step = 0; step < m - 2; step++) {
            row = col;
            col = argmaxRow(w, m, row);
            partner[row] = col;
            blockColumn(w, m, row);
        }
        partner[col] = first;
    }

    /** w[i*m+j] = ||z_i - z_j||_2, symmetric, zero diagonal. */
    static void distances(double[] z, int m, int pixels, double[] w) {
        for (int i = 0; i < m; i++) {
            w[i * m + i] = 0;
            int bi = i * pixels;
            for (int j = i + 1; j < m; j++) {
                int bj = j * pixels;
                // Four independent sums break the add-latency chain (about 3x here). Identical maps
                // still give exactly 0 and equal pairs of maps equal sums, so ties are unchanged.
                double a0 = 0;
                double a1 = 0;
                double a2 = 0;
                double a3 = 0;
                int p = 0;
                for (; p + 3 < pixels; p += 4) {
                    double d0 = z[bi + p] - z[bj + p];
                    double d1 = z[bi + p + 1] - z[bj + p + 1];
                    double d2 = z[bi + p + 2] - z[bj + p + 2];
                    double d3 = z[bi + p + 3] - z[bj + p + 3];
                    a0 += d0 * d0;
                    a1 += d1 * d1;
                    a2 += d2 * d2;
                    a3 += d3 * d3;
                }
                for (; p < pixels; p++) {
                    double d0 = z[bi + p] - z[bj + p];
                    a0 += d0 * d0;
                }
                double d = Math.sqrt((a0 + a1) + (a2 + a3));
                w[i * m + j] = d;
                w[j * m + i] = d;
            }
        }
    }

    private static int argmaxRow(double[] w, int m, int row) {
        int base = row * m;
        int best = 0;
        for (int j = 1; j < m; j++) {
            if (w[base + j] > w[base + best]) {
                best = j;
            }
        }
        return best;
    }

    private static void blockColumn(double[] w, int m, int col) {
        for (int i = 0; i < m; i++) {
            w[i * m + col] = Double.NEGATIVE_INFINITY;
        }
    }

    @Override
    public boolean needsSaliency() {
        return true;
    }

    @Override
    public String name() {
        return "greedy";
    }
}
