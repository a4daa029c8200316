package org.guidedmixup.transform;

/**
 * What the base transform drew for one image, as the operation that applies it: the region
 * (sy, sx, sh, sw) of the h x w source is resized to outH x outW (no resampling when that is the
 * region's own size), the window (oy, ox, oh, ow) of the result is kept (zero where it leaves the
 * image: padding), then mirrored when {@code flipped}.
 */
public record Draw(int h, int w, int sy, int sx, int sh, int sw, int outH, int outW, int oy, int ox, int oh, int ow,
                   boolean flipped) {

    static Draw window(int h, int w, int sy, int sx, int sh, int sw, int outH, int outW, int oy, int ox, int oh, int ow,
                       boolean flipped) {
        return new Draw(h, w, sy, sx, sh, sw, outH, outW, oy, ox, oh, ow, flipped);
    }

    Draw flippedCopy() {
        return new Draw(h, w, sy, sx, sh, sw, outH, outW, oy, ox, oh, ow, true);
    }

    /** Top of the kept box in source pixels (negative: padding above the image). */
    public float top() {
        return (float) (sy + (double) oy * sh / outH);
    }

    public float left() {
        return (float) (sx + (double) ox * sw / outW);
    }

    /** Height of the kept box in source pixels. */
    public float height() {
        return (float) ((double) oh * sh / outH);
    }

    public float width() {
        return (float) ((double) ow * sw / outW);
    }
}
