package org.guidedmixup.io;

/**
 * Why a record was rejected, in the few kinds that the summary counts ({@code reject_reasons}); the
 * rejects table keeps each record's full message beside it.
 */
public enum RejectKind {
    FILE_NOT_FOUND("file not found"),
    UNREADABLE_FILE("unreadable file"),
    EMPTY_FILE("empty file"),
    NOT_AN_IMAGE("not an image"),
    DAMAGED_IMAGE("damaged image"),
    UNSUPPORTED_IMAGE("unsupported image"),
    WRONG_SIZE("wrong size"),
    TOO_MANY_PIXELS("too many pixels"),
    MISSING_IMAGE("missing image"),
    MISSING_PATH("missing path"),
    BAD_FILE_NAME("bad file name"),
    PATH_OUTSIDE_INPUT("path outside the input"),
    MISSING_LABEL("missing label"),
    BAD_LABEL("bad label"),
    LABEL_OUT_OF_RANGE("label out of range"),
    OTHER("other");

    private final String label;

    RejectKind(String label) {
        this.label = label;
    }

    /** The kind as the summary's counts name it ("file not found"). */
    public String label() {
        return label;
    }

    /** Message beginnings of the readers' and decoders' reject reasons, in the order they are tried. */
    private static final Object[][] BY_PREFIX = {
            {"file not found", FILE_NOT_FOUND}, {"cannot read file", UNREADABLE_FILE}, {"empty file", EMPTY_FILE},
            {"not a PNG", NOT_AN_IMAGE}, {"cannot decode", NOT_AN_IMAGE}, {"damaged ", DAMAGED_IMAGE},
            {"image is ", WRONG_SIZE}, {"empty label", MISSING_LABEL}, {"label is null", MISSING_LABEL},
            {"empty path", MISSING_PATH}, {"image bytes are null", MISSING_IMAGE},
            {"file name ", BAD_FILE_NAME}, {"the path in ", BAD_FILE_NAME}, {"path '", PATH_OUTSIDE_INPUT},
            {"unsupported JPEG colour space", UNSUPPORTED_IMAGE}};

    /** The kind of a reject reason ("file not found: x" -> {@link #FILE_NOT_FOUND}). */
    public static RejectKind of(String reason) {
        for (Object[] k : BY_PREFIX) {
            if (reason.startsWith((String) k[0])) {
                return (RejectKind) k[1];
            }
        }
        if (reason.contains(" declares ") && reason.contains("max-pixels")) {
            return TOO_MANY_PIXELS;
        }
        if (reason.startsWith("label ")) {
            return reason.contains("out of range") ? LABEL_OUT_OF_RANGE : BAD_LABEL;
        }
        return OTHER;
    }
}
