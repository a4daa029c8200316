package org.guidedmixup.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The project's embedded Fashion-MNIST sample as raw bytes and as a DL4J iterator, for the library tests. */
public final class FashionSample {
    public static final int CLASSES = 10;

    private FashionSample() {
    }

    /** The first n images (28 x 28 uint8, row-major) and their labels. */
    public record Images(byte[][] pixels, int[] labels) {
    }

    public static Images first(int n) {
        try (DataInputStream img = new DataInputStream(new GZIPInputStream(Files.newInputStream(Idx.SAMPLE)));
             DataInputStream lab = new DataInputStream(new GZIPInputStream(Files.newInputStream(
                     Idx.SAMPLE.resolveSibling("train-labels-idx1-ubyte.gz"))))) {
            img.skipNBytes(16);
            lab.skipNBytes(8);
            byte[][] px = new byte[n][];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                px[i] = img.readNBytes(28 * 28);
                labels[i] = lab.readUnsignedByte();
            }
            return new Images(px, labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first n images as N x 1 x 28 x 28 features in [0, 1] with one-hot labels, in batches. */
    public static DataSetIterator iterator(int n, int batch) {
        Images im = first(n);
        List<DataSet> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[28 * 28];
            for (int p = 0; p < f.length; p++) {
                f[p] = (im.pixels[i][p] & 0xff) / 255f;
            }
            float[] y = new float[CLASSES];
            y[im.labels[i]] = 1f;
            examples.add(new DataSet(Nd4j.create(f, new long[] {1, 1, 28, 28}, 'c'),
                    Nd4j.create(y, new long[] {1, CLASSES}, 'c').castTo(DataType.FLOAT)));
        }
        return new ListDataSetIterator<>(examples, batch);
    }
}
