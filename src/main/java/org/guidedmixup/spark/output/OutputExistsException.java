package org.guidedmixup.spark.output;

/** The output exists and the mode does not allow replacing it (the user's to fix: exit 2). */
public final class OutputExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputExistsException(String message) {
        super(message);
    }
}
