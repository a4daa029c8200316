package org.guidedmixup.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * One case produced by the official PyTorch GuidedMixup (src/test/resources/golden/NAME): the input
 * images, every intermediate result as little-endian float32, and case.json describing them.
 */
public final class GoldenCase {
    public static final List<String> NAMES = List.of("squares28gray", "squares32", "squares160");

    public final String name;
    public final Path dir;
    public final int n;
    public final int channels;
    public final int height;
    public final int width;
    public final int batchSize;
    public final int numClasses;
    public final int[] labels;
    public final int[] partner;
    /** Per-channel normalisation the reference's saliency saw; null when none. */
    public final double[] saliencyMean;
    public final double[] saliencyStd;

    private GoldenCase(String name, Path dir, Config c) {
        this.name = name;
        this.dir = dir;
        this.n = c.getInt("n");
        this.channels = c.getInt("channels");
        this.height = c.getInt("height");
        this.width = c.getInt("width");
        this.batchSize = c.getInt("batch_size");
        this.numClasses = c.getInt("num_classes");
        this.labels = c.getIntList("labels").stream().mapToInt(Integer::intValue).toArray();
        this.partner = c.getIntList("partner").stream().mapToInt(Integer::intValue).toArray();
        this.saliencyMean = doublesOrNull(c, "saliency_mean");
        this.saliencyStd = doublesOrNull(c, "saliency_std");
    }

    private static double[] doublesOrNull(Config c, String key) {
        if (!c.hasPath(key) || c.getIsNull(key)) {
            return null;
        }
        return c.getDoubleList(key).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Command-line flags for the normalisation, or none. */
    public List<String> saliencyFlags() {
        if (saliencyMean == null) {
            return List.of();
        }
        return List.of("--saliency-mean", join(saliencyMean), "--saliency-std", join(saliencyStd));
    }

    private static String join(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : ",").append(d);
        }
        return b.toString();
    }

    public static GoldenCase load(String name) {
        URL url = GoldenCase.class.getResource("/golden/" + name + "/case.json");
        if (url == null) {
            throw new IllegalStateException("golden case " + name + " is missing from test resources");
        }
        try {
            Path dir = Paths.get(url.toURI()).getParent();
            return new GoldenCase(name, dir, ConfigFactory.parseFile(dir.resolve("case.json").toFile()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public float[] floats(String file) {
        try {
            byte[] bytes = Files.readAllBytes(dir.resolve(file));
            float[] out = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int imageLength() {
        return channels * height * width;
    }

    public int pixels() {
        return height * width;
    }

    /** Batches of batch_size consecutive images, with the job's tail rule (a tail of 1 or 2 joins the last batch). */
    /** Batch b of the case's input as the core sees it (ids are the case's image indices). */
    public org.guidedmixup.core.ImageBatch batch(int b) {
        float[] input = floats("input.f32");
        int from = batchStart(b);
        int to = batchEnd(b);
        long[] ids = new long[to - from];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        return org.guidedmixup.core.ImageBatch.of(channels, height, width,
                java.util.Arrays.copyOfRange(input, from * imageLength(), to * imageLength()),
                java.util.Arrays.copyOfRange(labels, from, to), ids);
    }

    public int batches() {
        return (int) org.guidedmixup.spark.batch.BatchPlan.batchCount(n, batchSize);
    }

    /** First image of batch b. */
    public int batchStart(int b) {
        return b * batchSize;
    }

    /** One past the last image of batch b. */
    public int batchEnd(int b) {
        return b == batches() - 1 ? n : (b + 1) * batchSize;
    }

    @Override
    public String toString() {
        return name;
    }
}
