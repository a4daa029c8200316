package org.guidedmixup.train.data;

import org.guidedmixup.model.ModelKind;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Builds one ND4J {@link DataSet} from uint8 images and float targets: features N x C x H x W in
 * [0, 1] (pixel / 255, as the model sees them everywhere) and labels N x K probability vectors.
 *
 * <p>A per-example loss weight w is carried by scaling that example's target by w: the models' loss
 * ({@code LossMCXENT} with unit class weights, see {@link ModelKind}) is linear in the target and its
 * softmax gradient {@code p * sum(y) - y} is exact for any target sum. DL4J's label masks cannot do
 * this: dl4j-spark workers merge DataSets, and the merge turns an N x 1 mask into a per-output one,
 * which MCXENT with softmax refuses. Reused per partition: {@link #reset}, {@link #add}, {@link #build}.
 */
public final class DataSetBuilder {
    private final int imageLength;
    private final int classes;
    private final int[] shape;
    private float[] features = new float[0];
    private float[] labels = new float[0];
    private int capacity;
    private final float[] oneHot;
    private int n;

    public DataSetBuilder(int channels, int height, int width, int classes) {
        this.imageLength = channels * height * width;
        this.classes = classes;
        this.shape = new int[] {channels, height, width};
        this.oneHot = new float[classes];
    }

    public void reset() {
        n = 0;
    }

    public int size() {
        return n;
    }

    /** Adds one example; {@code target} is read from {@code targetOff} for K values. */
    void add(byte[] pixels, float[] target, int targetOff, float weight) {
        ensure(n + 1);
        int base = n * imageLength;
        for (int p = 0; p < imageLength; p++) {
            features[base + p] = (pixels[p] & 0xff) / 255f;
        }
        int dst = n * classes;
        for (int c = 0; c < classes; c++) {
            labels[dst + c] = target[targetOff + c] * weight;
        }
        n++;
    }

    /** Adds one example with a one-hot target (reusing one row, no allocation per example). */
    public void addOneHot(byte[] pixels, int label, float weight) {
        oneHot[label] = 1f;
        add(pixels, oneHot, 0, weight);
        oneHot[label] = 0f;
    }

    public DataSet build() {
        var f = Nd4j.create(Arrays.copyOf(features, n * imageLength), new long[] {n, shape[0], shape[1], shape[2]},
                DataType.FLOAT);
        var l = Nd4j.create(Arrays.copyOf(labels, n * classes), new long[] {n, classes}, DataType.FLOAT);
        return new DataSet(f, l);
    }

    private void ensure(int count) {
        if (capacity < count) {
            capacity = Math.max(16, count * 2);
            features = Arrays.copyOf(features, capacity * imageLength);
            labels = Arrays.copyOf(labels, capacity * classes);
        }
    }

    /**
     * Indices 0..m-1 ordered by id: examples of a batch are emitted in source_id order. Insertion
     * sort on primitives: a batch is a few dozen images, and this avoids boxing per batch.
     */
    static int[] orderById(long[] ids, int m) {
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            int j = i;
            while (j > 0 && ids[out[j - 1]] > ids[i]) {
                out[j] = out[j - 1];
                j--;
            }
            out[j] = i;
        }
        return out;
    }
}
