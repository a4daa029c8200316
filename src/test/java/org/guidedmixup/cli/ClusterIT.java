package org.guidedmixup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guidedmixup.testing.OutputRows;
import org.guidedmixup.testing.StandaloneCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spark-submit launchers against a real Spark standalone cluster on 127.0.0.1 (master, worker
 * and executor JVMs from Maven's jars): the augment job's output equals the in-process local run of
 * the same settings row for row and pixel for pixel, also when an executor JVM is killed in the
 * middle of the run; the training job runs on the same cluster. Data: the bundled 2 000-image
 * Fashion-MNIST sample.
 */
class ClusterIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterIT.class);
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String SAMPLE = ROOT.resolve("src/data/fashion-mnist-2k/train-images-idx3-ubyte.gz").toString();
    @TempDir
    static Path tmp;
    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(ROOT, tmp.resolve("spark-home"), 2, "3g");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> submitArgs(String command) {
        return new ArrayList<>(List.of(ROOT.resolve("jobs/" + command + ".sh").toString(), "--master", cluster.masterUrl(),
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--executor-memory", "1500m"));
    }

    private static Process start(List<String> cmd, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(cluster.env());
        return pb.start();
    }

    /** Waits up to 8 minutes for a launched job, asserts exit 0 and returns its log. */
    static String finish(Process p, Path log) throws Exception {
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out: " + Files.readString(log));
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static Path localRun(String name, String... flags) throws Exception {
        Path out = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("jobs/guidedmixup").toString(), "augment",
                "--input", SAMPLE, "--output", out.toString(), "--no-preview", "--progress-seconds", "0"));
        cmd.addAll(List.of(flags));
        LaunchersIT.Result r = LaunchersIT.exec(tmp, List.of(), cmd.toArray(new String[0]));
        assertEquals(0, r.exit(), r.out() + r.err());
        return out;
    }

    @Test
    void clusterOutputEqualsTheLocalRunAndTrainingRunsThere() throws Exception {
        long t0 = System.nanoTime();
        Path out = tmp.resolve("cluster-out");
        List<String> cmd = submitArgs("augment");
        // Crops and flips drawn per image: the cluster's executors must draw what local[2] draws.
        cmd.addAll(List.of("--input", SAMPLE, "--output", out.toString(), "--no-preview", "--rounds", "2",
                "--progress-seconds", "0", "--crop", "random:28,pad=2", "--flip"));
        Path log = tmp.resolve("cluster-augment.log");
        String text = finish(start(cmd, log), log);
        assertTrue(text.contains("GuidedMixup augment finished"), text);
        double clusterSeconds = (System.nanoTime() - t0) / 1e9;
        Path local = localRun("local-out", "--rounds", "2", "--crop", "random:28,pad=2", "--flip");
        List<String> a = OutputRows.of(out);
        assertEquals(4000, a.size());
        assertEquals(OutputRows.of(local), a, "cluster and local[2] outputs differ");
        LOG.info(String.format(java.util.Locale.ROOT, "cluster augment: %.1f s, %d rows equal to local[2]", clusterSeconds, a.size()));

        // Training from those shards on the same cluster (ParameterAveraging across executor tasks).
        Path model = tmp.resolve("cluster-model");
        List<String> train = submitArgs("train");
        train.addAll(List.of("--data", out.toString(), "--epochs", "1", "--output", model.toString()));
        Path tlog = tmp.resolve("cluster-train.log");
        String ttext = finish(start(train, tlog), tlog);
        assertTrue(ttext.contains("GuidedMixup train finished"), ttext);
        assertTrue(Files.exists(model.resolve("_SUCCESS")));
        JsonNode metrics = new ObjectMapper().readTree(model.resolve("metrics.json").toFile());
        assertEquals(1, metrics.get("epochs").size(), metrics.toString());
    }

    @Test
    void killingAnExecutorMidRunLosesAndDuplicatesNothing() throws Exception {
        Path out = tmp.resolve("killed-out");
        List<String> cmd = submitArgs("augment");
        cmd.addAll(List.of("--input", SAMPLE, "--output", out.toString(), "--no-preview", "--rounds", "6",
                "--progress-seconds", "1"));
        Path log = tmp.resolve("killed-augment.log");
        Process job = start(cmd, log);
        // Wait until the executor runs tasks of the augment-and-write stage, then kill its JVM. (The
        // driver announces the stage before the executor may have registered: a kill then finds no
        // task to lose.)
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        int killed = 0;
        while (System.nanoTime() < end && job.isAlive() && killed == 0) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            int stage = text.indexOf("augmenting 6 round(s)");
            if (stage >= 0 && text.indexOf("Starting task", stage) >= 0) {
                Thread.sleep(1000);
                for (ProcessHandle e : cluster.executors()) {
                    e.destroyForcibly();
                    killed++;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(killed > 0, "no executor to kill while the job ran: " + Files.readString(log));
        String text = finish(job, log);
        assertTrue(text.contains("Lost executor") || text.contains("ExecutorLostFailure"),
                "the driver did not notice the lost executor: " + text);
        Path local = localRun("local-6", "--rounds", "6");
        List<String> a = OutputRows.of(out);
        assertEquals(12000, a.size());
        assertEquals(OutputRows.of(local), a, "after an executor was killed the output differs from a clean run");
        try (var s = Files.list(tmp)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".killed-out.")), "staging left behind");
        }
        LOG.info(String.format(java.util.Locale.ROOT, "executor kill: %d executor(s) killed, %d rows equal to a clean run", killed, a.size()));
    }
}
