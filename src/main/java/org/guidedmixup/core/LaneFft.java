package org.guidedmixup.core;

import java.util.Arrays;

/**
 * Complex FFT of one length n over many sequences at once: a mixed-radix (4, 2, 3, 5, 7) Stockham
 * transform whose elements are arrays of lanes. Element i of every sequence is the pair of arrays
 * {@code re[i], im[i]} (all of one length v), and lane j of all elements is one sequence.
 *
 * <p>Why: spectral-residual saliency does many tiny 2-D transforms (28x28, 32x32, 64x64). JTransforms
 * runs them one short sequence at a time, with per-call set-up, index arithmetic and copies, and
 * spent about 52 of the 80 µs per 28x28 image. Here a butterfly is one straight loop over the lanes
 * of its element arrays with the twiddles hoisted, and the plan (radices, twiddles) is built once.
 * The loops stay scalar on JDK 17 (C2 vectorises neither a loop that stores to several arrays
 * nor, under the default {@code LoopUnrollLimit}, one with a body this size; one-store-per-loop
 * variants do vectorise but measured 3x slower in the direct form and only 15-25 % faster for a
 * two-step radix 4), so the gain is from doing less, not from SIMD (docs/performance.md).
 *
 * <p>Forward uses {@code exp(-2 pi i jk/n)}, inverse {@code exp(+2 pi i jk/n)}, both unscaled. Plans are
 * immutable and thread-safe; the caller owns the data and scratch arrays.
 */
final class LaneFft {
    private final int n;
    private final int[] radices;
    /** Per stage: twiddle (pp, t) at [pp * p + t] = exp(+2 pi i pp t / n_stage); forward flips the sine. */
    private final double[][] twRe;
    private final double[][] twIm;
    /** Per radix p (index p): cos(2 pi k / p) and sin(2 pi k / p), k = 0..p-1. */
    private final double[][] cos = new double[8][];
    private final double[][] sin = new double[8][];

    /** True when n factors into 2, 3, 5 and 7 only (the sizes this plan handles). */
    static boolean supports(int n) {
        if (n < 1) {
            return false;
        }
        for (int p : new int[] {2, 3, 5, 7}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }

    LaneFft(int n) {
        if (!supports(n)) {
            throw new IllegalArgumentException("FFT length " + n + " has a prime factor above 7");
        }
        this.n = n;
        int[] factors = new int[32];
        int stages = 0;
        int rest = n;
        // As many 4s as fit (cheaper per point than two 2s), then 2, 3, 5, 7: the largest odd radix
        // is the last stage, whose twiddles are all 1 and which runs the untwiddled loop (28 = 4 x 7:
        // 5.5-7.6 -> 4.2-6.2 ns per point). Putting the 4s after a 2 measured slower (32 points:
        // 3.3 -> 4.7 ns), so 2 stays behind the 4s.
        for (int p : new int[] {4, 2, 3, 5, 7}) {
            while (rest % p == 0) {
                factors[stages++] = p;
                rest /= p;
            }
        }
        radices = Arrays.copyOf(factors, stages);
        twRe = new double[stages][];
        twIm = new double[stages][];
        int nCur = n;
        for (int st = 0; st < stages; st++) {
            int p = radices[st];
            int m = nCur / p;
            twRe[st] = new double[m * p];
            twIm[st] = new double[m * p];
            for (int pp = 0; pp < m; pp++) {
                for (int t = 0; t < p; t++) {
                    double a = 2 * Math.PI * ((long) pp * t % nCur) / nCur;
                    twRe[st][pp * p + t] = Math.cos(a);
                    twIm[st][pp * p + t] = Math.sin(a);
                }
            }
            nCur = m;
        }
        for (int p : new int[] {3, 5, 7}) {
            cos[p] = new double[p];
            sin[p] = new double[p];
            for (int k = 0; k < p; k++) {
                cos[p][k] = Math.cos(2 * Math.PI * k / p);
                sin[p][k] = Math.sin(2 * Math.PI * k / p);
            }
        }
    }

    /**
     * Transforms the n elements (re[i], im[i]), i < n, each of v lanes. (tre, tim) are scratch of n
     * arrays of v. On return the result is in (re, im); rows may have been swapped with the scratch's.
     *
     * @param inverse false: forward, exp(-...); true: inverse, exp(+...), unscaled
     */
    void transform(double[][] re, double[][] im, double[][] tre, double[][] tim, boolean inverse) {
        double sigma = inverse ? 1 : -1;
        double[][] xr = re;
        double[][] xi = im;
        double[][] yr = tre;
        double[][] yi = tim;
        int nCur = n;
        int s = 1;
        for (int st = 0; st < radices.length; st++) {
            int p = radices[st];
            int m = nCur / p;
            double[] wr = twRe[st];
            double[] wi = twIm[st];
            for (int pp = 0; pp < m; pp++) {
                int tw = pp * p;
                for (int q = 0; q < s; q++) {
                    // inputs q + s (pp + r m), outputs q + s (p pp + t)
                    int in0 = q + s * pp;
                    int step = s * m;
                    int out0 = q + s * p * pp;
                    switch (p) {
                        case 2 -> radix2(xr, xi, yr, yi, in0, step, out0, s, wr[tw + 1], sigma * wi[tw + 1], pp == 0);
                        case 4 -> radix4(xr, xi, yr, yi, in0, step, out0, s, wr, wi, tw, sigma, pp == 0);
                        case 3 -> radix3(xr, xi, yr, yi, in0, step, out0, s, wr, wi, tw, sigma);
                        case 5 -> radix5(xr, xi, yr, yi, in0, step, out0, s, wr, wi, tw, sigma);
                        default -> radix7(xr, xi, yr, yi, in0, step, out0, s, wr, wi, tw, sigma, pp == 0);
                    }
                }
            }
            nCur = m;
            s *= p;
            double[][] t = xr;
            xr = yr;
            yr = t;
            t = xi;
            xi = yi;
            yi = t;
        }
        if (xr != re) {
            for (int i = 0; i < n; i++) {
                double[] t = re[i];
                re[i] = tre[i];
                tre[i] = t;
                t = im[i];
                im[i] = tim[i];
                tim[i] = t;
            }
        }
    }

    private static void radix2(double[][] xr, double[][] xi, double[][] yr, double[][] yi,
                               int in0, int step, int out0, int s, double w1r, double w1i, boolean unit) {
        double[] src0r = xr[in0];
        double[] src0i = xi[in0];
        double[] src1r = xr[in0 + step];
        double[] src1i = xi[in0 + step];
        double[] dst0r = yr[out0];
        double[] dst0i = yi[out0];
        double[] dst1r = yr[out0 + s];
        double[] dst1i = yi[out0 + s];
        int v = src0r.length;
        int j0 = LaneVectors.ON
                ? LaneFftVectors.radix2(src0r, src0i, src1r, src1i, dst0r, dst0i, dst1r, dst1i, w1r, w1i, unit) : 0;
        if (unit) {
            // pp = 0 (all of the last stage): every twiddle is 1.
            for (int j = j0; j < v; j++) {
                double r0 = src0r[j];
                double i0 = src0i[j];
                double r1 = src1r[j];
                double i1 = src1i[j];
                dst0r[j] = r0 + r1;
                dst0i[j] = i0 + i1;
                double dr = r0 - r1;
                double di = i0 - i1;
                dst1r[j] = dr;
                dst1i[j] = di;
            }
            return;
        }
        for (int j = j0; j < v; j++) {
            double r0 = src0r[j];
            double i0 = src0i[j];
            double r1 = src1r[j];
            double i1 = src1i[j];
            dst0r[j] = r0 + r1;
            dst0i[j] = i0 + i1;
            double dr = r0 - r1;
            double di = i0 - i1;
            dst1r[j] = dr * w1r - di * w1i;
            dst1i[j] = dr * w1i + di * w1r;
        }
    }

    private static void radix4(double[][] xr, double[][] xi, double[][] yr, double[][] yi,
                               int in0, int step, int out0, int s, double[] wr, double[] wi, int tw,
                               double sigma, boolean unit) {
        double w1r = wr[tw + 1];
        double w1i = sigma * wi[tw + 1];
        double w2r = wr[tw + 2];
        double w2i = sigma * wi[tw + 2];
        double w3r = wr[tw + 3];
        double w3i = sigma * wi[tw + 3];
        double[] src0r = xr[in0];
        double[] src0i = xi[in0];
        double[] src1r = xr[in0 + step];
        double[] src1i = xi[in0 + step];
        double[] src2r = xr[in0 + 2 * step];
        double[] src2i = xi[in0 + 2 * step];
        double[] src3r = xr[in0 + 3 * step];
        double[] src3i = xi[in0 + 3 * step];
        double[] dst0r = yr[out0];
        double[] dst0i = yi[out0];
        double[] dst1r = yr[out0 + s];
        double[] dst1i = yi[out0 + s];
        double[] dst2r = yr[out0 + 2 * s];
        double[] dst2i = yi[out0 + 2 * s];
        double[] dst3r = yr[out0 + 3 * s];
        double[] dst3i = yi[out0 + 3 * s];
        int v = src0r.length;
        int j0 = LaneVectors.ON ? LaneFftVectors.radix4(src0r, src0i, src1r, src1i, src2r, src2i, src3r, src3i, dst0r, dst0i,
                dst1r, dst1i, dst2r, dst2i, dst3r, dst3i, w1r, w1i, w2r, w2i, w3r, w3i, sigma, unit) : 0;
        if (unit) {
            // pp = 0 (all of the last stage): every twiddle is 1.
            for (int j = j0; j < v; j++) {
                double r0 = src0r[j];
                double i0 = src0i[j];
                double r1 = src1r[j];
                double i1 = src1i[j];
                double r2 = src2r[j];
                double i2 = src2i[j];
                double r3 = src3r[j];
                double i3 = src3i[j];
                double t0r = r0 + r2;
                double t0i = i0 + i2;
                double t1r = r0 - r2;
                double t1i = i0 - i2;
                double t2r = r1 + r3;
                double t2i = i1 + i3;
                // sigma * i * (a1 - a3)
                double t3r = -sigma * (i1 - i3);
                double t3i = sigma * (r1 - r3);
                dst0r[j] = t0r + t2r;
                dst0i[j] = t0i + t2i;
                double b1r = t1r + t3r;
                double b1i = t1i + t3i;
                double b2r = t0r - t2r;
                double b2i = t0i - t2i;
                double b3r = t1r - t3r;
                double b3i = t1i - t3i;
                dst1r[j] = b1r;
                dst1i[j] = b1i;
                dst2r[j] = b2r;
                dst2i[j] = b2i;
                dst3r[j] = b3r;
                dst3i[j] = b3i;
            }
            return;
        }
        for (int j = j0; j < v; j++) {
            double r0 = src0r[j];
            double i0 = src0i[j];
            double r1 = src1r[j];
            double i1 = src1i[j];
            double r2 = src2r[j];
            double i2 = src2i[j];
            double r3 = src3r[j];
            double i3 = src3i[j];
            double t0r = r0 + r2;
            double t0i = i0 + i2;
            double t1r = r0 - r2;
            double t1i = i0 - i2;
            double t2r = r1 + r3;
            double t2i = i1 + i3;
            // sigma * i * (a1 - a3)
            double t3r = -sigma * (i1 - i3);
            double t3i = sigma * (r1 - r3);
            dst0r[j] = t0r + t2r;
            dst0i[j] = t0i + t2i;
            double b1r = t1r + t3r;
            double b1i = t1i + t3i;
            double b2r = t0r - t2r;
            double b2i = t0i - t2i;
            double b3r = t1r - t3r;
            double b3i = t1i - t3i;
            dst1r[j] = b1r * w1r - b1i * w1i;
            dst1i[j] = b1r * w1i + b1i * w1r;
            dst2r[j] = b2r * w2r - b2i * w2i;
            dst2i[j] = b2r * w2i + b2i * w2r;
            dst3r[j] = b3r * w3r - b3i * w3i;
            dst3i[j] = b3r * w3i + b3i * w3r;
        }
    }

    /*
     * Odd radix p with h = (p-1)/2 symmetric pairs: S_r = a_r + a_{p-r}, D_r = a_r - a_{p-r};
     * X_t = a_0 + sum_r S_r cos(2 pi r t / p), Y_t = sum_r D_r sin(2 pi r t / p);
     * b_t = X_t + sigma i Y_t and b_{p-t} = X_t - sigma i Y_t.
     */
    private void radix3(double[][] xr, double[][] xi, double[][] yr, double[][] yi,
                        int in0, int step, int out0, int s, double[] wr, double[] wi, int tw, double sigma) {
        double c1 = cos[3][1];
        double s1 = sigma * sin[3][1];
        double w1r = wr[tw + 1];
        double w1i = sigma * wi[tw + 1];
        double w2r = wr[tw + 2];
        double w2i = sigma * wi[tw + 2];
        double[] src0r = xr[in0];
        double[] src0i = xi[in0];
        double[] src1r = xr[in0 + step];
        double[] src1i = xi[in0 + step];
        double[] src2r = xr[in0 + 2 * step];
        double[] src2i = xi[in0 + 2 * step];
        double[] dst0r = yr[out0];
        double[] dst0i = yi[out0];
        double[] dst1r = yr[out0 + s];
        double[] dst1i = yi[out0 + s];
        double[] dst2r = yr[out0 + 2 * s];
        double[] dst2i = yi[out0 + 2 * s];
        int v = src0r.length;
        for (int j = 0; j < v; j++) {
            double r0 = src0r[j];
            double i0 = src0i[j];
            double sr = src1r[j] + src2r[j];
            double si = src1i[j] + src2i[j];
            double dr = src1r[j] - src2r[j];
            double di = src1i[j] - src2i[j];
            dst0r[j] = r0 + sr;
            dst0i[j] = i0 + si;
            double xr1 = r0 + c1 * sr;
            double xi1 = i0 + c1 * si;
            // sigma * i * Y with Y = D * sin
            double yr1 = -s1 * di;
            double yi1 = s1 * dr;
            double b1r = xr1 + yr1;
            double b1i = xi1 + yi1;
            double b2r = xr1 - yr1;
            double b2i = xi1 - yi1;
            dst1r[j] = b1r * w1r - b1i * w1i;
            dst1i[j] = b1r * w1i + b1i * w1r;
            dst2r[j] = b2r * w2r - b2i * w2i;
            dst2i[j] = b2r * w2i + b2i * w2r;
        }
    }

    private void radix5(double[][] xr, double[][] xi, double[][] yr, double[][] yi,
                        int in0, int step, int out0, int s, double[] wr, double[] wi, int tw, double sigma) {
        double c1 = cos[5][1];
        double c2 = cos[5][2];
        double s1 = sigma * sin[5][1];
        double s2 = sigma * sin[5][2];
        double w1r = wr[tw + 1];
        double w1i = sigma * wi[tw + 1];
        double w2r = wr[tw + 2];
        double w2i = sigma * wi[tw + 2];
        double w3r = wr[tw + 3];
        double w3i = sigma * wi[tw + 3];
        double w4r = wr[tw + 4];
        double w4i = sigma * wi[tw + 4];
        double[] src0r = xr[in0];
        double[] src0i = xi[in0];
        double[] src1r = xr[in0 + step];
        double[] src1i = xi[in0 + step];
        double[] src2r = xr[in0 + 2 * step];
        double[] src2i = xi[in0 + 2 * step];
        double[] src3r = xr[in0 + 3 * step];
        double[] src3i = xi[in0 + 3 * step];
        double[] src4r = xr[in0 + 4 * step];
        double[] src4i = xi[in0 + 4 * step];
        double[] dst0r = yr[out0];
        double[] dst0i = yi[out0];
        double[] dst1r = yr[out0 + s];
        double[] dst1i = yi[out0 + s];
        double[] dst2r = yr[out0 + 2 * s];
        double[] dst2i = yi[out0 + 2 * s];
        double[] dst3r = yr[out0 + 3 * s];
        double[] dst3i = yi[out0 + 3 * s];
        double[] dst4r = yr[out0 + 4 * s];
        double[] dst4i = yi[out0 + 4 * s];
        int v = src0r.length;
        for (int j = 0; j < v; j++) {
            double r0 = src0r[j];
            double i0 = src0i[j];
            double s1r = src1r[j] + src4r[j];
            double s1i = src1i[j] + src4i[j];
            double d1r = src1r[j] - src4r[j];
            double d1i = src1i[j] - src4i[j];
            double s2r = src2r[j] + src3r[j];
            double s2i = src2i[j] + src3i[j];
            double d2r = src2r[j] - src3r[j];
            double d2i = src2i[j] - src3i[j];
            dst0r[j] = r0 + s1r + s2r;
            dst0i[j] = i0 + s1i + s2i;
            // t = 1: cos(1), cos(2); sin(1), sin(2).  t = 2: cos(2), cos(4)=cos(1); sin(2), sin(4)=-sin(1).
            double x1r = r0 + c1 * s1r + c2 * s2r;
            double x1i = i0 + c1 * s1i + c2 * s2i;
            double x2r = r0 + c2 * s1r + c1 * s2r;
            double x2i = i0 + c2 * s1i + c1 * s2i;
            double y1r = -(s1 * d1i + s2 * d2i);
            double y1i = s1 * d1r + s2 * d2r;
            double y2r = -(s2 * d1i - s1 * d2i);
            double y2i = s2 * d1r - s1 * d2r;
            double b1r = x1r + y1r;
            double b1i = x1i + y1i;
            double b4r = x1r - y1r;
            double b4i = x1i - y1i;
            double b2r = x2r + y2r;
            double b2i = x2i + y2i;
            double b3r = x2r - y2r;
            double b3i = x2i - y2i;
            dst1r[j] = b1r * w1r - b1i * w1i;
            dst1i[j] = b1r * w1i + b1i * w1r;
            dst2r[j] = b2r * w2r - b2i * w2i;
            dst2i[j] = b2r * w2i + b2i * w2r;
            dst3r[j] = b3r * w3r - b3i * w3i;
            dst3i[j] = b3r * w3i + b3i * w3r;
            dst4r[j] = b4r * w4r - b4i * w4i;
            dst4i[j] = b4r * w4i + b4i * w4r;
        }
    }

    private void radix7(double[][] xr, double[][] xi, double[][] yr, double[][] yi,
                        int in0, int step, int out0, int s, double[] wr, double[] wi, int tw, double sigma, boolean unit) {
        double c1 = cos[7][1];
        double c2 = cos[7][2];
        double c3 = cos[7][3];
        double s1 = sigma * sin[7][1];
        double s2 = sigma * sin[7][2];
        double s3 = sigma * sin[7][3];
        double w1r = wr[tw + 1];
        double w1i = sigma * wi[tw + 1];
        double w2r = wr[tw + 2];
        double w2i = sigma * wi[tw + 2];
        double w3r = wr[tw + 3];
        double w3i = sigma * wi[tw + 3];
        double w4r = wr[tw + 4];
        double w4i = sigma * wi[tw + 4];
        double w5r = wr[tw + 5];
        double w5i = sigma * wi[tw + 5];
        double w6r = wr[tw + 6];
        double w6i = sigma * wi[tw + 6];
        double[] src0r = xr[in0];
        double[] src0i = xi[in0];
        double[] src1r = xr[in0 + step];
        double[] src1i = xi[in0 + step];
        double[] src2r = xr[in0 + 2 * step];
        double[] src2i = xi[in0 + 2 * step];
        double[] src3r = xr[in0 + 3 * step];
        double[] src3i = xi[in0 + 3 * step];
        double[] src4r = xr[in0 + 4 * step];
        double[] src4i = xi[in0 + 4 * step];
        double[] src5r = xr[in0 + 5 * step];
        double[] src5i = xi[in0 + 5 * step];
        double[] src6r = xr[in0 + 6 * step];
        double[] src6i = xi[in0 + 6 * step];
        double[] dst0r = yr[out0];
        double[] dst0i = yi[out0];
        double[] dst1r = yr[out0 + s];
        double[] dst1i = yi[out0 + s];
        double[] dst2r = yr[out0 + 2 * s];
        double[] dst2i = yi[out0 + 2 * s];
        double[] dst3r = yr[out0 + 3 * s];
        double[] dst3i = yi[out0 + 3 * s];
        double[] dst4r = yr[out0 + 4 * s];
        double[] dst4i = yi[out0 + 4 * s];
        double[] dst5r = yr[out0 + 5 * s];
        double[] dst5i = yi[out0 + 5 * s];
        double[] dst6r = yr[out0 + 6 * s];
        double[] dst6i = yi[out0 + 6 * s];
        int v = src0r.length;
        if (unit) {
            // pp = 0 (all of the last stage): every twiddle is 1.
            for (int j = 0; j < v; j++) {
                double r0 = src0r[j];
                double i0 = src0i[j];
                double p1r = src1r[j] + src6r[j];
                double p1i = src1i[j] + src6i[j];
                double m1r = src1r[j] - src6r[j];
                double m1i = src1i[j] - src6i[j];
                double p2r = src2r[j] + src5r[j];
                double p2i = src2i[j] + src5i[j];
                double m2r = src2r[j] - src5r[j];
                double m2i = src2i[j] - src5i[j];
                double p3r = src3r[j] + src4r[j];
                double p3i = src3i[j] + src4i[j];
                double m3r = src3r[j] - src4r[j];
                double m3i = src3i[j] - src4i[j];
                dst0r[j] = r0 + p1r + p2r + p3r;
                dst0i[j] = i0 + p1i + p2i + p3i;
                // cos/sin(2 pi r t / 7) for t = 1, 2, 3 from those of r t mod 7; outputs 7-t flip the sine.
                double e1r = r0 + c1 * p1r + c2 * p2r + c3 * p3r;
                double e1i = i0 + c1 * p1i + c2 * p2i + c3 * p3i;
                double f1r = -(s1 * m1i + s2 * m2i + s3 * m3i);
                double f1i = s1 * m1r + s2 * m2r + s3 * m3r;
                double e2r = r0 + c2 * p1r + c3 * p2r + c1 * p3r;
                double e2i = i0 + c2 * p1i + c3 * p2i + c1 * p3i;
                double f2r = -(s2 * m1i - s3 * m2i - s1 * m3i);
                double f2i = s2 * m1r - s3 * m2r - s1 * m3r;
                double e3r = r0 + c3 * p1r + c1 * p2r + c2 * p3r;
                double e3i = i0 + c3 * p1i + c1 * p2i + c2 * p3i;
                double f3r = -(s3 * m1i - s1 * m2i + s2 * m3i);
                double f3i = s3 * m1r - s1 * m2r + s2 * m3r;
                double b1r = e1r + f1r;
                double b1i = e1i + f1i;
                double b6r = e1r - f1r;
                double b6i = e1i - f1i;
                double b2r = e2r + f2r;
                double b2i = e2i + f2i;
                double b5r = e2r - f2r;
                double b5i = e2i - f2i;
                double b3r = e3r + f3r;
                double b3i = e3i + f3i;
                double b4r = e3r - f3r;
                double b4i = e3i - f3i;
                dst1r[j] = b1r;
                dst1i[j] = b1i;
                dst2r[j] = b2r;
                dst2i[j] = b2i;
                dst3r[j] = b3r;
                dst3i[j] = b3i;
                dst4r[j] = b4r;
                dst4i[j] = b4i;
                dst5r[j] = b5r;
                dst5i[j] = b5i;
                dst6r[j] = b6r;
                dst6i[j] = b6i;
            }
            return;
        }
        for (int j = 0; j < v; j++) {
            double r0 = src0r[j];
            double i0 = src0i[j];
            double p1r = src1r[j] + src6r[j];
            double p1i = src1i[j] + src6i[j];
            double m1r = src1r[j] - src6r[j];
            double m1i = src1i[j] - src6i[j];
            double p2r = src2r[j] + src5r[j];
            double p2i = src2i[j] + src5i[j];
            double m2r = src2r[j] - src5r[j];
            double m2i = src2i[j] - src5i[j];
            double p3r = src3r[j] + src4r[j];
            double p3i = src3i[j] + src4i[j];
            double m3r = src3r[j] - src4r[j];
            double m3i = src3i[j] - src4i[j];
            dst0r[j] = r0 + p1r + p2r + p3r;
            dst0i[j] = i0 + p1i + p2i + p3i;
            // cos/sin(2 pi r t / 7) for t = 1, 2, 3 from those of r t mod 7; outputs 7-t flip the sine.
            double e1r = r0 + c1 * p1r + c2 * p2r + c3 * p3r;
            double e1i = i0 + c1 * p1i + c2 * p2i + c3 * p3i;
            double f1r = -(s1 * m1i + s2 * m2i + s3 * m3i);
            double f1i = s1 * m1r + s2 * m2r + s3 * m3r;
            double e2r = r0 + c2 * p1r + c3 * p2r + c1 * p3r;
            double e2i = i0 + c2 * p1i + c3 * p2i + c1 * p3i;
            double f2r = -(s2 * m1i - s3 * m2i - s1 * m3i);
            double f2i = s2 * m1r - s3 * m2r - s1 * m3r;
            double e3r = r0 + c3 * p1r + c1 * p2r + c2 * p3r;
            double e3i = i0 + c3 * p1i + c1 * p2i + c2 * p3i;
            double f3r = -(s3 * m1i - s1 * m2i + s2 * m3i);
            double f3i = s3 * m1r - s1 * m2r + s2 * m3r;
            double b1r = e1r + f1r;
            double b1i = e1i + f1i;
            double b6r = e1r - f1r;
            double b6i = e1i - f1i;
            double b2r = e2r + f2r;
            double b2i = e2i + f2i;
            double b5r = e2r - f2r;
            double b5i = e2i - f2i;
            double b3r = e3r + f3r;
            double b3i = e3i + f3i;
            double b4r = e3r - f3r;
            double b4i = e3i - f3i;
            dst1r[j] = b1r * w1r - b1i * w1i;
            dst1i[j] = b1r * w1i + b1i * w1r;
            dst2r[j] = b2r * w2r - b2i * w2i;
            dst2i[j] = b2r * w2i + b2i * w2r;
            dst3r[j] = b3r * w3r - b3i * w3i;
            dst3i[j] = b3r * w3i + b3i * w3r;
            dst4r[j] = b4r * w4r - b4i * w4i;
            dst4i[j] = b4r * w4i + b4i * w4r;
            dst5r[j] = b5r * w5r - b5i * w5i;
            dst5i[j] = b5r * w5i + b5i * w5r;
            dst6r[j] = b6r * w6r - b6i * w6i;
            dst6i[j] = b6r * w6i + b6i * w6r;
        }
    }
}
