package org.guidedmixup.core;

/**
 * {@code x^(-1/18)} for positive normal x, to about 1e-14 relative, at a fraction of the cost of
 * {@code Math.exp(Math.log(x) / -18)} (one per spectrum value in SR saliency, the costliest scalar
 * step there: 16.7 ns against about 4 ns per value, measured).
 *
 * <p>x = 2^e m with m in [1, 2): the power of two comes from a table over e, m is split at its top four
 * bits into a table value c^(-1/18) and (m / c)^(-1/18) = (1 + d)^(-1/18) with |d| < 1/32, a
 * binomial series of degree 8. Deterministic: the same x always gives the same result.
 */
final class InverseRoot18 {
    private static final double A = -1.0 / 18;
    private static final int MIN_EXP = -1022;
    private static final double[] POW2 = new double[2046];
    private static final double[] CENTRE_POW = new double[16];
    private static final double[] CENTRE_INV = new double[16];
    /** Binomial coefficients of (1 + d)^A, n = 1..8. */
    private static final double B1;
    private static final double B2;
    private static final double B3;
    private static final double B4;
    private static final double B5;
    private static final double B6;
    private static final double B7;
    private static final double B8;

    static {
        for (int i = 0; i < POW2.length; i++) {
            POW2[i] = Math.pow(2, (i + MIN_EXP) * A);
        }
        for (int k = 0; k < 16; k++) {
            double c = 1 + (k + 0.5) / 16;
            CENTRE_POW[k] = Math.pow(c, A);
            CENTRE_INV[k] = 1 / c;
        }
        double[] b = new double[9];
        b[0] = 1;
        for (int n = 1; n <= 8; n++) {
            b[n] = b[n - 1] * (A - n + 1) / n;
        }
        B1 = b[1];
        B2 = b[2];
        B3 = b[3];
        B4 = b[4];
        B5 = b[5];
        B6 = b[6];
        B7 = b[7];
        B8 = b[8];
    }

    private InverseRoot18() {
    }

    /**
     * {@code out[j] = of(re[j]^2 + im[j]^2 + eps)} for j < n, bit for bit. The loop body is
     * {@link #of} with its tables and coefficients in locals: C1 (the augment job's JIT) does not
     * inline {@code of} (over its 35-byte limit) and reloads its nine static fields on every call.
     * SR per 28x28 image under C1: see docs/performance.md.
     */
    static void ofSquaredMagnitudes(double[] re, double[] im, double eps, double[] out, int n) {
        double[] pow2 = POW2;
        double[] centrePow = CENTRE_POW;
        double[] centreInv = CENTRE_INV;
        double b1 = B1;
        double b2 = B2;
        double b3 = B3;
        double b4 = B4;
        double b5 = B5;
        double b6 = B6;
        double b7 = B7;
        double b8 = B8;
        for (int j = 0; j < n; j++) {
            double r = re[j];
            double i = im[j];
            double x = r * r + i * i + eps;
            long bits = Double.doubleToRawLongBits(x);
            int biased = (int) (bits >>> 52);
            if (biased <= 0 || biased >= 2047) {
                out[j] = Math.pow(x, A);
                continue;
            }
            int k = (int) (bits >>> 48) & 15;
            double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
            double d = m * centreInv[k] - 1;
            double series = 1 + d * (b1 + d * (b2 + d * (b3 + d * (b4 + d * (b5 + d * (b6 + d * (b7 + d * b8)))))));
            out[j] = pow2[biased - 1023 - MIN_EXP] * centrePow[k] * series;
        }
    }

    /** x^(-1/18); falls back to Math.pow outside the positive normal range (and for NaN, infinity). */
    static double of(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) (bits >>> 52);
        if (biased <= 0 || biased >= 2047) {
            // Zero, subnormal, negative (sign bit makes it >= 2048), infinite or NaN.
            return Math.pow(x, A);
        }
        int k = (int) (bits >>> 48) & 15;
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        double d = m * CENTRE_INV[k] - 1;
        double series = 1 + d * (B1 + d * (B2 + d * (B3 + d * (B4 + d * (B5 + d * (B6 + d * (B7 + d * B8)))))));
        return POW2[biased - 1023 - MIN_EXP] * CENTRE_POW[k] * series;
    }
}
