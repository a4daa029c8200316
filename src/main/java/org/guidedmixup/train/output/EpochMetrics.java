package org.guidedmixup.train.output;

import org.guidedmixup.train.master.TrainingLoss;

/**
 * One epoch of training as metrics.json records it. {@code loss} is the epoch's training loss: the
 * mean over its steps of each step's data loss (cross-entropy on the step's, possibly mixed, targets,
 * without the weight-decay term; see {@link TrainingLoss}). {@code lr} is the learning rate the
 * epoch trained at. Accuracies are fractions in [0, 1] (null without an evaluation set, or on epochs
 * that {@code eval-every} skips); seconds are wall time of the epoch on the driver, augment_seconds
 * the executors' time spent building and augmenting batches (summed over tasks).
 */
public record EpochMetrics(int epoch, double loss, double lr, Double top1, Double top5, double seconds,
                           double augmentSeconds, long examples, int round) {
}
