package org.guidedmixup.io;

/**
 * The input as a whole cannot be read (missing file, wrong format): the job cannot start. Its
 * message names the file and says how to fix it. Single bad records are rejects, not this.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
