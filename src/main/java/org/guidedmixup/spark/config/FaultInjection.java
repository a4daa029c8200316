package org.guidedmixup.spark.config;

import org.guidedmixup.config.ConfigError;

import java.io.Serializable;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Test-only failure injection ({@code augment.test-fail-task-attempts}, hidden flag
 * {@code --fail-task-attempts}): a task chosen by seed throws after it has written its first
 * batch's rows, so tests can check that retried and failed tasks leave no trace in the output.
 *
 * @param share        share of tasks whose first attempt fails (chosen by seed, round and partition)
 * @param everyAttempt every attempt of every task fails: the job fails for good
 */
public record FaultInjection(double share, boolean everyAttempt) implements Serializable {
    public static final FaultInjection NONE = new FaultInjection(0, false);

    /** "0" (none), a share in (0, 1], or "always". */
    public static FaultInjection parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("0")) {
            return NONE;
        }
        if (v.equals("always")) {
            return new FaultInjection(1, true);
        }
        try {
            double share = Double.parseDouble(v);
            if (share >= 0 && share <= 1) {
                return new FaultInjection(share, false);
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw new ConfigError("test-fail-task-attempts: got '" + s + "', expected a share in 0..1 or 'always'");
    }

    public boolean active() {
        return share > 0;
    }

    /** Whether this attempt of this task must fail. */
    public boolean failsNow(long seed, int round, int partition, int attempt) {
        if (!active()) {
            return false;
        }
        if (everyAttempt) {
            return true;
        }
        return attempt == 0 && new SplittableRandom(seed * 1_000_003L + round * 7919L + partition).nextDouble() < share;
    }
}
