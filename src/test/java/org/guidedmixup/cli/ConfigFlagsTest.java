package org.guidedmixup.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flags become configuration keys through picocli's model: the default block, and the options that name their keys. */
class ConfigFlagsTest {
    @Test
    void augmentFlagsAreAugmentKeys() {
        AugmentCommand c = new AugmentCommand();
        new CommandLine(c).parseArgs("--input", "in", "--batch-size", "16", "--image-column", "img", "--label-column", "y",
                "--saliency-mean", "0.5,0.4", "--no-shuffle", "--preview", "--fail-task-attempts", "0.1", "--config", "x.conf");
        assertEquals(Map.of("augment.input", "in", "augment.batch-size", "16", "augment.parquet.image-column", "img",
                "augment.parquet.label-column", "y", "augment.saliency-mean", List.of("0.5", "0.4"), "augment.shuffle", false,
                "augment.preview", true, "augment.test-fail-task-attempts", "0.1"), c.flags());
    }

    @Test
    void trainFlagsGoToTheirBlocks() {
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs("--input", "in", "--data", "d", "--seed", "7", "--lr", "0.1", "--no-onednn",
                "--mix-prob", "0.5", "--resume", "--master", "local[2]");
        assertEquals(Map.of("augment.input", "in", "train.data", "d", "train.seed", "7", "augment.seed", "7",
                "train.lr", "0.1", "train.onednn", false, "augment.mix-prob", "0.5", "train.resume", true,
                "augment.master", "local[2]"), c.flags());
    }

    @Test
    void noFlagsNoKeys() {
        AugmentCommand c = new AugmentCommand();
        new CommandLine(c).parseArgs();
        assertEquals(Map.of(), c.flags());
    }
}
