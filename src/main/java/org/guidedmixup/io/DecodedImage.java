package org.guidedmixup.io;

import java.io.Serializable;

/**
 * A record after decoding: uint8 pixels in the run's {@link ImageSpec} (C x H x W), or the reason
 * it was rejected. Exactly one of {@link #pixels} and {@link #rejectReason} is non-null.
 */
public final class DecodedImage implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long sourceId;
    public final int label;
    public final String path;
    public final byte[] pixels;
    public final String rejectReason;
    /** The kind of {@link #rejectReason}, for the summary's counts; null when not rejected. */
    public final RejectKind rejectKind;

    private DecodedImage(long sourceId, int label, String path, byte[] pixels, RejectKind rejectKind, String rejectReason) {
        this.sourceId = sourceId;
        this.label = label;
        this.path = path;
        this.pixels = pixels;
        this.rejectReason = rejectReason;
        this.rejectKind = rejectKind;
    }

    public static DecodedImage ok(SourceRecord r, byte[] pixels) {
        return new DecodedImage(r.sourceId, r.label, r.path, pixels, null, null);
    }

    public static DecodedImage rejected(SourceRecord r, RejectKind kind, String reason) {
        return new DecodedImage(r.sourceId, r.label, r.path, null, kind, reason);
    }

    public boolean isRejected() {
        return rejectReason != null;
    }
}
