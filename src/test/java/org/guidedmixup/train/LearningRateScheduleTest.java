package org.guidedmixup.train;

import com.typesafe.config.ConfigFactory;
import org.guidedmixup.config.ConfigError;
import org.guidedmixup.model.ModelKind;
import org.guidedmixup.model.TrainableNetwork;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The learning rate each epoch trains at, per schedule, and what a network is then configured with. */
class LearningRateScheduleTest {
    private static final double EPS = 1e-12;

    @Test
    void constantStaysAtTheBase() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0.02, 5, 0, 1, 0.1);
        for (int e = 0; e < 5; e++) {
            assertEquals(0.02, s.at(e), EPS);
        }
    }

    @Test
    void stepDecaysByGammaEveryNEpochs() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.STEP, 0.1, 9, 0, 3, 0.1);
        double[] want = {0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001};
        for (int e = 0; e < want.length; e++) {
            assertEquals(want[e], s.at(e), 1e-15, "epoch " + e);
        }
    }

    @Test
    void cosineAnnealsFromTheBaseTowardsZero() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 0.02, 4, 0, 1, 0.1);
        // 0.02 * (1 + cos(pi * t / 4)) / 2 for t = 0..3
        double[] want = {0.02, 0.01 * (1 + Math.sqrt(0.5)), 0.01, 0.01 * (1 - Math.sqrt(0.5))};
        for (int e = 0; e < want.length; e++) {
            assertEquals(want[e], s.at(e), EPS, "epoch " + e);
        }
        for (int e = 1; e < 4; e++) {
            assertTrue(s.at(e) < s.at(e - 1), "falls every epoch");
        }
    }

    @Test
    void warmUpRisesLinearlyThenTheScheduleStartsAtTheBase() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 0.03, 7, 2, 1, 0.1);
        assertEquals(0.01, s.at(0), EPS);
        assertEquals(0.02, s.at(1), EPS);
        assertEquals(0.03, s.at(2), EPS);
        // the cosine spans the 5 epochs after the warm-up
        assertEquals(0.015 * (1 + Math.cos(Math.PI / 5)), s.at(3), EPS);
    }

    @Test
    void configReadsTheScheduleAndRefusesAWarmUpAsLongAsTheRun() {
        TrainConfig c = config(Map.of("train.lr-schedule", "step", "train.epochs", 9, "train.lr", 0.1));
        assertEquals(LearningRateSchedule.Kind.STEP, c.schedule().kind());
        assertEquals(3, c.schedule().stepEvery(), "default: a third of the epochs");
        assertEquals(0.01, c.schedule().at(3), 1e-15);
        ConfigError e = assertThrows(ConfigError.class,
                () -> config(Map.of("train.epochs", 3, "train.warmup-epochs", 3)));
        assertTrue(e.getMessage().startsWith("warmup-epochs: got 3, must be below epochs (3)"), e.getMessage());
        assertThrows(ConfigError.class, () -> config(Map.of("train.lr-schedule", "linear")));
    }

    /** The rate a schedule sets is what the network's updaters, and so dl4j-spark's workers, use. */
    @Test
    void aNetworkTrainsAtTheRateSet() {
        TrainableNetwork lenet = ModelKind.LENET.build(new org.guidedmixup.io.ImageSpec(1, 28, 28, false, Long.MAX_VALUE),
                10, 0.02, 5e-4, 1);
        lenet.setLearningRate(0.0037);
        assertEquals(0.0037, lenet.learningRate(), EPS);
        // dl4j-spark sends the configuration as JSON to the workers: the rate travels with it.
        TrainableNetwork copy = TrainableNetwork.fromBytes(lenet.toBytes(), "copy");
        assertEquals(0.0037, copy.learningRate(), EPS);
    }

    private static TrainConfig config(Map<String, Object> settings) {
        Map<String, Object> m = new java.util.HashMap<>(settings);
        m.put("augment.input", "src/data/fashion-mnist-2k/train-images-idx3-ubyte.gz");
        m.put("train.output", "target/unused");
        return TrainConfig.from(ConfigFactory.parseMap(m).withFallback(ConfigFactory.parseResources("train.conf"))
                .withFallback(ConfigFactory.parseResources("augment.conf")).resolve());
    }
}
