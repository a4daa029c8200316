package org.guidedmixup.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Small IDX datasets for tests: the first n images of the project's embedded Fashion-MNIST sample. */
public final class Idx {
    public static final Path SAMPLE = Path.of("src/data/fashion-mnist-2k/train-images-idx3-ubyte.gz");

    private Idx() {
    }

    /** Writes the first n sample images and labels into dir; returns the images file. */
    public static Path firstImages(Path dir, int n) {
        try (DataInputStream img = new DataInputStream(new GZIPInputStream(Files.newInputStream(SAMPLE)));
             DataInputStream lab = new DataInputStream(new GZIPInputStream(Files.newInputStream(
                     SAMPLE.resolveSibling("train-labels-idx1-ubyte.gz"))))) {
            img.readInt();
            img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            lab.readInt();
            lab.readInt();
            byte[] pixels = img.readNBytes(n * rows * cols);
            byte[] labels = lab.readNBytes(n);
            Files.createDirectories(dir);
            Path images = dir.resolve("train-images-idx3-ubyte.gz");
            try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(images)))) {
                o.writeInt(2051);
                o.writeInt(n);
                o.writeInt(rows);
                o.writeInt(cols);
                o.write(pixels);
            }
            try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(
                    dir.resolve("train-labels-idx1-ubyte.gz"))))) {
                o.writeInt(2049);
                o.writeInt(n);
                o.write(labels);
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
