package org.guidedmixup.cli;

import org.guidedmixup.config.ConfigError;
import org.guidedmixup.io.ErrorText;
import org.guidedmixup.io.InputException;
import org.guidedmixup.spark.output.OutputExistsException;
import org.guidedmixup.spark.output.StagedOutput;
import org.guidedmixup.train.master.TrainingStalledException;
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
        TrainingStalledException stalled = stall(e);
        if (stalled != null) {
            // The watchdog's line already says what stalled, where, and what to do.
            cl.getErr().println("error: " + stalled.getMessage());
            if ("1".equals(System.getenv("GUIDEDMIXUP_DEBUG"))) {
                e.printStackTrace(cl.getErr());
            }
            return FAILED;
        }
        Throwable cause = rootUserError(e);
        boolean user = cause != null;
        Throwable shown = user ? cause : e;
        String msg = user ? message(shown) : sparkJobFailure(e);
        cl.getErr().println("error: " + msg);
        if (!user) {
            cl.getErr().println("(set GUIDEDMIXUP_DEBUG=1 for the stack trace)");
        }
        if ("1".equals(System.getenv("GUIDEDMIXUP_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        }
        return user ? BAD_INPUT : FAILED;
    }

    private static TrainingStalledException stall(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TrainingStalledException s) {
                return s;
            }
        }
        return null;
    }

    /** The first cause in the chain that is the user's to fix, or null. */
    private static Throwable rootUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigError || t instanceof InputException
                    || t instanceof OutputExistsException || t instanceof IllegalArgumentException
                    || t instanceof StagedOutput.OutputNotWritableException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String message(Throwable t) {
        return ErrorText.firstLine(t);
    }

    /**
     * A Spark job abort names the stage and the attempts on its first line and buries the task's
     * own error in the remote stack trace below: the line shown joins the two, e.g. "a task failed
     * 2 times (Spark's limit, spark.task.maxFailures): IllegalStateException: disk full".
     */
    static String sparkJobFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null || !m.startsWith("Job aborted due to stage failure")) {
                continue;
            }
            java.util.regex.Matcher times = java.util.regex.Pattern.compile("failed (\\d+) times").matcher(m);
            String root = null;
            for (String line : m.split("\n")) {
                String l = line.strip();
                if (l.startsWith("Caused by: ")) {
                    root = l.substring("Caused by: ".length());
                }
            }
            if (root == null) {
                Throwable r = t;
                while (r.getCause() != null && r.getCause() != r) {
                    r = r.getCause();
                }
                root = r == t ? ErrorText.firstLine(m, "") : r.getClass().getSimpleName() + ": " + message(r);
            } else {
                root = root.replaceFirst("^[a-z][\\w.]*\\.([A-Z]\\w*(Exception|Error))", "$1");
            }
            return "the job failed: a task failed " + (times.find() ? times.group(1) + " times" : "")
                    + " (Spark gives up after spark.task.maxFailures attempts): " + root;
        }
        return message(e);
    }
}
