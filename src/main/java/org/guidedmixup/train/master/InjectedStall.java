package org.guidedmixup.train.master;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Test-only fault ({@code train.test-stall-epoch}, hidden flag {@code --test-stall-epoch}): the
 * first training step of the chosen epoch never finishes. It sleeps until the task is interrupted,
 * as a worker waiting for a peer that never comes does, so that tests can check that
 * {@link StallWatchdog} ends the run with its one line, the checkpoint kept.
 */
public final class InjectedStall extends BaseTrainingListener implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("injected stall (test-stall-epoch) interrupted: the job was cancelled", e);
        }
    }
}
