package org.guidedmixup.train.master;

/**
 * A fit that {@link StallWatchdog} ended: no training step finished for its timeout. The message is
 * the one line the user sees (what stalled, where, and what to do).
 */
public final class TrainingStalledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingStalledException(String message, Throwable cause) {
        super(message, cause);
    }
}
