package org.guidedmixup.transform;

import java.util.Arrays;

/**
 * Pillow's antialiased bilinear resampling of uint8 images ({@code Image.resize(size, BILINEAR)},
 * {@code ImagingResample} in Pillow 9): a horizontal then a vertical pass of a triangle filter
 * widened by the scale when shrinking, with coefficients computed in double, normalised and rounded
 * to 22-bit fixed point, and the horizontal pass rounded to 8 bits before the vertical one. Every
 * step is Pillow's own arithmetic, so results equal Pillow's pixel for pixel, which is what the
 * official recipe's torchvision transforms run on (they get PIL images).
 *
 * <p>Not to be confused with {@code core.BilinearResize}, torch's non-antialiased interpolation
 * that spectral-residual saliency uses inside the algorithm.
 *
 * <p>One instance per thread: it keeps its buffers between images, so a stream of images allocates
 * only when a larger image or filter than before comes.
 */
public final class PillowResample {
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private final Axis horizontal = new Axis();
    private final Axis vertical = new Axis();
    private byte[] rows = new byte[0];
    private int[] acc = new int[0];

    /**
     * Writes a window of the resized image: the region (sy, sx, sh, sw) of a C x h x w source is
     * resized to outH x outW, and rows [oy, oy + oh) x columns [ox, ox + ow) of that result go to
     * {@code dst} (C x oh x ow). Window pixels outside the resized image are 0, as Pillow's crop
     * and torchvision's constant padding give. With outH = sh and outW = sw nothing is resampled:
     * the window is a plain crop, with zero padding where it leaves the region.
     */
    public void resample(byte[] src, int channels, int h, int w, int sy, int sx, int sh, int sw,
                         int outH, int outW, int oy, int ox, int oh, int ow, byte[] dst) {
        resample(src, channels, 1, null, h, w, sy, sx, sh, sw, outH, outW, oy, ox, oh, ow, dst);
    }

    /**
     * {@link #resize} from interleaved H x W x C pixels (a decoder's own layout; {@code bgr}: colour
     * in B, G, R order) to planar C x H x W in R, G, B order: the same sums as the planar form, without
     * first converting the whole source image.
     */
    public void resizeInterleaved(byte[] hwc, int channels, boolean bgr, int h, int w, int outH, int outW, byte[] dst) {
        int[] offsets = new int[channels];
        for (int c = 0; c < channels; c++) {
            offsets[c] = bgr && channels == 3 ? 2 - c : c;
        }
        resample(hwc, channels, channels, offsets, h, w, 0, 0, h, w, outH, outW, 0, 0, outH, outW, dst);
    }

    /**
     * @param stride  source samples between horizontally adjacent pixels (1 planar, C interleaved)
     * @param offsets per output channel, the source offset of its first sample (null: planar planes)
     */
    private void resample(byte[] src, int channels, int stride, int[] offsets, int h, int w, int sy, int sx, int sh, int sw,
                          int outH, int outW, int oy, int ox, int oh, int ow, byte[] dst) {
        if (sy < 0 || sx < 0 || sh < 1 || sw < 1 || sy + sh > h || sx + sw > w) {
            throw new IllegalArgumentException("region " + sy + "," + sx + " " + sh + "x" + sw + " is not inside a " + h + "x" + w + " image");
        }
        int y0 = Math.max(oy, 0);
        int y1 = Math.min(oy + oh, outH);
        int x0 = Math.max(ox, 0);
        int x1 = Math.min(ox + ow, outW);
        if (y0 > oy || x0 > ox || y1 < oy + oh || x1 < ox + ow) {
            Arrays.fill(dst, 0, channels * oh * ow, (byte) 0);
        }
        if (y0 >= y1 || x0 >= x1) {
            return;
        }
        // Pillow resamples an axis when its size changes (the region is a fresh image, box (0, 0, sw, sh)).
        boolean needH = outW != sw;
        boolean needV = outH != sh;
        if (needH) {
            horizontal.compute(sw, outW);
        }
        if (needV) {
            vertical.compute(sh, outH);
        }
        // Source rows (relative to the region) that the window's output rows read.
        int rFirst = needV ? vertical.min[y0] : y0;
        int rLast = needV ? vertical.last(y0, y1) : y1;
        int cw = x1 - x0;
        int rowCount = rLast - rFirst;
        if (rows.length < rowCount * cw) {
            rows = new byte[rowCount * cw];
        }
        if (acc.length < cw) {
            acc = new int[cw];
        }
        int hw = h * w;
        int ohw = oh * ow;
        int planeRows = rowCount * cw;
        // Interleaved colour: one horizontal pass computes the three channels of a pixel together
        // (its taps and coefficients loaded once), into three planes of rows[].
        boolean fused = stride == 3 && channels == 3 && needH;
        if (fused) {
            if (rows.length < 3 * planeRows) {
                rows = new byte[3 * planeRows];
            }
            for (int r = 0; r < rowCount; r++) {
                horizontalRgb(src, ((sy + rFirst + r) * w + sx) * 3, x0, x1, rows, r * cw - x0, planeRows);
            }
        }
        for (int c = 0; c < channels; c++) {
            int plane = offsets == null ? c * hw : offsets[c];
            int rowsBase = fused ? plane * planeRows : 0;
            // 1. The rows the vertical pass needs, horizontally resampled (or copied) into rows[].
            for (int r = 0; r < rowCount && !fused; r++) {
                int srcRow = plane + ((sy + rFirst + r) * w + sx) * stride;
                if (stride != 1) {
                    int out = r * cw;
                    if (needH) {
                        horizontalStrided(src, srcRow, stride, x0, x1, rows, out - x0);
                    } else {
                        for (int x = x0; x < x1; x++) {
                            rows[out + x - x0] = src[srcRow + x * stride];
                        }
                    }
                    continue;
                }
                int out = r * cw;
                if (needH) {
                    horizontalPlanar(src, srcRow, x0, x1, rows, out - x0);
                } else {
                    System.arraycopy(src, srcRow + x0, rows, out, cw);
                }
            }
            // 2. The vertical pass (or a copy) into the window.
            int dstPlane = c * ohw;
            for (int y = y0; y < y1; y++) {
                int out = dstPlane + (y - oy) * ow + (x0 - ox);
                if (needV) {
                    verticalRow(y, rFirst, cw, rowsBase, dst, out);
                } else {
                    System.arraycopy(rows, rowsBase + (y - rFirst) * cw, dst, out, cw);
                }
            }
        }
    }

    /**
     * The horizontal pass over one row of interleaved 3-sample pixels: sample j of output x goes to
     * {@code rows[j * planeRows + out + x]} (the same sums as {@link #horizontalStrided} per sample).
     */
    private void horizontalRgb(byte[] src, int srcRow, int x0, int x1, byte[] rows, int out, int planeRows) {
        int k = horizontal.ksize;
        int[] kk = horizontal.kk;
        int[] min = horizontal.min;
        int[] len = horizontal.len;
        for (int x = x0; x < x1; x++) {
            int b = srcRow + min[x] * 3;
            int n = len[x];
            int kb = x * k;
            int s0 = HALF;
            int s1 = HALF;
            int s2 = HALF;
            for (int i = 0; i < n; i++) {
                int kv = kk[kb + i];
                int p = b + 3 * i;
                s0 += (src[p] & 0xff) * kv;
                s1 += (src[p + 1] & 0xff) * kv;
                s2 += (src[p + 2] & 0xff) * kv;
            }
            rows[out + x] = clip8(s0);
            rows[planeRows + out + x] = clip8(s1);
            rows[2 * planeRows + out + x] = clip8(s2);
        }
    }

    /** The horizontal pass over one row of a plane, output x at {@code rows[out + x]}. */
    private void horizontalPlanar(byte[] src, int srcRow, int x0, int x1, byte[] rows, int out) {
        int k = horizontal.ksize;
        int[] kk = horizontal.kk;
        int[] min = horizontal.min;
        int[] len = horizontal.len;
        for (int x = x0; x < x1; x++) {
            int b = srcRow + min[x];
            int n = len[x];
            int kb = x * k;
            int ss = HALF;
            int i = 0;
            // Two taps a step: half the loop overhead, which dominates these 2-6 tap sums.
            for (; i + 1 < n; i += 2) {
                ss += (src[b + i] & 0xff) * kk[kb + i] + (src[b + i + 1] & 0xff) * kk[kb + i + 1];
            }
            if (i < n) {
                ss += (src[b + i] & 0xff) * kk[kb + i];
            }
            rows[out + x] = clip8(ss);
        }
    }

    /**
     * The vertical pass for output row y from the horizontally resampled rows (row 0 = source row
     * {@code rFirst}), tap by tap over whole rows (Pillow sums tap by tap per pixel: the same integer
     * sums), so the inner loop streams one row and C2 vectorises it.
     */
    private void verticalRow(int y, int rFirst, int cw, int rowsBase, byte[] dst, int out) {
        int ymin = vertical.min[y] - rFirst;
        int n = vertical.len[y];
        int kb = y * vertical.ksize;
        int[] acc = this.acc;
        Arrays.fill(acc, 0, cw, HALF);
        for (int i = 0; i < n; i++) {
            int k = vertical.kk[kb + i];
            int row = rowsBase + (ymin + i) * cw;
            for (int x = 0; x < cw; x++) {
                acc[x] += (rows[row + x] & 0xff) * k;
            }
        }
        for (int x = 0; x < cw; x++) {
            dst[out + x] = clip8(acc[x]);
        }
    }

    /** The horizontal pass over one row of interleaved samples ({@code stride} apart). */
    private void horizontalStrided(byte[] src, int srcRow, int stride, int x0, int x1, byte[] rows, int out) {
        int k = horizontal.ksize;
        int[] kk = horizontal.kk;
        int[] min = horizontal.min;
        int[] len = horizontal.len;
        for (int x = x0; x < x1; x++) {
            int b = srcRow + min[x] * stride;
            int n = len[x];
            int kb = x * k;
            int ss = HALF;
            for (int i = 0; i < n; i++) {
                ss += (src[b + i * stride] & 0xff) * kk[kb + i];
            }
            rows[out + x] = clip8(ss);
        }
    }

    /** Resizes a whole C x h x w image to outH x outW into {@code dst}. */
    public void resize(byte[] src, int channels, int h, int w, int outH, int outW, byte[] dst) {
        resample(src, channels, h, w, 0, 0, h, w, outH, outW, 0, 0, outH, outW, dst);
    }

    private static byte clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (in <= 0) {
            return 0;
        }
        return (byte) (in >> PRECISION_BITS);
    }

    /** Pillow's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for one axis. */
    private static final class Axis {
        int inSize = -1;
        int outSize = -1;
        int ksize;
        int[] min = new int[0];
        int[] len = new int[0];
        int[] kk = new int[0];
        double[] weights = new double[0];

        void compute(int in, int out) {
            if (in == inSize && out == outSize) {
                return;
            }
            double support = 1.0; // the bilinear (triangle) filter's
            double scale = (double) ((float) in - 0f) / out;
            double filterscale = Math.max(scale, 1.0);
            support = support * filterscale;
            int k = (int) Math.ceil(support) * 2 + 1;
            if (min.length < out) {
                min = new int[out];
                len = new int[out];
            }
            if (kk.length < out * k) {
                kk = new int[out * k];
            }
            if (weights.length < k) {
                weights = new double[k];
            }
            for (int xx = 0; xx < out; xx++) {
                double center = 0.0 + (xx + 0.5) * scale;
                double ww = 0.0;
                double ss = 1.0 / filterscale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > in) {
                    xmax = in;
                }
                xmax -= xmin;
                for (int x = 0; x < xmax; x++) {
                    double t = Math.abs((x + xmin - center + 0.5) * ss);
                    double wt = t < 1.0 ? 1.0 - t : 0.0;
                    weights[x] = wt;
                    ww += wt;
                }
                int base = xx * k;
                for (int x = 0; x < k; x++) {
                    double v = x < xmax ? (ww != 0.0 ? weights[x] / ww : weights[x]) : 0.0;
                    kk[base + x] = v < 0 ? (int) (-0.5 + v * (1 << PRECISION_BITS)) : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                min[xx] = xmin;
                len[xx] = xmax;
            }
            ksize = k;
            inSize = in;
            outSize = out;
        }

        /** One past the last source index that outputs [from, to) read. */
        int last(int from, int to) {
            int last = 0;
            for (int y = from; y < to; y++) {
                last = Math.max(last, min[y] + len[y]);
            }
            return last;
        }
    }
}
