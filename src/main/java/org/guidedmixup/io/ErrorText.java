package org.guidedmixup.io;

/**
 * The one-line form of an error for the messages users see: libraries (Hadoop, Parquet, DL4J) put
 * stack-like detail after the first line of their messages.
 */
public final class ErrorText {
    private ErrorText() {
    }

    /** The first line of {@code s}; {@code ifNone} when {@code s} is null. */
    public static String firstLine(String s, String ifNone) {
        if (s == null) {
            return ifNone;
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /** The first line of the error's message, or its class name when it has none. */
    public static String firstLine(Throwable e) {
        return firstLine(e.getMessage(), e.getClass().getSimpleName());
    }
}
