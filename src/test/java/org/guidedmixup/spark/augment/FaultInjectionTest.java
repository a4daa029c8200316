package org.guidedmixup.spark.augment;

import org.guidedmixup.config.ConfigError;
import org.guidedmixup.spark.config.FaultInjection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test-only failure injection: parsing, and which attempts fail. */
class FaultInjectionTest {
    @Test
    void parsesSharesAndAlwaysAndRefusesTheRest() {
        assertFalse(FaultInjection.parse("0").active());
        assertFalse(FaultInjection.parse("").active());
        assertTrue(FaultInjection.parse("always").everyAttempt());
        assertEquals(0.3, FaultInjection.parse("0.3").share());
        ConfigError e = assertThrows(ConfigError.class, () -> FaultInjection.parse("1.5"));
        assertEquals("test-fail-task-attempts: got '1.5', expected a share in 0..1 or 'always'", e.getMessage());
        assertThrows(ConfigError.class, () -> FaultInjection.parse("sometimes"));
    }

    @Test
    void aShareFailsAboutThatManyFirstAttemptsAndNoRetry() {
        FaultInjection f = FaultInjection.parse("0.3");
        int failed = 0;
        for (int p = 0; p < 1000; p++) {
            failed += f.failsNow(42, 0, p, 0) ? 1 : 0;
            assertFalse(f.failsNow(42, 0, p, 1), "a retry must succeed");
        }
        assertTrue(failed > 230 && failed < 370, "failed " + failed + " of 1000 first attempts");
        FaultInjection always = FaultInjection.parse("always");
        assertTrue(always.failsNow(1, 2, 3, 0) && always.failsNow(1, 2, 3, 5));
        assertFalse(FaultInjection.NONE.failsNow(1, 2, 3, 0));
    }
}
