package org.guidedmixup.core;

/**
 * Separable Gaussian blur with reflect padding (mirror without repeating the edge pixel), as
 * torchvision's {@code gaussian_blur} applies it: 1-D kernel {@code exp(-t^2 / (2 sigma^2))} for
 * t = -r..r, normalised to sum 1, once along rows and once along columns.
 *
 * <p>Not thread-safe: it keeps a scratch buffer and reflect tables, grown as needed and reused.
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
     *
     * <p>Interior pixels read their taps directly; only the {@code radius} pixels at each border go
     * through a reflect table built once per size, so the inner loops have no index arithmetic
     * beyond an add. Taps are summed in the same order as a plain loop, so results are identical.
     */
    public void apply(double[] src, int srcOff, int h, int w, double[] dst, int dstOff) {
        int n = h * w;
        if (scratch.length < n) {
            scratch = new double[n];
        }
        double[] tmp = scratch;
        int[] rx = reflectTable(w);
        int[] ry = w == h ? rx : reflectTable(h);
        double[] k = kernel;
        int r = radius;
        int size = 2 * r + 1;
        // Horizontal pass: src -> tmp.
        int x0 = Math.min(r, w);
        int x1 = Math.max(x0, w - r);
        for (int y = 0; y < h; y++) {
            int row = srcOff + y * w;
            int out = y * w;
            for (int x = 0; x < x0; x++) {
                tmp[out + x] = edgeTap(src, row, 1, rx, x, k, size);
            }
            for (int x = x0; x < x1; x++) {
                double acc = 0;
                int base = row + x - r;
                for (int t = 0; t < size; t++) {
                    acc += k[t] * src[base + t];
                }
                tmp[out + x] = acc;
            }
            for (int x = x1; x < w; x++) {
                tmp[out + x] = edgeTap(src, row, 1, rx, x, k, size);
            }
        }
        // Vertical pass: tmp -> dst, a whole row at a time (contiguous reads and writes).
        for (int y = 0; y < h; y++) {
            int out = dstOff + y * w;
            boolean interior = y >= r && y < h - r;
            for (int x = 0; x < w; x++) {
                double acc = 0;
                if (interior) {
                    int base = (y - r) * w + x;
                    for (int t = 0; t < size; t++) {
                        acc += k[t] * tmp[base + t * w];
                    }
                } else {
                    int off = y * (size);
                    for (int t = 0; t < size; t++) {
                        acc += k[t] * tmp[ry[off + t] * w + x];
                    }
                }
                dst[out + x] = acc;
            }
        }
    }

    /** One output of the horizontal pass near a border, through the reflect table. */
    private static double edgeTap(double[] src, int row, int stride, int[] table, int x, double[] k, int size) {
        double acc = 0;
        int off = x * size;
        for (int t = 0; t < size; t++) {
            acc += k[t] * src[row + table[off + t] * stride];
        }
        return acc;
    }

    private int[] tableFor = new int[0];
    private int tableSize = -1;
    private int[] tableFor2 = new int[0];
    private int tableSize2 = -1;

    /** table[i*(2r+1) + t] = reflect(i + t - r, n): two sizes kept (width and height). */
    private int[] reflectTable(int n) {
        if (n == tableSize) {
            return tableFor;
        }
        if (n == tableSize2) {
            return tableFor2;
        }
        int size = 2 * radius + 1;
        int[] t = new int[n * size];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                t[i * size + j] = reflect(i + j - radius, n);
            }
        }
        tableFor2 = tableFor;
        tableSize2 = tableSize;
        tableFor = t;
        tableSize = n;
        return t;
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
