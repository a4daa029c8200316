package org.guidedmixup.io;

import java.io.Serializable;

/**
 * One input record in the dataset's natural order: its zero-based {@code sourceId}, its label, and
 * either its bytes (an encoded image, or raw uint8 C x H x W pixels when {@link #isRaw()}) or a
 * path to read them from. A record already known to be unusable carries its reject reason.
 */
public final class SourceRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long sourceId;
    public final int label;
    /** Where the record came from (file path, or "file#index" for records inside one file). */
    public final String path;
    /** Encoded image bytes, raw pixels, or null when they are to be read from {@link #path}. */
    public final byte[] bytes;
    /** Channels/height/width of raw pixels; 0 for encoded images. */
    public final int rawChannels;
    public final int rawHeight;
    public final int rawWidth;
    /** Non-null when the record is known to be unusable before decoding. */
    public final String rejectReason;
    /** The kind of {@link #rejectReason}; null when usable. */
    public final RejectKind rejectKind;

    private SourceRecord(long sourceId, int label, String path, byte[] bytes, int c, int h, int w, RejectKind kind,
                         String reject) {
        this.sourceId = sourceId;
        this.label = label;
        this.path = path;
        this.bytes = bytes;
        this.rawChannels = c;
        this.rawHeight = h;
        this.rawWidth = w;
        this.rejectReason = reject;
        this.rejectKind = kind;
    }

    /** Raw uint8 pixels in C x H x W order (IDX, CIFAR). */
    public static SourceRecord raw(long sourceId, int label, String path, byte[] chw, int c, int h, int w) {
        return new SourceRecord(sourceId, label, path, chw, c, h, w, null, null);
    }

    /** An encoded image (PNG/JPEG/BMP) given as bytes. */
    public static SourceRecord encoded(long sourceId, int label, String path, byte[] bytes) {
        return new SourceRecord(sourceId, label, path, bytes, 0, 0, 0, null, null);
    }

    /** An encoded image file, read where it is decoded. */
    public static SourceRecord file(long sourceId, int label, String path) {
        return new SourceRecord(sourceId, label, path, null, 0, 0, 0, null, null);
    }

    /** A record that cannot be used, with the kind and the reason. */
    public static SourceRecord rejected(long sourceId, int label, String path, RejectKind kind, String reason) {
        return new SourceRecord(sourceId, label, path, null, 0, 0, 0, kind, reason);
    }

    public boolean isRaw() {
        return rawChannels > 0;
    }
}
