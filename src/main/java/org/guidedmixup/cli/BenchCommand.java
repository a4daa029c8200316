package org.guidedmixup.cli;

import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.core.BatchAugmenter;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.MixupConfig;
import org.guidedmixup.io.PngCodec;
import org.guidedmixup.spark.SaliencyEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench}: single-thread throughput of the per-batch hot path (saliency, pairing and mixing,
 * PNG encoding) on synthetic batches of a few shapes, as a table. No Spark: it measures the code an
 * executor core runs per batch. Use it before and after a change to the core.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the per-batch hot path (saliency, pairing + mixing, PNG encoding) on one thread.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = {"--batch-sizes", "--batch-size"}, split = ",", description = "images per batch, a comma list (default: 32)")
    int[] batchSizes = {32};

    @Option(names = "--json", description = "one JSON object per line and (shape, batch) instead of the table")
    boolean json;

    private int batchSize;
    private SaliencyEngine engine;

    @Option(names = "--saliency-engine", split = ",", description = "cpu | nd4j | auto, or a comma list to compare (default: cpu)")
    String[] engines = {"cpu"};

    @Option(names = "--seconds", description = "measuring time per shape (default: 3)")
    double seconds = 3;

    @Option(names = "--shapes", split = ",", description = "CxHxW shapes (default: 1x28x28,3x32x32,3x64x64,3x224x224)")
    String[] shapes = {"1x28x28", "3x32x32", "3x64x64", "3x224x224"};

    @Override
    public Integer call() {
        for (int b : batchSizes) {
            if (b < 2) {
                throw new IllegalArgumentException("--batch-sizes: each must be >= 2, got " + b);
            }
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be > 0, got " + seconds);
        }
        if (!json) {
            System.out.printf(Locale.ROOT, "%-11s %6s %-6s %10s %10s %10s %10s %11s%n", "shape", "batch", "engine", "saliency",
                    "pair+mix", "png", "total", "images/s");
            System.out.printf(Locale.ROOT, "%-11s %6s %-6s %10s %10s %10s %10s %11s%n", "", "", "", "ms/batch", "ms/batch",
                    "ms/batch", "ms/batch", "no png");
        }
        for (String s : shapes) {
            String[] p = s.trim().toLowerCase(Locale.ROOT).split("x");
            if (p.length != 3) {
                throw new IllegalArgumentException("--shapes: got '" + s + "', expected CxHxW such as 3x32x32");
            }
            for (int b : batchSizes) {
                batchSize = b;
                for (String e : engines) {
                    engine = SaliencyEngine.parse(e, "--saliency-engine");
                    run(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                }
            }
        }
        return 0;
    }

    private void run(int c, int h, int w) {
        int len = c * h * w;
        ImageBatch batch = ImageBatch.random(c, h, w, batchSize, 1);
        BatchAugmenter augmenter = new BatchAugmenter(MixupConfig.guided(10, 1.0), engine.create(null, null));
        PngCodec.Encoder png = new PngCodec.Encoder();
        byte[] bytes = new byte[len];
        long sal = 0;
        long mix = 0;
        long enc = 0;
        int batches = 0;
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 3) * 1e9);
        long end = Long.MAX_VALUE;
        boolean warm = true;
        while (System.nanoTime() < end) {
            AugmentedBatch out = augmenter.augment(batch, batches);
            long t0 = System.nanoTime();
            for (int i = 0; i < batchSize; i++) {
                for (int q = 0; q < len; q++) {
                    bytes[q] = (byte) Math.round(out.pixels()[i * len + q] * 255f);
                }
                png.encode(bytes, c, h, w);
            }
            long t1 = System.nanoTime();
            if (warm) {
                if (t1 > warmEnd) {
                    warm = false;
                    end = t1 + (long) (seconds * 1e9);
                }
                continue;
            }
            sal += out.saliencyNanos();
            mix += out.mixNanos();
            enc += t1 - t0;
            batches++;
        }
        double n = Math.max(1, batches);
        double total = (sal + mix + enc) / n / 1e6;
        // images/s: saliency + pairing + mixing + soft labels, without encoding (what the kernel does).
        double perSecond = batchSize / ((sal + mix) / n / 1e9);
        String shape = c + "x" + h + "x" + w;
        if (json) {
            System.out.printf(Locale.ROOT, "{\"shape\": \"%s\", \"batch\": %d, \"engine\": \"%s\", \"saliency_ms\": %.4f,"
                            + " \"pair_mix_ms\": %.4f, \"encode_ms\": %.4f, \"total_ms\": %.4f, \"images_per_second\": %.1f,"
                            + " \"batches\": %d}%n",
                    shape, batchSize, engine.label(), sal / n / 1e6, mix / n / 1e6, enc / n / 1e6, total, perSecond, batches);
        } else {
            System.out.printf(Locale.ROOT, "%-11s %6d %-6s %10.3f %10.3f %10.3f %10.3f %11.0f%n", shape, batchSize,
                    engine.label(), sal / n / 1e6, mix / n / 1e6, enc / n / 1e6, total, perSecond);
        }
    }
}
