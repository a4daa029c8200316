package org.guidedmixup.io;

import org.guidedmixup.transform.BaseTransform;

import java.io.Serializable;

/**
 * The one image shape of a run and how records are made to fit it.
 *
 * @param channels  1 (grey) or 3 (RGB): what every image is converted to
 * @param height    the height of every image that saliency, pairing and mixing see (with a crop: S)
 * @param resize    true: images of another size are resized (Pillow's antialiased bilinear) to
 *                  height x width; false: they are rejected. Unused with a crop, which sizes them.
 * @param maxPixels images whose header declares more pixels are rejected before decoding
 * @param transform the base transform of every image before the mixup; with a crop, decoded images
 *                  keep their own size and the crop brings them to height x width
 */
public record ImageSpec(int channels, int height, int width, boolean resize, long maxPixels, BaseTransform transform)
        implements Serializable {
    public ImageSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + height + "x" + width);
        }
        if (transform == null) {
            transform = BaseTransform.NONE;
        }
        if (transform.setsSize() && (height != transform.crop().size() || width != transform.crop().size())) {
            throw new IllegalArgumentException("the crop " + transform.crop() + " makes " + transform.crop().size() + "x"
                    + transform.crop().size() + " images, not " + height + "x" + width);
        }
    }

    /** A shape without a base transform. */
    public ImageSpec(int channels, int height, int width, boolean resize, long maxPixels) {
        this(channels, height, width, resize, maxPixels, BaseTransform.NONE);
    }

    public int length() {
        return channels * height * width;
    }

    /** True when decoded images keep their own size, for the crop to bring them to height x width. */
    public boolean keepsSourceSize() {
        return transform.setsSize();
    }
}
