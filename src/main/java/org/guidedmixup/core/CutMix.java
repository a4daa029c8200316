package org.guidedmixup.core;

import java.util.random.RandomGenerator;

/**
 * CutMix (Yun et al. 2019) as the reference's {@code mixup_box}: one lambda ~ Beta(alpha, alpha)
 * and one box per batch, centre uniform over the image, sides sqrt(1 - lambda) H and
 * sqrt(1 - lambda) W, clipped to the image; the box is pasted from the partner. The ratio is the
 * actual unpasted area (1 - box area / image area), so clipping is reflected in the labels.
 */
public final class CutMix implements Mixer {
    private final double alpha;

    public CutMix(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public void mix(ImageBatch batch, double[] z, int[] partner, RandomGenerator rng, float[] mixedOut, double[] ratioOut) {
        int h = batch.height();
        int w = batch.width();
        double lambda = BetaSampler.symmetric(alpha, rng);
        double cy = rng.nextDouble() * h;
        double cx = rng.nextDouble() * w;
        double bh = Math.sqrt(1 - lambda) * h;
        double bw = Math.sqrt(1 - lambda) * w;
        int y1 = (int) clip(cy - bh / 2, h);
        int y2 = (int) clip(cy + bh / 2, h);
        int x1 = (int) clip(cx - bw / 2, w);
        int x2 = (int) clip(cx + bw / 2, w);
        double ratio = 1.0 - (double) (y2 - y1) * (x2 - x1) / ((double) h * w);
        int len = batch.imageLength();
        int hw = h * w;
        float[] px = batch.pixels();
        for (int i = 0; i < batch.size(); i++) {
            int si = i * len;
            int st = partner[i] * len;
            System.arraycopy(px, si, mixedOut, si, len);
            for (int c = 0; c < batch.channels(); c++) {
                for (int y = y1; y < y2; y++) {
                    int off = c * hw + y * w;
                    System.arraycopy(px, st + off + x1, mixedOut, si + off + x1, x2 - x1);
                }
            }
            ratioOut[i] = ratio;
        }
    }

    private static double clip(double v, double max) {
        return Math.min(Math.max(v, 0.0), max);
    }

    @Override
    public boolean needsSaliency() {
        return false;
    }

    @Override
    public String name() {
        return "cutmix";
    }
}
