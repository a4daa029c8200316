package org.guidedmixup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.guidedmixup.testing.GoldenCase;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared golden cases end to end through the command line, from each input format the case
 * ships: augment, then inspect --json --pixels, compared with the official implementation.
 * Partners identical; ratios and soft labels within 1e-5; PNG pixels within 1/255 (8-bit rounding
 * of the mixed image, plus the reference's own float noise, see GoldenCaseTest).
 */
class GoldenCommandLineTest {
    @BeforeAll
    static void spark() {
        SparkTestSession.get();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({"squares28gray,images-idx3-ubyte.gz", "squares28gray,manifest.csv", "squares32,data_batch.bin",
            "squares32,manifest.csv", "squares160,manifest.csv"})
    void augmentThenInspectMatchesTheReference(String name, String input, @TempDir Path tmp) throws Exception {
        GoldenCase g = GoldenCase.load(name);
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("augment", "--input", g.dir.resolve(input).toString(), "--output",
                out.toString(), "--no-shuffle", "--batch-size", Integer.toString(g.batchSize), "--mix-prob", "1", "--pairing",
                "greedy", "--mixer", "guided", "--saliency", "sr", "--num-classes", Integer.toString(g.numClasses),
                "--progress-seconds", "0", "--no-preview"));
        args.addAll(g.saliencyFlags());
        CliRunner.Result run = CliRunner.run(args.toArray(new String[0]));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("GuidedMixup augment finished"), run.out());
        CliRunner.Result inspect = CliRunner.run("inspect", out.toString(), "--json", "--pixels");
        assertEquals(0, inspect.exit(), inspect.err());
        List<JsonNode> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : inspect.out().split("\n")) {
            if (!line.isBlank()) {
                rows.add(json.readTree(line));
            }
        }
        assertEquals(g.n, rows.size());
        float[] mixed = g.floats("mixed.f32");
        float[] ratio = g.floats("ratio.f32");
        float[] soft = g.floats("soft.f32");
        int len = g.imageLength();
        double worstPixel = 0;
        for (int i = 0; i < g.n; i++) {
            JsonNode r = rows.get(i);
            assertEquals(i, r.get("source_id").asLong());
            assertTrue(r.get("mixed").asBoolean());
            assertEquals(g.partner[i], r.get("partner_id").asLong(), "partner of " + i);
            assertEquals(g.labels[i], r.get("label").asInt());
            assertEquals(g.labels[g.partner[i]], r.get("partner_label").asInt());
            assertEquals(ratio[i], r.get("ratio").asDouble(), 1e-5, "ratio of " + i);
            JsonNode sl = r.get("soft_label");
            assertEquals(g.numClasses, sl.size());
            for (int c = 0; c < g.numClasses; c++) {
                assertEquals(soft[i * g.numClasses + c], sl.get(c).asDouble(), 1e-5, "soft label of " + i);
            }
            JsonNode px = r.get("pixels");
            assertEquals(len, px.size());
            for (int p = 0; p < len; p++) {
                worstPixel = Math.max(worstPixel, Math.abs(px.get(p).asDouble() - mixed[i * len + p]));
            }
        }
        assertTrue(worstPixel <= 1.0 / 255, name + ": a PNG pixel is off by " + worstPixel);
    }
}
