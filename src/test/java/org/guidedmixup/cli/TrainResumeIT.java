package org.guidedmixup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guidedmixup.testing.Idx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A train run killed (SIGKILL) after its first epoch and continued with {@code --resume} ends with
 * the same model, bit for bit, and the same metrics as a run that was never interrupted.
 */
class TrainResumeIT {
    private static final String LAUNCHER = Path.of("").toAbsolutePath().resolve("jobs/guidedmixup").toString();

    private static List<String> train(Path data, Path out, String... more) {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER, "train", "--input", data.toString(), "--eval", data.toString(),
                "--augment", "guided", "--epochs", "3", "--lr-schedule", "cosine", "--warmup-epochs", "1",
                "--master", "local[2]", "--output", out.toString()));
        cmd.addAll(List.of(more));
        return cmd;
    }

    @Test
    void aKilledRunResumedEqualsAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path data = Idx.firstImages(tmp.resolve("data"), 1200);
        Path whole = tmp.resolve("whole");
        LaunchersIT.Result w = LaunchersIT.exec(tmp, List.of(), train(data, whole).toArray(new String[0]));
        assertEquals(0, w.exit(), w.err());

        Path resumed = tmp.resolve("resumed");
        Path firstEpoch = tmp.resolve(".resumed.checkpoint/epoch-00001/_DONE");
        File log = tmp.resolve("killed.log").toFile();
        Process p = new ProcessBuilder(train(data, resumed)).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.exists(firstEpoch) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(firstEpoch), "no checkpoint after epoch 1: " + Files.readString(log.toPath()));
        p.destroyForcibly();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertFalse(Files.exists(resumed.resolve("_SUCCESS")), "the run finished before it was killed");

        // Without --resume the checkpoint is neither lost nor silently ignored.
        LaunchersIT.Result again = LaunchersIT.exec(tmp, List.of(), train(data, resumed).toArray(new String[0]));
        assertEquals(2, again.exit(), again.err());
        assertTrue(again.err().contains("pass --resume to continue it"), again.err());
        // Another setting than the stopped run's is refused.
        LaunchersIT.Result other = LaunchersIT.exec(tmp, List.of(),
                train(data, resumed, "--resume", "--lr", "0.05").toArray(new String[0]));
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("train.lr: 0.02 -> 0.05"), other.err());

        LaunchersIT.Result r = LaunchersIT.exec(tmp, List.of(), train(data, resumed, "--resume").toArray(new String[0]));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("1 of 3 epoch(s) done"), r.err());

        JsonNode a = new ObjectMapper().readTree(whole.resolve("metrics.json").toFile()).path("epochs");
        JsonNode b = new ObjectMapper().readTree(resumed.resolve("metrics.json").toFile()).path("epochs");
        assertEquals(3, b.size());
        for (int e = 0; e < 3; e++) {
            for (String key : List.of("epoch", "loss", "lr", "top1", "top5", "examples")) {
                assertEquals(a.get(e).path(key).asText(), b.get(e).path(key).asText(), key + " of epoch " + (e + 1));
            }
        }
        assertArrayEquals(entry(whole.resolve("model.zip"), "coefficients.bin"), entry(resumed.resolve("model.zip"), "coefficients.bin"),
                "parameters");
        assertArrayEquals(entry(whole.resolve("model.zip"), "updaterState.bin"), entry(resumed.resolve("model.zip"), "updaterState.bin"),
                "updater state");
        try (Stream<Path> s = Files.list(tmp)) {
            List<String> left = s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith(".resumed.")).toList();
            assertEquals(List.of(), left, "checkpoint or staging folders left");
        }
    }

    private static byte[] entry(Path zip, String name) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return z.readAllBytes();
                }
            }
        }
        return org.junit.jupiter.api.Assertions.fail(name + " not in " + zip);
    }
}
