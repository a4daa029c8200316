package org.guidedmixup.core;

/**
 * Bilinear resize of a single-channel map without antialiasing, with half-pixel centres
 * ({@code align_corners=False}) and source coordinates clamped to the image: the arithmetic of
 * torch's {@code upsample_bilinear2d}, which the reference uses to bring SR to 128 x 128 and back.
 */
public final class BilinearResize {
    private BilinearResize() {
    }

    /** Resizes {@code src} (sh x sw at srcOff) into {@code dst} (dh x dw at dstOff). */
    public static void resize(double[] src, int srcOff, int sh, int sw, double[] dst, int dstOff, int dh, int dw) {
        double scaleY = (double) sh / dh;
        double scaleX = (double) sw / dw;
        for (int y = 0; y < dh; y++) {
            double sy = Math.max(0.0, (y + 0.5) * scaleY - 0.5);
            int y0 = Math.min((int) sy, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            double ly = sy - y0;
            int r0 = srcOff + y0 * sw;
            int r1 = srcOff + y1 * sw;
            for (int x = 0; x < dw; x++) {
                double sx = Math.max(0.0, (x + 0.5) * scaleX - 0.5);
                int x0 = Math.min((int) sx, sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                double lx = sx - x0;
                double top = (1 - lx) * src[r0 + x0] + lx * src[r0 + x1];
                double bottom = (1 - lx) * src[r1 + x0] + lx * src[r1 + x1];
                dst[dstOff + y * dw + x] = (1 - ly) * top + ly * bottom;
            }
        }
    }
}
