package org.guidedmixup.io;

import org.guidedmixup.transform.BaseTransform;
import org.guidedmixup.transform.CropSpec;

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
 * @param draft     JPEGs that the run shrinks by 2x or more are decoded at 1/2, 1/4 or 1/8 of their
 *                  size in the DCT domain first, as Pillow's {@code draft} ({@link #draftScale})
 */
public record ImageSpec(int channels, int height, int width, boolean resize, long maxPixels, BaseTransform transform,
                        boolean draft) implements Serializable {
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

    /** A shape that decodes every image at full size. */
    public ImageSpec(int channels, int height, int width, boolean resize, long maxPixels, BaseTransform transform) {
        this(channels, height, width, resize, maxPixels, transform, false);
    }

    /**
     * The DCT-domain reduction (1, 2, 4 or 8) at which an h x w JPEG is decoded for this run: with
     * {@link #draft}, the largest at which the image still has at least the pixels the run resizes
     * it to, by Pillow's rule ({@code scale = min(w // W, h // H)}, then the largest of 8, 4, 2, 1 not
     * above it), where W x H is
     * <ul>
     *   <li>{@code --resize}: the run's size;</li>
     *   <li>{@code center:R,S}, {@code resize-random:R,S}: the shorter side resized to R;</li>
     *   <li>{@code random-resized:S}: the smallest region the sampler can draw, brought to S (so a
     *       crop is never taken from fewer than S pixels across).</li>
     * </ul>
     * 1 for crops that do not resize ({@code random}, {@code center:S}) and without {@link #draft}.
     * The transform is then drawn on the reduced image, as if it were the source.
     */
    public int draftScale(int h, int w) {
        if (!draft || h < 2 || w < 2) {
            return 1;
        }
        long scale;
        if (!keepsSourceSize()) {
            if (!resize) {
                return 1;
            }
            scale = Math.min(w / width, h / height);
        } else {
            CropSpec crop = transform.crop();
            switch (crop.kind()) {
                case CENTER, RESIZE_RANDOM -> {
                    if (crop.resize() == 0) {
                        return 1;
                    }
                    int[] hw = BaseTransform.ShorterSide.resized(h, w, crop.resize());
                    scale = Math.min(w / hw[1], h / hw[0]);
                }
                case RANDOM_RESIZED -> {
                    double area = (double) h * w * crop.scaleMin();
                    double narrowest = Math.min(Math.sqrt(area * crop.ratioMin()), Math.sqrt(area / crop.ratioMax()));
                    scale = (long) Math.floor(narrowest / crop.size());
                }
                default -> {
                    return 1;
                }
            }
        }
        return scale >= 8 ? 8 : scale >= 4 ? 4 : scale >= 2 ? 2 : 1;
    }

    public int length() {
        return channels * height * width;
    }

    /** True when decoded images keep their own size, for the crop to bring them to height x width. */
    public boolean keepsSourceSize() {
        return transform.setsSize();
    }
}
