package org.guidedmixup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guidedmixup.testing.OutputRows;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Injected and real failures, run through the in-process launcher as separate processes: failed
 * task attempts leave no trace, concurrent runs on one output never mix, and a job that fails for
 * good says so in one line, leaves nothing that looks complete, and a rerun succeeds.
 */
class FaultsIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FaultsIT.class);
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String LAUNCHER = ROOT.resolve("jobs/guidedmixup").toString();

    private static LaunchersIT.Result augment(Path cwd, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER, "augment", "--no-preview", "--progress-seconds", "0"));
        cmd.addAll(List.of(flags));
        return LaunchersIT.exec(cwd, List.of(), cmd.toArray(new String[0]));
    }

    private static void assertNoLeftovers(Path parent, String name) throws Exception {
        try (var s = Files.list(parent)) {
            List<String> hidden = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("." + name + ".")).toList();
            assertEquals(List.of(), hidden, "staging or replaced folders left in " + parent);
        }
    }

    @Test
    void aRunKilledWithSigkillLeavesAStagingFolderThatTheNextRunRemoves(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER, "augment", "--no-preview", "--progress-seconds", "0",
                "--output", out.toString(), "--rounds", "40"));
        java.io.File log = tmp.resolve("killed.log").toFile();
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log).start();
        // Wait until the run has written into its staging folder (its first shard files), then SIGKILL it.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Path staging = null;
        while (staging == null && p.isAlive() && System.nanoTime() < deadline) {
            try (var s = Files.list(tmp)) {
                staging = s.filter(f -> f.getFileName().toString().startsWith(".killed.staging-"))
                        .filter(f -> Files.exists(f.resolve("shards"))).findFirst().orElse(null);
            }
            Thread.sleep(20);
        }
        assertTrue(staging != null, "no staging folder appeared: " + Files.readString(log.toPath()));
        assertTrue(Files.exists(staging.resolve("_OWNER.json")), "the staging folder names its owner");
        p.destroyForcibly(); // SIGKILL: the JVM runs no shutdown hook and deletes nothing
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertTrue(Files.isDirectory(staging), "the killed run left its staging folder");
        assertFalse(Files.exists(out), "a killed run publishes nothing");

        LaunchersIT.Result again = augment(tmp, "--output", out.toString());
        assertEquals(0, again.exit(), again.err());
        List<String> said = again.err().lines().filter(l -> l.contains("left by killed runs")).toList();
        assertEquals(1, said.size(), again.err());
        assertTrue(said.get(0).contains("removed 1 staging folder(s) beside " + out), said.get(0));
        assertTrue(said.get(0).contains("pid " + p.pid()), said.get(0));
        assertFalse(Files.exists(staging), "the dead run's staging folder is gone");
        assertFalse(Files.exists(out.resolve("_OWNER.json")), "the owner record is not published");
        assertNoLeftovers(tmp, "killed");
    }

    @Test
    void failedTaskAttemptsLeaveNoTrace(@TempDir Path tmp) throws Exception {
        Path clean = tmp.resolve("clean");
        // With crops and flips drawn: a retried task must draw them again exactly.
        LaunchersIT.Result c = augment(tmp, "--output", clean.toString(), "--rounds", "2", "--crop", "random:28,pad=2", "--flip");
        assertEquals(0, c.exit(), c.err());
        Path faulty = tmp.resolve("faulty");
        // local[2,4]: Spark retries a failed task up to 4 times in local mode.
        LaunchersIT.Result f = augment(tmp, "--output", faulty.toString(), "--rounds", "2", "--master", "local[2,4]",
                "--fail-task-attempts", "0.3", "--crop", "random:28,pad=2", "--flip");
        assertEquals(0, f.exit(), f.err());
        // Spark logs each failed attempt once ("ERROR Executor: Exception in task ..."), the cause below it.
        long injected = f.err().lines().filter(l -> l.contains("ERROR Executor: Exception in task")).count();
        assertTrue(f.err().contains("injected failure (test-fail-task-attempts)"), f.err());
        assertTrue(injected > 0, "no task failed: " + f.err());
        List<String> rows = OutputRows.of(faulty);
        assertEquals(4000, rows.size());
        assertEquals(OutputRows.of(clean), rows, "retried tasks changed the output");
        LOG.info(String.format(java.util.Locale.ROOT, "fault injection: %d failed task attempts, %d rows equal to the clean run", injected, rows.size()));
    }

    @Test
    void aJobThatFailsForGoodLeavesNothingAndARerunSucceeds(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        LaunchersIT.Result f = augment(tmp, "--output", out.toString(), "--master", "local[2,2]",
                "--fail-task-attempts", "always");
        assertNotEquals(0, f.exit());
        // One line says what failed (the task's own error, not Spark's wrapper); at most a hint follows it.
        List<String> lines = f.err().strip().lines().toList();
        int at = lines.size() - 1;
        while (at >= 0 && !lines.get(at).startsWith("error: ")) {
            at--;
        }
        assertTrue(at >= lines.size() - 2, "no error line at the end: " + f.err());
        String line = lines.get(at);
        assertTrue(line.contains("a task failed 2 times") && line.contains("IllegalStateException: injected failure"), line);
        assertFalse(Files.exists(out), "a failed job left " + out);
        assertNoLeftovers(tmp, "out");
        LaunchersIT.Result again = augment(tmp, "--output", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertEquals(2000, OutputRows.of(out).size());

        // An output that cannot be created (its parent is a file): one line, exit 2, nothing written.
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        LaunchersIT.Result bad = augment(tmp, "--output", file.resolve("out").toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().strip().lines().count() <= 2 && bad.err().contains("error: "), bad.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void twoRunsOverwritingOneOutputLeaveOneWholeRun(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("shared");
        List<Process> runs = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (String seed : List.of("1", "2")) {
            Path log = tmp.resolve("run-" + seed + ".log");
            logs.add(log);
            runs.add(new ProcessBuilder(LAUNCHER, "augment", "--no-preview", "--progress-seconds", "0", "--output",
                    out.toString(), "--mode", "overwrite", "--seed", seed).directory(tmp.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int i = 0; i < runs.size(); i++) {
            assertTrue(runs.get(i).waitFor(8, TimeUnit.MINUTES));
            assertEquals(0, runs.get(i).exitValue(), Files.readString(logs.get(i), StandardCharsets.UTF_8));
        }
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertNoLeftovers(tmp, "shared");
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "a hidden folder inside the output");
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        String seed = summary.path("config").path("seed").asText();
        Path reference = tmp.resolve("reference");
        LaunchersIT.Result r = augment(tmp, "--output", reference.toString(), "--seed", seed);
        assertEquals(0, r.exit(), r.err());
        assertEquals(OutputRows.of(reference), OutputRows.of(out), "the output mixes two runs");
        LOG.info("concurrent overwrite: the output is the whole run of seed " + seed);
    }
}
