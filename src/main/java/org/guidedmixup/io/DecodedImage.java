package org.guidedmixup.io;

import java.io.Serializable;

/**
 * A record after decoding: uint8 pixels with the run's channels (C x H x W), or the reason it was
 * rejected. Exactly one of {@link #pixels} and {@link #rejectReason} is non-null. The size is the
 * run's ({@link ImageSpec}), or the image's own when a crop sizes images in the batch.
 */
public final class DecodedImage implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long sourceId;
    public final int label;
    public final String path;
    public final byte[] pixels;
    /** Height and width of {@link #pixels} (0 when rejected). */
    public final int height;
    public final int width;
    public final String rejectReason;
    /** The kind of {@link #rejectReason}, for the summary's counts; null when not rejected. */
    public final RejectKind rejectKind;

    private DecodedImage(long sourceId, int label, String path, byte[] pixels, int height, int width, RejectKind rejectKind,
                         String rejectReason) {
        this.sourceId = sourceId;
        this.label = label;
        this.path = path;
        this.pixels = pixels;
        this.height = height;
        this.width = width;
        this.rejectReason = rejectReason;
        this.rejectKind = rejectKind;
    }

    public static DecodedImage ok(SourceRecord r, byte[] pixels, int height, int width) {
        return new DecodedImage(r.sourceId, r.label, r.path, pixels, height, width, null, null);
    }

    public static DecodedImage rejected(SourceRecord r, RejectKind kind, String reason) {
        return new DecodedImage(r.sourceId, r.label, r.path, null, 0, 0, kind, reason);
    }

    public boolean isRejected() {
        return rejectReason != null;
    }
}
