package org.guidedmixup.io;

/**
 * Why a record was rejected, in the few kinds that the summary counts ({@code reject_reasons}): set
 * where the record is rejected (a reader, the decoder), beside its full message, which the rejects
 * table keeps.
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
}
