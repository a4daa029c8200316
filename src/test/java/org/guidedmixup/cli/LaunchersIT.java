package org.guidedmixup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user-facing commands run the way the README says, as separate processes: the in-process
 * launcher (augment, inspect, preview, train, bad input) and the spark-submit launchers (augment.sh,
 * train.sh) with the job jar.
 */
class LaunchersIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path GOLDEN = ROOT.resolve("src/test/resources/golden/squares28gray");

    record Result(int exit, String out, String err) {
    }

    static Result exec(Path cwd, List<String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        for (String kv : env) {
            int i = kv.indexOf('=');
            pb.environment().put(kv.substring(0, i), kv.substring(i + 1));
        }
        File out = File.createTempFile("it-out", ".txt");
        File err = File.createTempFile("it-err", ".txt");
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    @Test
    void inProcessLauncherRunsAugmentInspectAndPreview(@TempDir Path tmp) throws Exception {
        String launcher = ROOT.resolve("jobs/guidedmixup").toString();
        Path out = tmp.resolve("out");
        Result run = exec(tmp, List.of(), launcher, "augment", "--input", GOLDEN.resolve("images-idx3-ubyte.gz").toString(),
                "--output", out.toString(), "--batch-size", "8", "--rounds", "2");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("output    48 rows = 24 sources x 2 round(s)"), run.out());
        assertTrue(run.out().contains("preview   " + out.resolve("preview.png")), run.out());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(24, summary.get("input_records").asLong());
        assertEquals(48, summary.get("output_rows").asLong());

        Result inspect = exec(tmp, List.of(), launcher, "inspect", out.toString(), "--json", "--limit", "3");
        assertEquals(0, inspect.exit(), inspect.err());
        List<JsonNode> rows = new ArrayList<>();
        for (String line : inspect.out().strip().split("\n")) {
            rows.add(new ObjectMapper().readTree(line));
        }
        assertEquals(3, rows.size(), "stdout must hold only the JSON lines: " + inspect.out());
        assertEquals(0, rows.get(0).get("source_id").asLong());

        Path png = tmp.resolve("p.png");
        Result preview = exec(tmp, List.of(), launcher, "preview", out.toString(), "--out", png.toString());
        assertEquals(0, preview.exit(), preview.err());
        assertTrue(Files.size(png) > 1000);

        // From another directory: the default input resolves against the project, --output against the CWD.
        Result defaults = exec(tmp, List.of(), launcher, "augment", "--output", "relative-out", "--batch-size", "64",
                "--no-preview");
        assertEquals(0, defaults.exit(), defaults.err());
        assertTrue(defaults.out().contains("input     2,000 idx records"), defaults.out());
        assertTrue(Files.exists(tmp.resolve("relative-out/_SUCCESS")));

        // train, the way the README shows it: offline from the shards just written, then online.
        Path model = tmp.resolve("model");
        Result train = exec(tmp, List.of(), launcher, "train", "--data", out.toString(), "--epochs", "2",
                "--eval", GOLDEN.resolve("images-idx3-ubyte.gz").toString(), "--output", model.toString());
        assertEquals(0, train.exit(), train.err());
        assertTrue(train.out().contains("GuidedMixup train finished"), train.out());
        assertTrue(train.err().contains("epoch 2/2: loss"), "progress lines on stderr: " + train.err());
        assertTrue(Files.exists(model.resolve("_SUCCESS")) && Files.exists(model.resolve("model.zip")));
        Result online = exec(tmp, List.of(), launcher, "train", "--input", GOLDEN.resolve("images-idx3-ubyte.gz").toString(),
                "--batch-size", "8", "--augment", "cutmix", "--epochs", "1", "--output", tmp.resolve("online").toString());
        assertEquals(0, online.exit(), online.err());
        Result refused = exec(tmp, List.of(), launcher, "train", "--data", tmp.resolve("none").toString(),
                "--output", tmp.resolve("y").toString());
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().strip().startsWith("error: --data"), refused.err());

        Result bad = exec(tmp, List.of(), launcher, "augment", "--output", tmp.resolve("x").toString(), "--rounds", "0");
        assertEquals(2, bad.exit());
        assertEquals("error: rounds: got 0, allowed: 1..10000", bad.err().strip());
        // GUIDEDMIXUP_JAVA_OPTS comes after the launcher's own options, -D included: here it points
        // the defaults at a folder whose augment.conf asks for 0 rounds.
        Path conf = Files.createDirectories(tmp.resolve("myconf"));
        Files.writeString(conf.resolve("augment.conf"), "augment { rounds = 0 }\n");
        Result overridden = exec(tmp, List.of("GUIDEDMIXUP_JAVA_OPTS=-Dguidedmixup.defaults=" + conf.resolve("augment.conf")),
                launcher, "augment", "--output", tmp.resolve("x").toString());
        assertEquals(2, overridden.exit(), overridden.out());
        assertEquals("error: rounds: got 0, allowed: 1..10000", overridden.err().strip());

        // The launcher recorded a class-data archive; one the JVM cannot use (its jar changed since)
        // is dropped without a word, so a command's output stays its own.
        Path jar = ROOT.resolve("target/launcher/guidedmixup-classes.jar");
        assertTrue(Files.exists(ROOT.resolve("target/launcher/guidedmixup.jsa")), "no class-data archive recorded");
        java.nio.file.attribute.FileTime was = Files.getLastModifiedTime(jar);
        try {
            Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(was.toMillis() + 5_000));
            Result stale = exec(tmp, List.of(), launcher, "augment", "--output", tmp.resolve("x").toString(), "--rounds", "0");
            assertEquals(2, stale.exit());
            assertEquals("error: rounds: got 0, allowed: 1..10000", stale.err().strip());
            assertEquals("", stale.out());
        } finally {
            Files.setLastModifiedTime(jar, was);
        }
    }

    @Test
    void sparkSubmitLauncherRunsTheJobJar(@TempDir Path tmp) throws Exception {
        // Spark's own SparkSubmit from the project's class path stands in for a Spark installation. The
        // real spark-submit starts the client-mode driver JVM with spark.driver.extraJavaOptions;
        // this stand-in is that JVM, so it gets the same flags directly.
        Path cp = ROOT.resolve("target/classpath-it.txt");
        Result resolve = exec(ROOT, List.of(), "mvn", "-B", "-q", "-o", "dependency:build-classpath", "-DincludeScope=compile",
                "-Dmdep.outputFile=" + cp);
        assertEquals(0, resolve.exit(), resolve.out() + resolve.err());
        String opens = exec(ROOT, List.of(), "bash", "-c", ". jobs/java-opts.sh && echo $GM_JAVA_FLAGS").out().strip();
        String submit = "java " + opens + " -cp " + Files.readString(cp).strip() + " org.apache.spark.deploy.SparkSubmit";
        Path out = tmp.resolve("out");
        Result run = exec(tmp, List.of("SPARK_SUBMIT=" + submit, "SPARK_LOCAL_IP=127.0.0.1"),
                ROOT.resolve("jobs/augment.sh").toString(), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--input", GOLDEN.resolve("images-idx3-ubyte.gz").toString(), "--output", out.toString(),
                "--batch-size", "8", "--no-preview");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("GuidedMixup augment finished"), run.out());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(24, summary.get("output_rows").asLong());

        // jobs/train.sh: the same submission path for training, from those shards.
        Path model = tmp.resolve("model");
        Result train = exec(tmp, List.of("SPARK_SUBMIT=" + submit, "SPARK_LOCAL_IP=127.0.0.1"),
                ROOT.resolve("jobs/train.sh").toString(), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--data", out.toString(), "--epochs", "1", "--output", model.toString());
        assertEquals(0, train.exit(), train.out() + train.err());
        assertTrue(train.out().contains("GuidedMixup train finished"), train.out());
        assertTrue(Files.exists(model.resolve("_SUCCESS")));
    }
}
