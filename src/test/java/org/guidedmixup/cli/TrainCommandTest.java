package org.guidedmixup.cli;

import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.model.ModelKind;
import org.guidedmixup.testing.Idx;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train} and {@code augment --saliency ap} from the command line: a run the way the README
 * shows it, and bad input refused with one line and exit code 2 before any training starts.
 */
class TrainCommandTest {
    private static final Path CIFAR = Path.of("src/test/resources/golden/squares32/data_batch.bin");
    @TempDir
    static Path tmp;
    private static Path images;
    private static Path shards;
    private static Path model;

    @BeforeAll
    static void setUp() {
        SparkTestSession.get();
        images = Idx.firstImages(tmp.resolve("data"), 256);
        shards = tmp.resolve("shards");
        CliRunner.Result aug = CliRunner.run("augment", "--input", images.toString(), "--output", shards.toString(),
                "--no-preview", "--progress-seconds", "0");
        assertEquals(0, aug.exit(), aug.err());
        model = tmp.resolve("trained");
        CliRunner.Result tr = CliRunner.run("train", "--data", shards.toString(), "--epochs", "1",
                "--output", model.toString(), "--eval", images.toString());
        assertEquals(0, tr.exit(), tr.out() + tr.err());
        assertTrue(tr.out().contains("GuidedMixup train finished"), tr.out());
        assertTrue(tr.out().contains("model.zip"), tr.out());
    }

    private static void assertRefused(String expected, Path output, String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.exit(), r.out() + r.err());
        String line = r.err().strip();
        assertTrue(line.contains(expected), "stderr '" + line + "' should contain '" + expected + "'");
        assertFalse(line.contains("\tat "), "a stack trace was printed: " + line);
        assertEquals(1, line.lines().filter(l -> l.startsWith("error:")).count(), line);
        if (output != null) {
            assertFalse(Files.exists(output), "nothing is written for refused input: " + output);
        }
    }

    /** Issue 28: a stalled fit ends through the watchdog with one line, the checkpoint kept, and --resume finishes. */
    @Test
    void aStalledEpochEndsWithOneLineAndResumeFinishes() throws Exception {
        Path out = tmp.resolve("stalled");
        CliRunner.Result r = CliRunner.run("train", "--data", shards.toString(), "--epochs", "2", "--training-master", "shared",
                "--stall-seconds", "8", "--test-stall-epoch", "2", "--output", out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.matches("error: gradient sharing stalled: no training step finished in 8 s \\(epoch 2 of 2, \\d+ of \\d+"
                + " running task\\(s\\) waiting\\); the checkpoint of the 1 finished epoch\\(s\\) is kept: rerun with"
                + " --resume, or use --training-master paramavg, or raise --stall-seconds if steps are that slow"), err);
        assertFalse(Files.exists(out.resolve("_SUCCESS")), "a stalled run publishes nothing");
        assertTrue(Files.isDirectory(tmp.resolve(".stalled.checkpoint")), "the checkpoint of epoch 1 is kept");
        CliRunner.Result again = CliRunner.run("train", "--data", shards.toString(), "--epochs", "2", "--training-master",
                "shared", "--stall-seconds", "120", "--resume", "--output", out.toString());
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void onlineTrainingAndApAugmentRunFromTheCommandLine() throws Exception {
        Path out = tmp.resolve("online");
        CliRunner.Result r = CliRunner.run("train", "--input", images.toString(), "--augment", "guided",
                "--saliency", "ap", "--mix-prob", "0.8", "--clean-weight", "1", "--epochs", "1", "--output", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        Path aug = tmp.resolve("ap-shards");
        CliRunner.Result a = CliRunner.run("augment", "--input", images.toString(), "--saliency", "ap", "--model",
                model.resolve("model.zip").toString(), "--mix-prob", "1", "--output", aug.toString(), "--no-preview");
        assertEquals(0, a.exit(), a.out() + a.err());
        assertTrue(Files.readString(aug.resolve("summary.json")).contains("\"saliency\" : \"ap\""));
    }

    @Test
    void shardsWithoutSuccessOrWithAFileGoneAreRefused() throws Exception {
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken.resolve("shards"));
        Files.copy(shards.resolve("summary.json"), broken.resolve("summary.json"));
        assertRefused("has no _SUCCESS", tmp.resolve("o1"), "train", "--data", broken.toString(),
                "--output", tmp.resolve("o1").toString());
        assertRefused("does not exist", tmp.resolve("o2"), "train", "--data", tmp.resolve("nowhere").toString(),
                "--output", tmp.resolve("o2").toString());
        // A complete-looking output with one shard file deleted: one line naming it, nothing trained.
        Path damaged = tmp.resolve("damaged");
        copyTree(shards, damaged);
        Path gone;
        try (var files = Files.list(damaged.resolve("shards"))) {
            gone = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        Files.delete(gone);
        assertRefused(gone.getFileName() + " is missing", tmp.resolve("o6"), "train", "--data", damaged.toString(),
                "--output", tmp.resolve("o6").toString());
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void aModelOfAnotherShapeOrClassCountIsRefused() throws Exception {
        Path colour = tmp.resolve("colour.zip");
        try (OutputStream os = Files.newOutputStream(colour)) {
            ModelKind.RESNET.build(new ImageSpec(3, 32, 32, false, 1 << 20), 10, 0.01, 0, 1).save(os);
        }
        assertRefused("which the model does not take", tmp.resolve("o3"), "train", "--data", shards.toString(),
                "--init-model", colour.toString(), "--output", tmp.resolve("o3").toString());
        Path five = tmp.resolve("five-classes.zip");
        try (OutputStream os = Files.newOutputStream(five)) {
            ModelKind.LENET.build(new ImageSpec(1, 28, 28, false, 1 << 20), 5, 0.01, 0, 1).save(os);
        }
        assertRefused("10 classes but the model outputs 5", tmp.resolve("o4"), "train", "--data", shards.toString(),
                "--init-model", five.toString(), "--output", tmp.resolve("o4").toString());
        // The offline AP augment checks the model against the input the same way.
        assertRefused("which the model does not take", tmp.resolve("o5"), "augment", "--input", CIFAR.toString(),
                "--saliency", "ap", "--model", model.resolve("model.zip").toString(), "--output", tmp.resolve("o5").toString());
    }

    @Test
    void aModelFileThatIsNotADl4jZipIsRefused() throws Exception {
        Path bogus = Files.writeString(tmp.resolve("bogus.zip"), "not a zip");
        assertRefused("is not a DL4J model zip", tmp.resolve("o6"), "augment", "--input", images.toString(),
                "--saliency", "ap", "--model", bogus.toString(), "--output", tmp.resolve("o6").toString());
        assertRefused("model file not found", tmp.resolve("o7"), "train", "--data", shards.toString(),
                "--init-model", tmp.resolve("missing.zip").toString(), "--output", tmp.resolve("o7").toString());
    }

    @Test
    void apWithoutAModelInTheOfflineJobIsRefused() {
        assertRefused("'ap' needs a trained model", tmp.resolve("o8"), "augment", "--input", images.toString(),
                "--saliency", "ap", "--output", tmp.resolve("o8").toString());
    }

    @Test
    void anEvaluationSetOfAnotherShapeIsRefused() {
        assertRefused("has 3x32x32 images but the training images are 1x28x28", tmp.resolve("o9"), "train",
                "--input", images.toString(), "--eval", CIFAR.toString(), "--output", tmp.resolve("o9").toString());
    }

    @Test
    void badTrainingSettingsAreOneLine() {
        assertRefused("training-master: got 'horovod', allowed: paramavg, shared", null, "train", "--training-master",
                "horovod", "--output", tmp.resolve("o10").toString());
        assertRefused("epochs: got 0", null, "train", "--epochs", "0", "--output", tmp.resolve("o11").toString());
        assertRefused("clean-weight: needs the clean batches", null, "train", "--data", shards.toString(),
                "--clean-weight", "1", "--output", tmp.resolve("o12").toString());
        assertRefused("resnet is a ComputationGraph: use --saliency sr", null, "train", "--model", "resnet", "--saliency", "ap",
                "--output", tmp.resolve("o13").toString());
    }

    @Test
    void zooModelsTrainFromRandomWeightsAndPretrainedIsRefused() throws Exception {
        Path out = tmp.resolve("zoo");
        CliRunner.Result r = CliRunner.run("train", "--data", shards.toString(), "--model", "zoo:lenet", "--epochs", "1",
                "--lr", "0.01", "--output", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("zoo:lenet"), r.out());
        assertTrue(Files.exists(out.resolve("model.zip")));
        assertRefused("pretrained: the zoo's pretrained weights are a download", null, "train", "--model", "zoo:resnet50",
                "--pretrained", "--output", tmp.resolve("o14").toString());
        assertRefused("no zoo architecture 'nasnet'", null, "train", "--model", "zoo:nasnet",
                "--output", tmp.resolve("o15").toString());
        assertRefused("zoo:vgg16 is a ComputationGraph: use --saliency sr", null, "train", "--model", "zoo:vgg16",
                "--saliency", "ap", "--output", tmp.resolve("o16").toString());
    }
}
