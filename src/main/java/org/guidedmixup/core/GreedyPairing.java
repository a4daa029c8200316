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

    private double[][] acc = new double[0][];
    private double[][] block = new double[0][];

    /**
     * w[i*m+j] = ||z_i - z_j||_2, symmetric, zero diagonal. Written so that C2 vectorises it: blocks
     * of 256 pixels are transposed so that one array holds one pixel of every map, and the inner
     * loop runs over the partner j with a single index into two arrays (1.4x faster than four
     * scalar sums at M = 32, 3-4x at M = 128). Each pair's sum still runs over the pixels in order
     * with one accumulator, so identical maps give exactly 0 and equal pairs equal sums.
     */
    void distances(double[] z, int m, int pixels, double[] w) {
        final int bs = 256;
        if (acc.length < m || acc[0].length < m) {
            acc = new double[m][m];
        }
        if (block.length < bs || block[0].length < m) {
            block = new double[bs][m];
        }
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(acc[i], 0, m, 0.0);
        }
        for (int p0 = 0; p0 < pixels; p0 += bs) {
            int nb = Math.min(bs, pixels - p0);
            for (int j = 0; j < m; j++) {
                int base = j * pixels + p0;
                for (int q = 0; q < nb; q++) {
                    block[q][j] = z[base + q];
                }
            }
            for (int i = 0; i < m - 1; i++) {
                double[] a = acc[i];
                for (int q = 0; q < nb; q++) {
                    double[] col = block[q];
                    double zi = col[i];
                    for (int j = i + 1; j < m; j++) {
                        double d = zi - col[j];
                        a[j] += d * d;
                    }
                }
            }
        }
        for (int i = 0; i < m; i++) {
            w[i * m + i] = 0;
            for (int j = i + 1; j < m; j++) {
                double d = Math.sqrt(acc[i][j]);
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
