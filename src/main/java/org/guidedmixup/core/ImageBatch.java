package org.guidedmixup.core;

import java.util.Objects;

/**
 * A mini-batch of images in N x C x H x W layout (row-major, float pixels), with one integer label
 * and one id per image.
 *
 * <p>The arrays are taken as they are, not copied: the batch is a view over buffers that a caller
 * may reuse, so that building a batch per mini-batch allocates nothing per pixel. Every check that a
 * user's data can fail is done here, once, with a message that names the image.
 */
public final class ImageBatch {
    private final int size;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] pixels;
    private final int[] labels;
    private final long[] ids;

    /**
     * @param size     number of images N (the arrays may be longer: buffers are reused)
     * @param channels C, 1 (grey) or 3 (RGB)
     * @param pixels   at least N*C*H*W values; finite
     * @param labels   at least N labels, each >= 0
     * @param ids      at least N ids, used in messages and carried to the output
     * @throws IllegalArgumentException naming the image and the problem when the batch is unusable
     */
    public ImageBatch(int size, int channels, int height, int width, float[] pixels, int[] labels, long[] ids) {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(ids, "ids");
        if (size < 1) {
            throw new IllegalArgumentException("batch is empty: it must hold at least 1 image, got " + size);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images must have 1 (grey) or 3 (RGB) channels, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + height + "x" + width);
        }
        long expected = (long) size * channels * height * width;
        if (pixels.length < expected) {
            throw new IllegalArgumentException("pixel array holds " + pixels.length + " values, but " + size
                    + " images of " + channels + "x" + height + "x" + width + " need " + expected);
        }
        if (labels.length < size) {
            throw new IllegalArgumentException("batch of " + size + " images has only " + labels.length + " labels");
        }
        if (ids.length < size) {
            throw new IllegalArgumentException("batch of " + size + " images has only " + ids.length + " ids");
        }
        this.size = size;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.ids = ids;
        int imageLength = channels * height * width;
        for (int i = 0; i < size; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException(describe(i) + " has a negative label " + labels[i]
                        + "; labels must be class indices 0..K-1");
            }
            int base = i * imageLength;
            if (allFinite(pixels, base, imageLength)) {
                continue;
            }
            for (int p = 0; p < imageLength; p++) {
                float v = pixels[base + p];
                if (!Float.isFinite(v)) {
                    int c = p / (height * width);
                    int y = (p / width) % height;
                    int x = p % width;
                    throw new IllegalArgumentException(describe(i) + " has a non-finite pixel (" + v
                            + ") at channel " + c + ", row " + y + ", column " + x);
                }
            }
        }
    }

    /**
     * A batch of m images of uniform random 8-bit pixels (as floats in [0, 1]), labels i mod 10 and
     * ids 0..m-1: the synthetic input of the benchmarks ({@code bench}, JMH).
     */
    public static ImageBatch random(int channels, int height, int width, int m, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] px = new float[m * channels * height * width];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextInt(256) / 255f;
        }
        int[] labels = new int[m];
        long[] ids = new long[m];
        for (int i = 0; i < m; i++) {
            labels[i] = i % 10;
            ids[i] = i;
        }
        return of(channels, height, width, px, labels, ids);
    }

    /** Convenience for a batch whose arrays are exactly N long. */
    public static ImageBatch of(int channels, int height, int width, float[] pixels, int[] labels, long[] ids) {
        return new ImageBatch(labels.length, channels, height, width, pixels, labels, ids);
    }

    /** Fails, naming the first offending image, when a label is not below {@code numClasses}. */
    public void requireLabelsBelow(int numClasses) {
        for (int i = 0; i < size; i++) {
            if (labels[i] >= numClasses) {
                throw new IllegalArgumentException(describe(i) + " has label " + labels[i]
                        + ", but there are only " + numClasses + " classes (labels 0.." + (numClasses - 1)
                        + "); raise the class count or fix the label");
            }
        }
    }

    /**
     * Whether {@code a[from, from + n)} are all finite, without a branch per value: v - v is 0 for
     * a finite v and NaN for an infinite or NaN one, and a NaN term makes its sum NaN. Under C1 (the
     * augment job's JIT) the per-value {@code Float.isFinite} test was 1.5 % of the job's samples.
     */
    private static boolean allFinite(float[] a, int from, int n) {
        float s0 = 0;
        float s1 = 0;
        int p = from;
        int end = from + n;
        for (; p + 1 < end; p += 2) {
            float v0 = a[p];
            float v1 = a[p + 1];
            s0 += v0 - v0;
            s1 += v1 - v1;
        }
        if (p < end) {
            float v = a[p];
            s0 += v - v;
        }
        return s0 + s1 == 0;
    }

    /** "image 3 (id 17)": how messages name an image. */
    public String describe(int i) {
        return "image " + i + " (id " + ids[i] + ")";
    }

    public int size() { return size; }
    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }
    /** H * W. */
    public int pixelsPerChannel() { return height * width; }
    /** C * H * W: the stride between images in {@link #pixels()}. */
    public int imageLength() { return channels * height * width; }
    /** The backing N x C x H x W array (not a copy). */
    public float[] pixels() { return pixels; }
    public int label(int i) { return labels[i]; }
    public long id(int i) { return ids[i]; }
}
