package org.guidedmixup.train;

/**
 * One epoch of training as metrics.json records it. {@code loss} is the mean training loss over the
 * epoch's (augmented) examples with the parameters at the epoch's end. Accuracies are fractions in [0, 1] (NaN
 * without an evaluation set); seconds are wall time of the epoch on the driver, augment_seconds the
 * executors' time spent building and augmenting batches (summed over tasks).
 */
public record EpochMetrics(int epoch, double loss, Double top1, Double top5, double seconds, double augmentSeconds,
                           long examples, int round) {
}
