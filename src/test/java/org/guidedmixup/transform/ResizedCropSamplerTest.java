package org.guidedmixup.transform;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code random-resized} draws (scale, ratio, position) as torchvision's
 * {@code RandomResizedCrop.get_params} does: two-sample Kolmogorov-Smirnov tests of 20 000 of the
 * project's draws against 20 000 of torchvision's, on a tall, a wide and a tiny image (the tiny one
 * takes the central-crop fallback most of the time). Both samples are fixed (seeded), so the
 * outcome is too; the critical value is that of a 0.1 % test, and a sampler with another scale range
 * is caught by the same test.
 */
class ResizedCropSamplerTest {
    private static final int N = 20_000;
    /** c(0.001) * sqrt((n + m) / (n m)) for n = m = 20 000. */
    private static final double CRITICAL = 1.9495 * Math.sqrt(2.0 / N);

    @Test
    void drawsLikeTorchvisionOnTallWideAndTinyImages() throws IOException {
        for (int[] size : new int[][] {{500, 120}, {90, 400}, {3, 40}}) {
            int h = size[0];
            int w = size[1];
            int[][] theirs = torchvision(h, w);
            int[][] ours = ours(CropSpec.randomResized(8), h, w);
            for (Stat s : Stat.values()) {
                double d = ks(column(ours, s, h, w), column(theirs, s, h, w));
                assertTrue(d < CRITICAL, h + "x" + w + " " + s + ": KS distance " + d + " >= " + CRITICAL);
            }
        }
    }

    @Test
    void theTestSeesAnotherScaleRange() throws IOException {
        int[][] theirs = torchvision(500, 120);
        int[][] ours = ours(CropSpec.randomResized(8, 0.25, 1.0, 3.0 / 4, 4.0 / 3), 500, 120);
        double d = ks(column(ours, Stat.AREA, 500, 120), column(theirs, Stat.AREA, 500, 120));
        assertTrue(d > CRITICAL, "scale 0.25-1 against 0.08-1: KS distance " + d);
    }

    /** What is compared: the box's share of the area, its log aspect ratio, its position and sides. */
    private enum Stat {
        AREA(b -> (double) b[2] * b[3]),
        LOG_RATIO(b -> Math.log((double) b[3] / b[2])),
        TOP(b -> b[0]),
        LEFT(b -> b[1]),
        HEIGHT(b -> b[2]),
        WIDTH(b -> b[3]);

        final ToDoubleFunction<int[]> f;

        Stat(ToDoubleFunction<int[]> f) {
            this.f = f;
        }
    }

    private static double[] column(int[][] boxes, Stat s, int h, int w) {
        double[] v = new double[boxes.length];
        for (int i = 0; i < boxes.length; i++) {
            v[i] = s.f.applyAsDouble(boxes[i]);
        }
        Arrays.sort(v);
        return v;
    }

    private static int[][] ours(CropSpec spec, int h, int w) {
        BaseTransform t = new BaseTransform(spec, 0);
        int[][] out = new int[N][];
        for (int i = 0; i < N; i++) {
            Draw d = t.draw(7, 0, i, h, w);
            out[i] = new int[] {d.sy(), d.sx(), d.sh(), d.sw()};
        }
        return out;
    }

    private int[][] torchvision(int h, int w) throws IOException {
        int[][] out = new int[N][];
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                getClass().getResourceAsStream("/golden/transforms/sampler-" + h + "x" + w + ".csv.gz")), StandardCharsets.US_ASCII))) {
            r.readLine();
            for (int i = 0; i < N; i++) {
                out[i] = Arrays.stream(r.readLine().split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        return out;
    }

    /** The two-sample Kolmogorov-Smirnov distance of two sorted samples (ties handled: steps at distinct values). */
    static double ks(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }
}
