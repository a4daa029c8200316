package org.guidedmixup.core;

/**
 * Separable Gaussian blur with reflect padding (mirror without repeating the edge pixel), as
 * torchvision's {@code gaussian_blur} applies it: 1-D kernel {@code exp(-t^2 / (2 sigma^2))} for
 * t = -r..r, normalised to sum 1, once along rows and once along columns.
 *
 * <p>Not thread-safe: it keeps one scratch row buffer, grown as needed and reused across calls.
 */
public final class GaussianBlur {
    private final double[] kernel;
    private final int radius;
    private double[] scratch = new double[0];

    /** @param size odd kernel size (7 in GuidedMixup); @param sigma its standard deviation (3) */
    public GaussianBlur(int size, double sigma) {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("blur kernel size must be odd and >= 1, got " + size);
        }
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be > 0, got " + sigma);
        }
        this.radius = size / 2;
        this.kernel = new double[size];
        double sum = 0;
        for (int t = -radius; t <= radius; t++) {
            double v = Math.exp(-(t * t) / (2 * sigma * sigma));
            kernel[t + radius] = v;
            sum += v;
        }
        for (int k = 0; k < size; k++) {
            kernel[k] /= sum;
        }
    }

    /** The 7x7, sigma 3 blur that GuidedMixup uses both inside SR and in the mixup step. */
    public static GaussianBlur guidedMixup() {
        return new GaussianBlur(7, 3.0);
    }

    /**
     * Blurs the h x w map at {@code src[srcOff..]} into {@code dst[dstOff..]}. The two ranges may be
     * the same array region (the horizontal pass goes through the scratch buffer).
     */
    public void apply(double[] src, int srcOff, int h, int w, double[] dst, int dstOff) {
        int n = h * w;
        if (scratch.length < n) {
            scratch = new double[n];
        }
        double[] tmp = scratch;
        // Horizontal pass: src -> tmp.
        for (int y = 0; y < h; y++) {
            int row = srcOff + y * w;
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * src[row + reflect(x + k, w)];
                }
                tmp[y * w + x] = acc;
            }
        }
        // Vertical pass: tmp -> dst.
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * tmp[reflect(y + k, h) * w + x];
                }
                dst[dstOff + y * w + x] = acc;
            }
        }
    }

    /**
     * Reflect index into [0, n): -1 -> 1, n -> n-2. Repeats the reflection for images narrower than
     * the kernel, where torch would refuse; a 1-pixel side maps everything to 0.
     */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j;
    }
}
