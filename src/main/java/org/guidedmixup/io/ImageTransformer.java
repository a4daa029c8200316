package org.guidedmixup.io;

import org.guidedmixup.transform.BaseTransform;
import org.guidedmixup.transform.Draw;
import org.guidedmixup.transform.PillowResample;

/**
 * Turns a decoded image into the image that saliency, pairing and mixing see in a round: the run's
 * {@link BaseTransform} drawn for (seed, round, source id). The one place that rule is applied, so
 * that the batches, the preview, the export and evaluation show the same pixels. One per thread
 * (it keeps the resampler's buffers).
 */
public final class ImageTransformer {
    private final ImageSpec spec;
    private final long seed;
    private final PillowResample resample = new PillowResample();

    public ImageTransformer(ImageSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    /** True when images go through unchanged (then {@link #apply} is never needed). */
    public boolean isIdentity() {
        return spec.transform().isIdentity();
    }

    /**
     * Writes what image {@code d} becomes in {@code round} into {@code dst} (the spec's length) and
     * returns the draw; for the identity transform, copies the pixels and returns null.
     */
    public Draw apply(DecodedImage d, int round, byte[] dst) {
        if (isIdentity()) {
            System.arraycopy(d.pixels, 0, dst, 0, spec.length());
            return null;
        }
        Draw draw = spec.transform().draw(seed, round, d.sourceId, d.height, d.width);
        BaseTransform.apply(draw, d.pixels, spec.channels(), resample, dst);
        return draw;
    }

    /** The pixels image {@code d} has in {@code round}: its own array for the identity, else a new one. */
    public byte[] seen(DecodedImage d, int round) {
        if (isIdentity()) {
            return d.pixels;
        }
        byte[] out = new byte[spec.length()];
        apply(d, round, out);
        return out;
    }
}
