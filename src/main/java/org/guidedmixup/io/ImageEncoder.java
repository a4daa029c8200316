package org.guidedmixup.io;

/**
 * Turns the uint8 C x H x W pixels of one output image into the bytes a shard stores. One instance
 * per thread or partition: implementations reuse buffers and are not thread-safe.
 */
@FunctionalInterface
public interface ImageEncoder {
    /** @return a new array owned by the caller */
    byte[] encode(byte[] chw, int channels, int height, int width);

    /** The bytes as they are (the {@code raw} encoding). */
    static ImageEncoder raw() {
        return (chw, channels, height, width) -> java.util.Arrays.copyOf(chw, channels * height * width);
    }
}
