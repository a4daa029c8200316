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

    public int batches() {
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public String toString() {
        return name;
    }
}
