package org.guidedmixup.cli;

import org.guidedmixup.io.InputException;
import org.guidedmixup.spark.AugmentConfig;
import org.guidedmixup.spark.AugmentJob;
import picocli.CommandLine;

/**
 * Turns a failure into one line on stderr and an exit code: 2 for anything the user can fix
 * (settings, input, existing output), 1 for the rest. The stack trace is printed only with
 * {@code GUIDEDMIXUP_DEBUG=1}.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable cause = rootUserError(e);
        boolean user = cause != null;
        Throwable shown = user ? cause : e;
        String msg = shown.getMessage() == null ? shown.getClass().getSimpleName() : firstLine(shown.getMessage());
        cl.getErr().println("error: " + msg);
        if (!user) {
            cl.getErr().println("(set GUIDEDMIXUP_DEBUG=1 for the stack trace)");
        }
        if ("1".equals(System.getenv("GUIDEDMIXUP_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        }
        return user ? BAD_INPUT : FAILED;
    }

    /** The first cause in the chain that is the user's to fix, or null. */
    private static Throwable rootUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AugmentConfig.ConfigError || t instanceof InputException
                    || t instanceof AugmentJob.OutputExistsException || t instanceof IllegalArgumentException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
