package org.guidedmixup.config;

/**
 * A setting with an unusable value; its message is the one line the user sees ("batch-size: got 1,
 * allowed: 2 or more"). Thrown by both configurations and the command line, and answered with exit 2.
 */
public final class ConfigError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigError(String message) {
        super(message);
    }
}
