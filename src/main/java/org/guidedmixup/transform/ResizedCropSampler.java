package org.guidedmixup.transform;

import java.util.SplittableRandom;

/**
 * {@code RandomResizedCrop.get_params} of torchvision: up to 10 tries of an area drawn uniformly in
 * scale x image area and an aspect ratio drawn log-uniformly; the first box that fits the image is
 * taken at a uniform position; after 10 misses, the central crop of the ratio's nearest bound.
 */
final class ResizedCropSampler {
    private static final int TRIES = 10;

    private ResizedCropSampler() {
    }

    /** {i, j, h, w} of the box in the source. */
    static int[] sample(SplittableRandom rnd, int h, int w, CropSpec spec) {
        double area = (double) h * w;
        double logMin = Math.log(spec.ratioMin());
        double logMax = Math.log(spec.ratioMax());
        for (int t = 0; t < TRIES; t++) {
            double targetArea = area * uniform(rnd, spec.scaleMin(), spec.scaleMax());
            double aspect = Math.exp(uniform(rnd, logMin, logMax));
            // Python's round(): halves to even, as Math.rint.
            int cw = (int) Math.rint(Math.sqrt(targetArea * aspect));
            int ch = (int) Math.rint(Math.sqrt(targetArea / aspect));
            if (0 < cw && cw <= w && 0 < ch && ch <= h) {
                int i = rnd.nextInt(h - ch + 1);
                int j = rnd.nextInt(w - cw + 1);
                return new int[] {i, j, ch, cw};
            }
        }
        double inRatio = (double) w / h;
        int cw;
        int ch;
        if (inRatio < spec.ratioMin()) {
            cw = w;
            ch = (int) Math.rint(cw / spec.ratioMin());
        } else if (inRatio > spec.ratioMax()) {
            ch = h;
            cw = (int) Math.rint(ch * spec.ratioMax());
        } else {
            cw = w;
            ch = h;
        }
        // Rounding stays inside the image (w / ratioMin < h above); at least one pixel for 1-pixel sides.
        ch = Math.max(1, Math.min(ch, h));
        cw = Math.max(1, Math.min(cw, w));
        return new int[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
    }

    private static double uniform(SplittableRandom rnd, double from, double to) {
        return from + (to - from) * rnd.nextDouble();
    }
}
