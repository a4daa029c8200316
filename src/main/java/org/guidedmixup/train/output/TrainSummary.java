package org.guidedmixup.train.output;

import java.util.List;
import java.util.Map;

/** The outcome of a train run: printed, and written as metrics.json beside model.zip. */
public record TrainSummary(
        String output,
        String mode,
        String model,
        String trainingMaster,
        String augment,
        String saliency,
        int numClasses,
        int channels,
        int height,
        int width,
        long trainExamples,
        long rejectedRecords,
        long evalExamples,
        List<EpochMetrics> epochs,
        double wallSeconds,
        String version,
        Map<String, Object> config) {
}
