package org.guidedmixup.core;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Spectral-residual saliency (Hou and Zhang 2007) exactly as the GuidedMixup reference computes it:
 * grey image (optionally normalised per channel) → resize to 128 x 128 when taller than 128 → FFT →
 * log amplitude minus its 3x3 replicate-padded box mean → inverse FFT with the original phase →
 * magnitude → 7x7 sigma 3 Gaussian blur → resize back.
 *
 * <p>Computes in double precision (the reference uses float32; double is closer to the exact
 * result and well inside the golden tolerances). Batches that need no resize and whose sides have
 * no prime factor above 7 (28, 32, 64, ...) go through {@link LaneSpectralResidual}, the whole batch
 * at once; images resized to 128 x 128 through it one at a time; other sizes (22, 26, ...) through
 * JTransforms one image at a time. All give the same maps up to rounding. Not thread-safe: all
 * scratch buffers are kept and reused, so a partition allocates them once.
 */
public final class SpectralResidualSaliency implements SaliencyDetector {
    /** Images taller than this are analysed at MAX_SIDE x MAX_SIDE, as in the reference. */
    public static final int MAX_SIDE = 128;
    private static final double[] GREY_WEIGHTS = {0.2989, 0.587, 0.114};
    private static final double EPS = 1e-10;

    private final double[] mean;
    private final double[] std;
    private final GaussianBlur blur = GaussianBlur.guidedMixup();

    private DoubleFFT_2D fft;
    private int fftRows = -1;
    private int fftCols = -1;
    private double[] grey = new double[0];
    private double[] work = new double[0];
    private double[] spectrum = new double[0];
    private double[] logAmp = new double[0];
    private LaneSpectralResidual lane;
    private LaneSpectralResidual resizedLane;
    private double[] resizedMap;

    /** SR on the pixels as they are. */
    public SpectralResidualSaliency() {
        this(null, null);
    }

    /**
     * @param mean per-channel mean subtracted before saliency (null: none); length = channels
     * @param std  per-channel std divided by before saliency (null: none); each > 0
     */
    public SpectralResidualSaliency(double[] mean, double[] std) {
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("saliency mean and std must be given together");
        }
        if (mean != null) {
            if (mean.length != std.length) {
                throw new IllegalArgumentException("saliency mean has " + mean.length + " values but std has "
                        + std.length + "; give one value per channel to both");
            }
            for (int c = 0; c < std.length; c++) {
                if (!(std[c] > 0) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
                    throw new IllegalArgumentException("saliency std must be finite and > 0 and mean finite, got mean "
                            + mean[c] + ", std " + std[c] + " for channel " + c);
                }
            }
        }
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
    }

    @Override
    public String name() {
        return "sr";
    }

    /**
     * True: each image goes through the same operations on its own pixels whatever the batch (the
     * lane path's lanes never mix, see {@link LaneSpectralResidual}), and the path taken depends on
     * the image size alone.
     */
    @Override
    public boolean dependsOnImageAlone() {
        return true;
    }

    @Override
    public void detect(ImageBatch batch, double[] out) {
        int c = requireChannels(batch);
        int h = batch.height();
        int w = batch.width();
        int hw = h * w;
        if (h <= MAX_SIDE && LaneSpectralResidual.supports(h, w)) {
            // Whole batch through the lane FFT: see LaneSpectralResidual for why it is faster.
            grey = ensure(grey, hw * batch.size());
            grey(batch, grey);
            lanePath(batch.size(), h, w).saliency(grey, batch.size(), out, 0);
            return;
        }
        grey = ensure(grey, hw);
        for (int i = 0; i < batch.size(); i++) {
            toGrey(batch.pixels(), i * batch.imageLength(), c, hw, grey, 0);
            saliencyOfGrey(grey, h, w, out, i * hw);
        }
    }

    /**
     * Step 1.1 alone for a whole batch: the grey (normalised) image i into {@code out[i*H*W..]}. Other
     * engines (ND4J) share it so that both see exactly the same input.
     */
    public void grey(ImageBatch batch, double[] out) {
        int c = requireChannels(batch);
        int hw = batch.height() * batch.width();
        for (int i = 0; i < batch.size(); i++) {
            toGrey(batch.pixels(), i * batch.imageLength(), c, hw, out, i * hw);
        }
    }

    /** The batch's channel count, once checked against the per-channel mean/std. */
    private int requireChannels(ImageBatch batch) {
        int c = batch.channels();
        if (mean != null && mean.length != c) {
            throw new IllegalArgumentException("saliency mean/std have " + mean.length + " values but images have "
                    + c + " channel(s); give one value per channel");
        }
        return c;
    }

    /** Step 1.1: grey = one channel, or 0.2989 R + 0.587 G + 0.114 B, of the normalised image. */
    private void toGrey(float[] px, int base, int c, int hw, double[] dst, int dstOff) {
        if (c == 1) {
            double m = mean == null ? 0 : mean[0];
            double s = std == null ? 1 : std[0];
            for (int p = 0; p < hw; p++) {
                dst[dstOff + p] = (px[base + p] - m) / s;
            }
            return;
        }
        for (int p = 0; p < hw; p++) {
            double acc = 0;
            for (int ch = 0; ch < 3; ch++) {
                double v = px[base + ch * hw + p];
                if (mean != null) {
                    v = (v - mean[ch]) / std[ch];
                }
                acc += GREY_WEIGHTS[ch] * v;
            }
            dst[dstOff + p] = acc;
        }
    }

    /**
     * Steps 1.2-1.8 for one grey h x w image, written to out[outOff..]. Taller than 128: resized to
     * 128 x 128 and through the lane FFT (1.8x faster than JTransforms at that size, measured: 512
     * against 924 µs), then back. Otherwise through JTransforms (the path for sizes the lane FFT does
     * not take, and the one the lane path is tested against).
     */
    void saliencyOfGrey(double[] g, int h, int w, double[] out, int outOff) {
        if (h > MAX_SIDE) {
            int n = MAX_SIDE * MAX_SIDE;
            work = ensure(work, n);
            if (resizedLane == null) {
                resizedLane = new LaneSpectralResidual(MAX_SIDE, MAX_SIDE, 1);
                resizedMap = new double[n];
            }
            BilinearResize.resize(g, 0, h, w, work, 0, MAX_SIDE, MAX_SIDE);
            resizedLane.saliency(work, 1, resizedMap, 0);
            BilinearResize.resize(resizedMap, 0, MAX_SIDE, MAX_SIDE, out, outOff, h, w);
            return;
        }
        int n = h * w;
        work = ensure(work, n);
        logAmp = ensure(logAmp, 2 * n);
        spectrum = ensure(spectrum, 2 * n);
        double[] a = spectrum;
        // The input is real: a real-to-complex transform (full spectrum out) does about half the work.
        System.arraycopy(g, 0, a, 0, n);
        fft(h, w).realForwardFull(a);
        // logAmp[0..n) = log A; logAmp[n..2n) = its 3x3 box mean.
        for (int p = 0; p < n; p++) {
            double re = a[2 * p];
            double im = a[2 * p + 1];
            logAmp[p] = 0.5 * Math.log(re * re + im * im + EPS);
        }
        boxMeanReplicate(logAmp, h, w, logAmp, n);
        for (int p = 0; p < n; p++) {
            // F' = F * R / A with R = exp(L - box(L)) and A = exp(L): the factor is exp(-box(L)).
            double scale = Math.exp(-logAmp[n + p]);
            a[2 * p] *= scale;
            a[2 * p + 1] *= scale;
        }
        fft(h, w).complexInverse(a, true);
        for (int p = 0; p < n; p++) {
            double re = a[2 * p];
            double im = a[2 * p + 1];
            work[p] = Math.sqrt(re * re + im * im);
        }
        blur.apply(work, 0, h, w, out, outOff);
    }

    /** 3x3 mean with edge-clamped (replicate) padding, from src[0..rows*cols) to dst[dstOff..]. */
    static void boxMeanReplicate(double[] src, int rows, int cols, double[] dst, int dstOff) {
        for (int y = 0; y < rows; y++) {
            int ym = Math.max(y - 1, 0) * cols;
            int y0 = y * cols;
            int yp = Math.min(y + 1, rows - 1) * cols;
            for (int x = 0; x < cols; x++) {
                int xm = Math.max(x - 1, 0);
                int xp = Math.min(x + 1, cols - 1);
                double s = src[ym + xm] + src[ym + x] + src[ym + xp]
                        + src[y0 + xm] + src[y0 + x] + src[y0 + xp]
                        + src[yp + xm] + src[yp + x] + src[yp + xp];
                dst[dstOff + y0 + x] = s / 9.0;
            }
        }
    }

    private LaneSpectralResidual lanePath(int count, int h, int w) {
        int lanes = LaneSpectralResidual.lanesFor(count, h, w);
        // More lanes than a small tail batch needs only cost that batch some zero lanes; fewer would
        // reallocate at every partition's tail, so the instance is replaced only when it has too few.
        if (lane == null || lane.height() != h || lane.width() != w || lane.lanes() < lanes) {
            lane = new LaneSpectralResidual(h, w, lanes);
        }
        return lane;
    }

    private DoubleFFT_2D fft(int rows, int cols) {
        if (fft == null || rows != fftRows || cols != fftCols) {
            fft = new DoubleFFT_2D(rows, cols);
            fftRows = rows;
            fftCols = cols;
        }
        return fft;
    }

    static double[] ensure(double[] buf, int n) {
        return buf.length >= n ? buf : new double[n];
    }
}
