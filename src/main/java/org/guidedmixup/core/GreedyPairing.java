package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * Algorithm 1 of GuidedMixup as the reference's Cython {@code onecycle_cover} implements it: the L2
 * distance matrix between normalised saliency maps, then a greedy walk that always jumps to the
 * farthest image not yet used as a source, closing into one cycle through the whole batch.
 * Ties go to the first maximum in row-major order, as {@code numpy.argmax} does. Cost O(M^2 P).
 *
 * <p>Distances are computed in double precision in the Gram form, pair by pair (M x M memory, never
 * M x M x P), with every sum in pixel order so that identical maps give exactly 0 and ties fall the
 * way the reference's do (see {@link #distances}).
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
    /** Per map, the sum of its squared values in pixel order. */
    private double[] norms = new double[0];

    /**
     * Whether this JVM compiles with C2. The augment launcher runs C1 only (faster end to end on a
     * short Spark job), and C1 vectorises nothing: there the transposed form below cost 1 150 µs at
     * M = 64 over 784 pixels in the direct form, and the register-blocked one 610 µs; under C2 it is
     * the other way round (240 against 500 µs). Both give bit-identical sums, so the choice changes
     * no result.
     */
    private static final boolean C2 = c2Compiles();

    static boolean c2Compiles() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (vm == null) {
                return true;
            }
            boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            int stopAt = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            return !tiered || stopAt >= 4;
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /**
     * w[i*m+j] = ||z_i - z_j||_2, symmetric, zero diagonal, in the form this JVM's JIT runs faster.
     *
     * <p>Both forms take the Gram form {@code sqrt(max(0, (|z_i|^2 + |z_j|^2) - 2 z_i.z_j))}, every
     * norm and dot product summed over the pixels in order with one accumulator: a multiply and an
     * add per pair and pixel instead of a subtract, a multiply and an add (C1, M = 64 over 784
     * pixels, the whole matrix: 589 → 451 µs; under C2 unchanged, 252 against 259 µs). Ties still
     * fall as the reference's do: a map's norm and its dot product with an identical map are the
     * same sum, so identical maps are exactly 0 apart and exactly as far from every other map. Other distances differ from the direct sum of squared differences
     * by rounding only, far below where float32 (the reference's precision) already differs; the
     * specification's own check of this form in float64 reproduced every golden pairing.
     */
    void distances(double[] z, int m, int pixels, double[] w) {
        if (norms.length < m) {
            norms = new double[m];
        }
        for (int i = 0; i < m; i++) {
            int o = i * pixels;
            double n = 0;
            for (int p = 0; p < pixels; p++) {
                double v = z[o + p];
                n += v * v;
            }
            norms[i] = n;
        }
        if (C2) {
            dotsTransposed(z, m, pixels, w);
        } else {
            dotsBlocked(z, m, pixels, w);
        }
        for (int i = 0; i < m; i++) {
            w[i * m + i] = 0;
            for (int j = i + 1; j < m; j++) {
                double d = Math.sqrt(Math.max(0.0, (norms[i] + norms[j]) - 2 * w[i * m + j]));
                w[i * m + j] = d;
                w[j * m + i] = d;
            }
        }
    }

    /**
     * w[i*m+j] = z_i.z_j for i < j (the rest is left as is). Written so that C2 vectorises it:
     * blocks of 256 pixels are transposed so that one array holds one pixel of every map, and the
     * inner loop runs over the partner j with a single index into two arrays. Four pixels per pass
     * over j cut the loads and stores of the sums by four (direct form, best of 1 s, one thread:
     * M = 32 over 784 pixels 120 → 86 µs, M = 64 321 → 240 µs, M = 128 1 080 → 815 µs); eight did
     * not vectorise and were slower. Each pair's sum still runs over the pixels in order with one
     * accumulator, as in {@link #dotsBlocked}.
     */
    void dotsTransposed(double[] z, int m, int pixels, double[] w) {
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
                int q = 0;
                // Four pixels per pass, still added one after the other (Java sums left to right):
                // the same sums as one pixel per pass, with a quarter of the loads and stores of a[j],
                // and still one store per iteration, which C2 needs to vectorise the loop.
                for (; q + 3 < nb; q += 4) {
                    double[] c0 = block[q];
                    double[] c1 = block[q + 1];
                    double[] c2 = block[q + 2];
                    double[] c3 = block[q + 3];
                    double z0 = c0[i];
                    double z1 = c1[i];
                    double z2 = c2[i];
                    double z3 = c3[i];
                    for (int j = i + 1; j < m; j++) {
                        a[j] = a[j] + z0 * c0[j] + z1 * c1[j] + z2 * c2[j] + z3 * c3[j];
                    }
                }
                for (; q < nb; q++) {
                    double[] col = block[q];
                    double zi = col[i];
                    for (int j = i + 1; j < m; j++) {
                        a[j] += zi * col[j];
                    }
                }
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                w[i * m + j] = acc[i][j];
            }
        }
    }

    /**
     * The same dot products for C1, which keeps scalars in registers but neither unrolls nor
     * vectorises: 4 x 4 pairs per pass over the pixels, 16 sums in registers and 8 loads per 16
     * multiply-adds (the transposed form loads and stores a sum per multiply-add). Each pair's sum
     * runs over the pixels in order with one accumulator. Blocks at the edges repeat their last row
     * or column, and the pairs with j <= i are not stored.
     */
    void dotsBlocked(double[] z, int m, int pixels, double[] w) {
        int last = m - 1;
        for (int i0 = 0; i0 < last; i0 += 4) {
            int i1 = Math.min(i0 + 1, last);
            int i2 = Math.min(i0 + 2, last);
            int i3 = Math.min(i0 + 3, last);
            int oa0 = i0 * pixels;
            int oa1 = i1 * pixels;
            int oa2 = i2 * pixels;
            int oa3 = i3 * pixels;
            for (int j0 = i0 + 1; j0 <= last; j0 += 4) {
                int j1 = Math.min(j0 + 1, last);
                int j2 = Math.min(j0 + 2, last);
                int j3 = Math.min(j0 + 3, last);
                int ob0 = j0 * pixels;
                int ob1 = j1 * pixels;
                int ob2 = j2 * pixels;
                int ob3 = j3 * pixels;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
                double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
                double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
                for (int p = 0; p < pixels; p++) {
                    double b0 = z[ob0 + p];
                    double b1 = z[ob1 + p];
                    double b2 = z[ob2 + p];
                    double b3 = z[ob3 + p];
                    double a = z[oa0 + p];
                    s00 += a * b0;
                    s01 += a * b1;
                    s02 += a * b2;
                    s03 += a * b3;
                    a = z[oa1 + p];
                    s10 += a * b0;
                    s11 += a * b1;
                    s12 += a * b2;
                    s13 += a * b3;
                    a = z[oa2 + p];
                    s20 += a * b0;
                    s21 += a * b1;
                    s22 += a * b2;
                    s23 += a * b3;
                    a = z[oa3 + p];
                    s30 += a * b0;
                    s31 += a * b1;
                    s32 += a * b2;
                    s33 += a * b3;
                }
                putUpper(w, m, i0, j0, s00);
                putUpper(w, m, i0, j1, s01);
                putUpper(w, m, i0, j2, s02);
                putUpper(w, m, i0, j3, s03);
                putUpper(w, m, i1, j0, s10);
                putUpper(w, m, i1, j1, s11);
                putUpper(w, m, i1, j2, s12);
                putUpper(w, m, i1, j3, s13);
                putUpper(w, m, i2, j0, s20);
                putUpper(w, m, i2, j1, s21);
                putUpper(w, m, i2, j2, s22);
                putUpper(w, m, i2, j3, s23);
                putUpper(w, m, i3, j0, s30);
                putUpper(w, m, i3, j1, s31);
                putUpper(w, m, i3, j2, s32);
                putUpper(w, m, i3, j3, s33);
            }
        }
    }

    private static void putUpper(double[] w, int m, int i, int j, double v) {
        if (i < j) {
            w[i * m + j] = v;
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
