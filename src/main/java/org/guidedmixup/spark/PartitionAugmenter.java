package org.guidedmixup.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.io.ImageEncoder;
import scala.Tuple2;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The offline job's sink: turns the {@link BatchStream} of one sorted partition into shard rows,
 * one batch at a time (it never holds the partition). Buffers live as long as the partition.
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
        return new RowIterator(new BatchStream(input, task));
    }

    private final class RowIterator implements Iterator<Row> {
        private final BatchStream stream;
        private final ArrayDeque<Row> pending = new ArrayDeque<>();
        private final byte[] imageBytes;
        private final ImageEncoder encoder = task.encoding().newEncoder(task.jpegQuality());

        RowIterator(BatchStream stream) {
            this.stream = stream;
            this.imageBytes = new byte[task.spec().length()];
        }

        private int batchesDone;

        @Override
        public boolean hasNext() {
            if (pending.isEmpty()) {
                // Test-only fault: after the first batch's rows went out to the writer.
                if (batchesDone == 1 && failsNow()) {
                    TaskContext tc = TaskContext.get();
                    throw new IllegalStateException("injected failure (test-fail-task-attempts) in round " + task.round()
                            + ", partition " + tc.partitionId() + ", attempt " + tc.attemptNumber());
                }
                if (stream.hasNext()) {
                    toRows(stream.next());
                    batchesDone++;
                }
            }
            return !pending.isEmpty();
        }

        private boolean failsNow() {
            TaskContext tc = TaskContext.get();
            return tc != null && task.faults().failsNow(task.seed(), task.round(), tc.partitionId(), tc.attemptNumber());
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.poll();
        }

        private void toRows(AugmentedBatch out) {
            ImageSpec spec = task.spec();
            long batchId = stream.batchId();
            int m = out.size();
            long t0 = System.nanoTime();
            int k = task.mixup().numClasses();
            long keySum = 0;
            long ratioFixed = 0;
            for (int i = 0; i < m; i++) {
                byte[] px = stream.storedPixels(out, i, imageBytes);
                byte[] image = encoder.encode(px, spec.channels(), spec.height(), spec.width());
                int t = out.partner(i);
                long sourceId = out.input().id(i);
                int label = out.input().label(i);
                Long partnerId = t < 0 ? null : out.input().id(t);
                Integer partnerLabel = t < 0 ? null : out.input().label(t);
                float ratio = (float) out.ratio(i);
                Object[] row = new Object[task.softLabels() ? 13 : 12];
                int c = 0;
                row[c++] = sourceId;
                row[c++] = partnerId;
                row[c++] = batchId;
                row[c++] = task.round();
                row[c++] = out.mixed();
                row[c++] = label;
                row[c++] = partnerLabel;
                row[c++] = ratio;
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
                if (out.mixed() && metrics.preview.wants(task.round(), sourceId)) {
                    metrics.preview.add(PreviewCandidates.row(sourceId, partnerId, task.round(), batchId,
                            label, partnerLabel, ratio, image));
                }
                keySum += InputTally.rowKeyHash(task.round(), sourceId);
                if (out.mixed()) {
                    ratioFixed += Math.round((double) ratio / JobMetrics.RATIO_UNIT);
                }
            }
            metrics.rowKeySum.add(keySum);
            metrics.mixedRatioFixed.add(ratioFixed);
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
        }
    }
}
