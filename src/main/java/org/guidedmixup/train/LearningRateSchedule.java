package org.guidedmixup.train;

import java.io.Serializable;
import java.util.Locale;

/**
 * The learning rate of each epoch: an optional linear warm-up, then constant, step decay or cosine
 * annealing over the remaining epochs. Set once per epoch on the network before it is fitted.
 *
 * @param kind         constant, step (times {@code gamma} every {@code stepEvery} epochs) or cosine
 *                     (from {@code base} towards 0 over the epochs after the warm-up)
 * @param base         the peak learning rate ({@code --lr})
 * @param epochs       the run's epochs
 * @param warmupEpochs epochs of linear warm-up: epoch e &lt; W trains at {@code base * (e + 1) / (W + 1)}
 * @param stepEvery    step: epochs between decays
 * @param gamma        step: the factor of each decay
 */
public record LearningRateSchedule(Kind kind, double base, int epochs, int warmupEpochs, int stepEvery, double gamma)
        implements Serializable {

    /** The shape of the schedule after the warm-up. */
    public enum Kind { CONSTANT, STEP, COSINE }

    public LearningRateSchedule {
        if (warmupEpochs < 0 || warmupEpochs >= Math.max(1, epochs)) {
            throw new IllegalArgumentException("warmup-epochs must be in [0, epochs - 1] = [0, " + (epochs - 1) + "], got "
                    + warmupEpochs);
        }
        if (kind == Kind.STEP && stepEvery < 1) {
            throw new IllegalArgumentException("lr-step-every must be >= 1, got " + stepEvery);
        }
    }

    /** The learning rate of epoch {@code e} (0-based). */
    public double at(int e) {
        if (e < warmupEpochs) {
            return base * (e + 1) / (warmupEpochs + 1);
        }
        int t = e - warmupEpochs;
        int span = Math.max(1, epochs - warmupEpochs);
        return switch (kind) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(gamma, t / stepEvery);
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * t / span));
        };
    }

    public String describe() {
        String w = warmupEpochs > 0 ? String.format(Locale.ROOT, ", %d warm-up epoch(s)", warmupEpochs) : "";
        return switch (kind) {
            case CONSTANT -> "constant " + base + w;
            case STEP -> String.format(Locale.ROOT, "step %s x%s every %d epoch(s)%s", base, gamma, stepEvery, w);
            case COSINE -> "cosine from " + base + w;
        };
    }
}
