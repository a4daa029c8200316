package org.guidedmixup.io;

import java.io.Serializable;

/**
 * The one image shape of a run and how records are made to fit it.
 *
 * @param channels  1 (grey) or 3 (RGB): what every image is converted to
 * @param resize    true: images of another size are resized (bilinear) to height x width;
 *                  false: they are rejected
 * @param maxPixels images whose header declares more pixels are rejected before decoding
 */
public record ImageSpec(int channels, int height, int width, boolean resize, long maxPixels) implements Serializable {
    public ImageSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + height + "x" + width);
        }
    }

    public int length() {
        return channels * height * width;
    }
}
