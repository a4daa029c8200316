package org.guidedmixup.spark;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.core.BatchAugmenter;
import org.guidedmixup.core.BatchSeed;
import org.guidedmixup.core.ImageBatch;
import org.guidedmixup.core.SpectralResidualSaliency;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.PngCodec;
import scala.Tuple2;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams one sorted partition through the core, batch by batch: it holds one batch of images and
 * its output rows at a time, never the partition. Buffers live as long as the partition.
 */
final class PartitionAugmenter implements FlatMapFunction<Iterator<Tuple2<BatchPlan.Key, DecodedImage>>, Row> {
    private static final long serialVersionUID = 1L;
    private final AugmentTask task;
    private final JobMetrics metrics;

    PartitionAugmenter(AugmentTask task, JobMetrics metrics) {
        this.task = task;
        this.metrics = metrics;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<BatchPlan.Key, DecodedImage>> input) {
        return new BatchIterator(input);
    }

    private final class BatchIterator implements Iterator<Row> {
        private final Iterator<Tuple2<BatchPlan.Key, DecodedImage>> input;
        private final BatchAugmenter augmenter;
        private final ArrayDeque<Row> pending = new ArrayDeque<>();
        private Tuple2<BatchPlan.Key, DecodedImage> lookahead;
        private long position;
        private long lookaheadBatch;
        private DecodedImage[] members = new DecodedImage[0];
        private float[] pixels = new float[0];
        private int[] labels = new int[0];
        private long[] ids = new long[0];
        private final byte[] imageBytes;
        private final PngCodec.Encoder png = new PngCodec.Encoder();

        BatchIterator(Iterator<Tuple2<BatchPlan.Key, DecodedImage>> input) {
            this.input = input;
            double[] mean = task.saliencyMean().length == 0 ? null : task.saliencyMean();
            double[] std = task.saliencyStd().length == 0 ? null : task.saliencyStd();
            this.augmenter = new BatchAugmenter(task.mixup(), new SpectralResidualSaliency(mean, std));
            this.imageBytes = new byte[task.spec().length()];
            advance();
        }

        private void advance() {
            if (input.hasNext()) {
                lookahead = input.next();
                lookaheadBatch = task.plan().batchId(lookahead._1(), position++);
            } else {
                lookahead = null;
            }
        }

        @Override
        public boolean hasNext() {
            if (pending.isEmpty() && lookahead != null) {
                nextBatch();
            }
            return !pending.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void nextBatch() {
            long batchId = lookaheadBatch;
            int m = 0;
            while (lookahead != null && lookaheadBatch == batchId) {
                if (m == members.length) {
                    grow(Math.max(8, m * 2));
                }
                members[m++] = lookahead._2();
                advance();
            }
            augment(batchId, m);
        }

        private void grow(int capacity) {
            members = java.util.Arrays.copyOf(members, capacity);
            pixels = java.util.Arrays.copyOf(pixels, capacity * task.spec().length());
            labels = java.util.Arrays.copyOf(labels, capacity);
            ids = java.util.Arrays.copyOf(ids, capacity);
        }

        private void augment(long batchId, int m) {
            ImageSpec spec = task.spec();
            int len = spec.length();
            for (int i = 0; i < m; i++) {
                byte[] src = members[i].pixels;
                int base = i * len;
                for (int p = 0; p < len; p++) {
                    pixels[base + p] = (src[p] & 0xff) / 255f;
                }
                labels[i] = members[i].label;
                ids[i] = members[i].sourceId;
            }
            ImageBatch batch = new ImageBatch(m, spec.channels(), spec.height(), spec.width(), pixels, labels, ids);
            AugmentedBatch out = augmenter.augment(batch, BatchSeed.of(task.seed(), task.round(), batchId));
            long t0 = System.nanoTime();
            int k = task.mixup().numClasses();
            for (int i = 0; i < m; i++) {
                byte[] px;
                if (out.mixed()) {
                    float[] mixed = out.pixels();
                    int base = i * len;
                    for (int p = 0; p < len; p++) {
                        int v = Math.round(mixed[base + p] * 255f);
                        imageBytes[p] = (byte) (v < 0 ? 0 : Math.min(v, 255));
                    }
                    px = imageBytes;
                } else {
                    px = members[i].pixels;
                }
                byte[] image = task.encoding() == AugmentConfig.ImageEncoding.PNG
                        ? png.encode(px, spec.channels(), spec.height(), spec.width())
                        : px.clone();
                int t = out.partner(i);
                Object[] row = new Object[task.softLabels() ? 13 : 12];
                int c = 0;
                row[c++] = ids[i];
                row[c++] = t < 0 ? null : ids[t];
                row[c++] = batchId;
                row[c++] = task.round();
                row[c++] = out.mixed();
                row[c++] = labels[i];
                row[c++] = t < 0 ? null : labels[t];
                row[c++] = (float) out.ratio(i);
                if (task.softLabels()) {
                    float[] soft = new float[k];
                    System.arraycopy(out.softLabels(), i * k, soft, 0, k);
                    row[c++] = soft;
                }
                row[c++] = spec.height();
                row[c++] = spec.width();
                row[c++] = spec.channels();
                row[c] = image;
                pending.add(RowFactory.create(row));
                if (out.mixed()) {
                    metrics.mixedRatioSum.add(out.ratio(i));
                }
            }
            metrics.encodeNanos.add(System.nanoTime() - t0);
            metrics.saliencyNanos.add(out.saliencyNanos());
            metrics.mixNanos.add(out.mixNanos());
            metrics.images.add(m);
            metrics.batches.add(1);
            if (out.mixed()) {
                metrics.mixedRows.add(m);
            }
            if (out.outcome() == AugmentedBatch.Outcome.SINGLE_IMAGE) {
                metrics.singleImageBatches.add(1);
            }
            java.util.Arrays.fill(members, 0, m, null);
        }
    }
}
