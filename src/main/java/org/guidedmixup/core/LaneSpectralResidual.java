package org.guidedmixup.core;

import java.util.Arrays;

/**
 * Steps 1.3-1.7 of spectral-residual saliency for a whole batch of grey H x W images at once, for the
 * sizes {@link LaneFft} handles. Same result as the one-image (JTransforms) path in
 * {@link SpectralResidualSaliency} up to rounding (about 1e-14 of the largest value), and faster per
 * image: 26 against 74 µs at 28x28, 30 against 53 µs at 32x32, 125 against 218 µs at 64x64 (best of
 * 25 runs of a batch of 32, one thread; see docs/performance.md).
 *
 * <p>How:
 * <ul>
 *   <li>Images go into lanes: for the pass over y, element y is one array holding row y of every
 *       image of the chunk; for the pass over x, element x holds column x of every image. Both 1-D
 *       passes then run over whole arrays ({@link LaneFft}); one transpose sits between them.</li>
 *   <li>The forward transform uses that the image is real: columns x and x + W/2 travel as the real
 *       and imaginary part of one complex column (two real FFTs for one), and only the rows
 *       ky = 0..H/2 of the spectrum are transformed; the rest is {@code F(-k) = conj F(k)}.</li>
 *   <li>{@code exp(-box3x3(log |F|))} is the 3x3 product of {@code u = (|F|^2 + eps)^(-1/18)}; since
 *       {@code |F(-k)| = |F(k)|}, u (the costliest scalar step, see {@link InverseRoot18}) is computed
 *       for half the spectrum and mirrored.</li>
 *   <li>The inverse is mostly real too. {@code F' = F P} (P the 3x3 product of u) is Hermitian
 *       wherever P(k) = P(-k), and that fails only where the clamped 3x3 window meets the edge of
 *       the unshifted spectrum: rows ky = 0, 1, H-1 and columns kx = 0, 1, W-1. So F' is split
 *       into a Hermitian part, whose inverse is real and is computed like the forward transform
 *       (half the rows, two real columns per complex column), and an anti-Hermitian part on those
 *       six lines, whose inverse is imaginary and has a closed form per line from one 1-D
 *       transform. This halves the inverse's butterflies; SR per image, best of 2 s of batches of
 *       32, one thread: 16.0 → 14.7 µs at 28x28, 18.0 → 17.1 at 32x32, 79 → 71 at 64x64.</li>
 *   <li>Each image is computed from its own pixels only, with the same operations in every lane, so
 *       an image's saliency does not depend on the other images of its batch (identical images give
 *       identical maps, and the pairing's ties fall as in the reference).</li>
 * </ul>
 *
 * <p>Not thread-safe: buffers are allocated once per instance and reused.
 */
final class LaneSpectralResidual {
    private static final double EPS = 1e-10;

    private final int h;
    private final int w;
    private final int lanes;
    /** Columns of the forward layout: W/2 complex columns when W is even, else W. */
    private final int wa;
    private final boolean paired;
    /** Spectrum rows ky = 0..hh-1 are transformed; the others are their mirror. */
    private final int hh;
    private final LaneFft fftH;
    private final LaneFft fftW;
    private final GaussianBlur blur = GaussianBlur.guidedMixup();
    /** Forward pass over y: [y][lane * wa + x'], and its scratch; the inverse pass over ky on column pairs reuses them. */
    private final double[][] zr;
    private final double[][] zi;
    private final double[][] zsr;
    private final double[][] zsi;
    /** Forward pass over x on the half spectrum: [x][lane * hh + ky], scratch, and u there. */
    private final double[][] hr;
    private final double[][] hi;
    private final double[][] hsr;
    private final double[][] hsi;
    private final double[][] uh;
    /** u over the full spectrum [kx][lane * h + ky], its 3-row products, and the 3x3 products P. */
    private final double[][] u;
    private final double[][] rowProd;
    private final double[][] prod;
    /**
     * The anti-Hermitian lines: rows ky = 0, 1 as [kx][r * lanes + lane], columns kx = 0, 1 as
     * [ky][c * lanes + lane], and scratch.
     */
    private final double[][] rowRe;
    private final double[][] rowIm;
    private final double[][] rowSr;
    private final double[][] rowSi;
    private final double[][] colRe;
    private final double[][] colIm;
    private final double[][] colSr;
    private final double[][] colSi;
    /** f cos(2 pi y / h), f sin(2 pi y / h), f = 2 where line 1 stands for 1 and h - 1, and the same over x. */
    private final double[] cosY;
    private final double[] sinY;
    private final double[] cosX;
    private final double[] sinX;
    private final double[] image;
    /** One lane's row lines: Im rho0(x), Re rho1(x), Im rho1(x). */
    private final double[] rho0i;
    private final double[] rho1r;
    private final double[] rho1i;

    /**
     * e^{2 pi i t / n} for t < n, times 2 when n >= 3 (line 1 then stands for itself and its mirror
     * line n - 1); for n = 2 line 1 is its own mirror and the wave is (-1)^t, for n = 1 there is
     * no line 1 (zero).
     */
    private static void lineWave(double[] cos, double[] sin) {
        int n = cos.length;
        for (int t = 0; t < n; t++) {
            if (n >= 3) {
                cos[t] = 2 * Math.cos(2 * Math.PI * t / n);
                sin[t] = 2 * Math.sin(2 * Math.PI * t / n);
            } else if (n == 2) {
                cos[t] = t == 0 ? 1 : -1;
            }
        }
    }

    /** True when a batch of h x w grey images can take this path. */
    static boolean supports(int h, int w) {
        return LaneFft.supports(h) && LaneFft.supports(w);
    }

    /**
     * @param lanes images per chunk, 1..16
     */
    LaneSpectralResidual(int h, int w, int lanes) {
        if (!supports(h, w)) {
            throw new IllegalArgumentException("no lane FFT for " + h + "x" + w);
        }
        if (lanes < 1 || lanes > 16) {
            throw new IllegalArgumentException("lanes must be in 1..16, got " + lanes);
        }
        this.h = h;
        this.w = w;
        this.lanes = lanes;
        this.paired = w % 2 == 0;
        this.wa = paired ? w / 2 : w;
        this.hh = h / 2 + 1;
        this.fftH = new LaneFft(h);
        this.fftW = h == w ? fftH : new LaneFft(w);
        zr = new double[h][lanes * wa];
        zi = new double[h][lanes * wa];
        zsr = new double[h][lanes * wa];
        zsi = new double[h][lanes * wa];
        hr = new double[w][lanes * hh];
        hi = new double[w][lanes * hh];
        hsr = new double[w][lanes * hh];
        hsi = new double[w][lanes * hh];
        uh = new double[w][lanes * hh];
        u = new double[w][lanes * h];
        rowProd = new double[w][lanes * h];
        prod = new double[w][lanes * h];
        rowRe = new double[w][2 * lanes];
        rowIm = new double[w][2 * lanes];
        rowSr = new double[w][2 * lanes];
        rowSi = new double[w][2 * lanes];
        colRe = new double[h][2 * lanes];
        colIm = new double[h][2 * lanes];
        colSr = new double[h][2 * lanes];
        colSi = new double[h][2 * lanes];
        cosY = new double[h];
        sinY = new double[h];
        lineWave(cosY, sinY);
        cosX = new double[w];
        sinX = new double[w];
        lineWave(cosX, sinX);
        image = new double[h * w];
        rho0i = new double[w];
        rho1r = new double[w];
        rho1i = new double[w];
    }

    /** Lanes for a batch of {@code count} h x w images: long enough inner loops, no more than the batch fills. */
    static int lanesFor(int count, int h, int w) {
        int wanted = Math.max(1, Math.min(8, (int) Math.ceil(128.0 / w)));
        return Math.max(1, Math.min(wanted, count));
    }

    int lanes() {
        return lanes;
    }

    int height() {
        return h;
    }

    int width() {
        return w;
    }

    /** SR saliency of {@code count} grey images {@code grey[i*h*w ..]} into {@code out[outOff + i*h*w ..]}. */
    void saliency(double[] grey, int count, double[] out, int outOff) {
        int hw = h * w;
        for (int first = 0; first < count; first += lanes) {
            int n = Math.min(lanes, count - first);
            forward(grey, first * hw, n);
            residual();
            inverseMagnitudeBlur(n, out, outOff + first * hw);
        }
    }

    /** Rows ky < hh of the spectrum of images [from, from + count) into (hr, hi), and u over the whole spectrum. */
    private void forward(double[] grey, int from, int count) {
        int hw = h * w;
        // Columns x' and x' + W/2 as one complex column; unused lanes 0.
        for (int y = 0; y < h; y++) {
            double[] re = zr[y];
            double[] im = zi[y];
            for (int l = 0; l < lanes; l++) {
                int d = l * wa;
                if (l < count) {
                    int src = from + l * hw + y * w;
                    System.arraycopy(grey, src, re, d, wa);
                    if (paired) {
                        System.arraycopy(grey, src + wa, im, d, wa);
                    } else {
                        Arrays.fill(im, d, d + wa, 0.0);
                    }
                } else {
                    Arrays.fill(re, d, d + wa, 0.0);
                    Arrays.fill(im, d, d + wa, 0.0);
                }
            }
        }
        fftH.transform(zr, zi, zsr, zsi, false);
        // Separate the two columns' spectra, keep rows ky < hh, transpose to [x][lane * hh + ky].
        for (int ky = 0; ky < hh; ky++) {
            int mky = ky == 0 ? 0 : h - ky;
            double[] zRow = zr[ky];
            double[] ziRow = zi[ky];
            double[] mRow = zr[mky];
            double[] miRow = zi[mky];
            for (int l = 0; l < lanes; l++) {
                int o = l * wa;
                int d = l * hh + ky;
                for (int x = 0; x < wa; x++) {
                    double zRe = zRow[o + x];
                    double zIm = ziRow[o + x];
                    if (paired) {
                        double mRe = mRow[o + x];
                        double mIm = miRow[o + x];
                        hr[x][d] = 0.5 * (zRe + mRe);
                        hi[x][d] = 0.5 * (zIm - mIm);
                        hr[x + wa][d] = 0.5 * (zIm + mIm);
                        hi[x + wa][d] = 0.5 * (mRe - zRe);
                    } else {
                        hr[x][d] = zRe;
                        hi[x][d] = zIm;
                    }
                }
            }
        }
        fftW.transform(hr, hi, hsr, hsi, false);
        // u = exp(-L/9), L = log sqrt(|F|^2 + eps): a ninth of the box mean's exponent, on the half spectrum.
        int halfLen = lanes * hh;
        for (int kx = 0; kx < w; kx++) {
            InverseRoot18.ofSquaredMagnitudes(hr[kx], hi[kx], EPS, uh[kx], halfLen);
        }
        // u over the whole spectrum: rows ky < hh as computed, the others u(kx, ky) = u(-kx, h - ky).
        for (int kx = 0; kx < w; kx++) {
            int mkx = kx == 0 ? 0 : w - kx;
            double[] du = u[kx];
            double[] mu = uh[mkx];
            for (int l = 0; l < lanes; l++) {
                int row = l * h;
                int src = l * hh;
                System.arraycopy(uh[kx], src, du, row, hh);
                int msrc = src + h;
                for (int ky = hh; ky < h; ky++) {
                    du[row + ky] = mu[msrc - ky];
                }
            }
        }
    }

    /**
     * P = the 3x3 product of u with replicate padding (= exp(-box3x3(log A))); then F' = F P split
     * into its Hermitian part, F (P(k) + P(-k)) / 2, left in (hr, hi) on rows ky < hh, and its
     * anti-Hermitian part F (P(k) - P(-k)) / 2, which is zero except on the rows ky = 0, 1, h - 1
     * and the columns kx = 0, 1, w - 1 (only there does the clamped window of k or of -k meet the
     * edge), taken out as the rows 0, 1 and the columns 0, 1 (rows h - 1 and columns w - 1 are
     * minus the conjugates of rows and columns 1, so they need no transform of their own).
     */
    private void residual() {
        for (int kx = 0; kx < w; kx++) {
            double[] uk = u[kx];
            double[] rk = rowProd[kx];
            for (int l = 0; l < lanes; l++) {
                int o = l * h;
                if (h == 1) {
                    rk[o] = uk[o] * uk[o] * uk[o];
                    continue;
                }
                // The window slides in registers: one load per output instead of three (C1 keeps
                // locals in registers but does not share loads between iterations); same products.
                double a = uk[o];
                double b = uk[o + 1];
                rk[o] = a * a * b;
                for (int ky = 1; ky < h - 1; ky++) {
                    double c = uk[o + ky + 1];
                    rk[o + ky] = a * b * c;
                    a = b;
                    b = c;
                }
                rk[o + h - 1] = a * b * b;
            }
        }
        int len = lanes * h;
        for (int kx = 0; kx < w; kx++) {
            double[] prev = rowProd[Math.max(kx - 1, 0)];
            double[] cur = rowProd[kx];
            double[] next = rowProd[Math.min(kx + 1, w - 1)];
            double[] p = prod[kx];
            for (int j = 0; j < len; j++) {
                p[j] = prev[j] * cur[j] * next[j];
            }
        }
        // Rows ky = 0, 1: A(kx, ky) = F(kx, ky) (P(kx, ky) - P(-kx, -ky)) / 2 (row 1 exists from h = 2).
        int rows = Math.min(h, 2);
        for (int kx = 0; kx < w; kx++) {
            int mkx = kx == 0 ? 0 : w - kx;
            double[] re = hr[kx];
            double[] im = hi[kx];
            double[] p = prod[kx];
            double[] mp = prod[mkx];
            for (int r = 0; r < 2; r++) {
                int mr = r == 0 ? 0 : h - 1;
                for (int l = 0; l < lanes; l++) {
                    if (r >= rows) {
                        rowRe[kx][r * lanes + l] = 0;
                        rowIm[kx][r * lanes + l] = 0;
                        continue;
                    }
                    double pa = 0.5 * (p[l * h + r] - mp[l * h + mr]);
                    rowRe[kx][r * lanes + l] = re[l * hh + r] * pa;
                    rowIm[kx][r * lanes + l] = im[l * hh + r] * pa;
                }
            }
        }
        // Columns kx = 0, 1 off the rows 0, 1, h - 1; F(kx, ky) = conj F(-kx, h - ky) for ky >= hh.
        int cols = Math.min(w, 2);
        for (int c = 0; c < 2; c++) {
            int cc = Math.min(c, w - 1);
            int mc = c == 0 ? 0 : w - 1;
            double[] p = prod[cc];
            double[] mp = prod[mc];
            for (int ky = 0; ky < h; ky++) {
                boolean zero = c >= cols || ky <= 1 || ky == h - 1;
                boolean mirror = ky >= hh;
                int mky = ky == 0 ? 0 : h - ky;
                double[] re = mirror ? hr[mc] : hr[cc];
                double[] im = mirror ? hi[mc] : hi[cc];
                int at = mirror ? mky : ky;
                double sign = mirror ? -1 : 1;
                for (int l = 0; l < lanes; l++) {
                    if (zero) {
                        colRe[ky][c * lanes + l] = 0;
                        colIm[ky][c * lanes + l] = 0;
                        continue;
                    }
                    double pa = 0.5 * (p[l * h + ky] - mp[l * h + mky]);
                    colRe[ky][c * lanes + l] = re[l * hh + at] * pa;
                    colIm[ky][c * lanes + l] = sign * im[l * hh + at] * pa;
                }
            }
        }
        for (int kx = 0; kx < w; kx++) {
            int mkx = kx == 0 ? 0 : w - kx;
            double[] re = hr[kx];
            double[] im = hi[kx];
            double[] p = prod[kx];
            double[] mp = prod[mkx];
            for (int l = 0; l < lanes; l++) {
                int o = l * hh;
                int f = l * h;
                for (int ky = 0; ky < hh; ky++) {
                    int mky = ky == 0 ? 0 : h - ky;
                    double ps = 0.5 * (p[f + ky] + mp[f + mky]);
                    re[o + ky] *= ps;
                    im[o + ky] *= ps;
                }
            }
        }
    }

    /**
     * g' = IFFT2(F') = a + i b: a, real, is the inverse of the Hermitian part, computed on half the
     * rows and then two real columns per complex column (as the forward transform does); b, real,
     * comes from the anti-Hermitian lines in closed form. Then |g'| / (h w), blur, lanes
     * 0..count-1 to out.
     */
    private void inverseMagnitudeBlur(int count, double[] out, int outOff) {
        fftW.transform(hr, hi, hsr, hsi, true);
        // G(x, ky) for ky < hh in (hr, hi)[x][lane * hh + ky]; G(x, ky) = conj G(x, h - ky) for the
        // rest. Columns x' and x' + W/2 go in as Z = G(x') + i G(x' + W/2), layout [ky][lane * wa + x'].
        for (int ky = 0; ky < h; ky++) {
            boolean mirror = ky >= hh;
            int src = mirror ? h - ky : ky;
            double sign = mirror ? -1 : 1;
            double[] zRe = zr[ky];
            double[] zIm = zi[ky];
            for (int l = 0; l < lanes; l++) {
                int s = l * hh + src;
                int d = l * wa;
                for (int x = 0; x < wa; x++) {
                    double g1r = hr[x][s];
                    double g1i = sign * hi[x][s];
                    if (paired) {
                        double g2r = hr[x + wa][s];
                        double g2i = sign * hi[x + wa][s];
                        zRe[d + x] = g1r - g2i;
                        zIm[d + x] = g1i + g2r;
                    } else {
                        zRe[d + x] = g1r;
                        zIm[d + x] = g1i;
                    }
                }
            }
        }
        fftH.transform(zr, zi, zsr, zsi, true);
        fftW.transform(rowRe, rowIm, rowSr, rowSi, true);
        fftH.transform(colRe, colIm, colSr, colSi, true);
        double scale = 1.0 / (h * w);
        int hw = h * w;
        double[] r0i = rho0i;
        double[] r1r = rho1r;
        double[] r1i = rho1i;
        double[] cx = cosX;
        double[] sx = sinX;
        for (int l = 0; l < count; l++) {
            // This lane's row lines as flat arrays, so that the magnitude loop reads no row objects.
            for (int x = 0; x < w; x++) {
                r0i[x] = rowIm[x][l];
                r1r[x] = rowRe[x][lanes + l];
                r1i[x] = rowIm[x][lanes + l];
            }
            for (int y = 0; y < h; y++) {
                double[] zRe = zr[y];
                double[] zIm = zi[y];
                int s = l * wa;
                int d = y * w;
                for (int x = 0; x < wa; x++) {
                    image[d + x] = zRe[s + x];
                    if (paired) {
                        image[d + x + wa] = zIm[s + x];
                    }
                }
                // b(x, y) = Im(rho0(x)) + Im(f e^{2 pi i y/h} rho1(x)) + the same for the columns, rho
                // and kappa the lines' 1-D inverses (line h - 1 is minus the conjugate of line 1).
                double cy = cosY[y];
                double sy = sinY[y];
                double k0 = colIm[y][l];
                double k1r = colRe[y][lanes + l];
                double k1i = colIm[y][lanes + l];
                for (int x = 0; x < w; x++) {
                    double b = (r0i[x] + k0) + (cy * r1i[x] + sy * r1r[x]) + (cx[x] * k1i + sx[x] * k1r);
                    double a = image[d + x];
                    image[d + x] = Math.sqrt(a * a + b * b) * scale;
                }
            }
            blur.apply(image, 0, h, w, out, outOff + l * hw);
        }
    }
}
