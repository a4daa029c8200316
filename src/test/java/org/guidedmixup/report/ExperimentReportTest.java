package org.guidedmixup.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentReportTest {
    @TempDir
    Path runs;

    private void run(String method, int seed, double[] loss, Double[] top1, boolean finished) throws IOException {
        Path dir = runs.resolve(method).resolve("seed-" + seed);
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder("{\"epochs\": [");
        for (int e = 0; e < loss.length; e++) {
            sb.append(e == 0 ? "" : ",").append("{\"epoch\": ").append(e + 1).append(", \"loss\": ").append(loss[e])
                    .append(", \"top1\": ").append(top1[e]).append(", \"top5\": ").append(top1[e] == null ? null : 0.99)
                    .append(", \"seconds\": ").append(2.0 + seed).append('}');
        }
        Files.writeString(dir.resolve("metrics.json"), sb.append("]}").toString());
        if (finished) {
            Files.writeString(dir.resolve("_SUCCESS"), "");
        }
    }

    @Test
    void meansOverSeedsBestEpochAndCurves() throws IOException {
        run("vanilla", 1, new double[] {1.0, 0.5, 0.3}, new Double[] {0.70, 0.90, 0.80}, true);
        run("vanilla", 2, new double[] {0.8, 0.4, 0.2}, new Double[] {null, 0.80, 0.84}, true);
        run("vanilla", 3, new double[] {0.1, 0.1, 0.1}, new Double[] {0.1, 0.1, 0.1}, false); // unfinished: left out
        run("guided-sr-greedy", 1, new double[] {1.2, 0.7, 0.6}, new Double[] {0.6, 0.7, 0.75}, true);

        List<ExperimentReport.MethodResult> r = ExperimentReport.read(runs, List.of("vanilla", "absent", "guided-sr-greedy"));
        assertEquals(2, r.size());
        ExperimentReport.MethodResult v = r.get(0);
        assertEquals("vanilla", v.method());
        assertEquals(0.82, v.mean(), 1e-12);
        assertEquals(Math.sqrt(2 * 0.02 * 0.02), v.std(), 1e-12);
        assertEquals((0.90 + 0.84) / 2, v.meanBest(), 1e-12);
        assertEquals(3.5, v.epochSeconds(), 1e-12);
        assertEquals(0.9, v.meanLoss()[0], 1e-12);
        assertEquals(0.70, v.meanTop1()[0], 1e-12, "an epoch without evaluation is left out of the mean");
        assertEquals(0.85, v.meanTop1()[1], 1e-12);

        String table = ExperimentReport.markdownTable(r);
        assertTrue(table.contains("| vanilla | 82.00 ± 2.83 % | 87.00 % | 99.00 % | 2 | 80.00, 84.00 | 3.5 |"), table);
        assertTrue(table.contains("| guided-sr-greedy | 75.00 ± 0.00 % | 75.00 % |"), table);

        Path png = runs.resolve("out/curves.png");
        ExperimentReport.curves(r, "test", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1100, img.getWidth());
        assertEquals(460, img.getHeight());
    }
}
