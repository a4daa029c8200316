package org.guidedmixup.spark.augment;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageDecoder;
import org.guidedmixup.io.ImageEncoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.spark.output.ShardRow;
import org.guidedmixup.spark.batch.AugmentRound;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.batch.BatchStream;
import org.guidedmixup.spark.input.InputTally;
import org.guidedmixup.spark.output.TaskParquetFiles;
import org.guidedmixup.spark.readback.PreviewCandidates;
import org.guidedmixup.transform.Draw;
import scala.Tuple2;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The offline job's task: augments the {@link BatchStream} of one sorted partition one batch at a
 * time (it never holds the partition) and writes the rows straight into the shards' Parquet files
 * ({@link TaskParquetFiles}), with no Spark SQL in between. Buffers live as long as the partition.
 */
record PartitionAugmenter(AugmentRound task, ShardWriting writing, JobMetrics metrics, TaskParquetFiles.Target target,
                          String sparkVersion, Map<String, String> footer)
        implements FlatMapFunction<Iterator<Tuple2<BatchPlan.Key, DecodedImage>>, TaskParquetFiles.Written> {
    /** @param footer this project's footer keys, written into every file (copied: the caller's map may change) */
    PartitionAugmenter {
        footer = new TreeMap<>(footer);
    }

    @Override
    public Iterator<TaskParquetFiles.Written> call(Iterator<Tuple2<BatchPlan.Key, DecodedImage>> input) throws Exception {
        int k = writing.softLabels() ? task.mixup().numClasses() : 0;
        TaskParquetFiles<ShardRow> files = TaskParquetFiles.forTask(target, () -> new ShardRow.Support(k, sparkVersion, footer));
        BatchStream stream = new BatchStream(input, task);
        Writer w = new Writer(stream, files);
        int batches = 0;
        while (stream.hasNext()) {
            // Test-only fault: after the first batch's rows went to the writer.
            if (batches == 1 && failsNow()) {
                TaskContext tc = TaskContext.get();
                throw new IllegalStateException("injected failure (test-fail-task-attempts) in round " + task.round()
                        + ", partition " + tc.partitionId() + ", attempt " + tc.attemptNumber());
            }
            // Inputs read by path decode their images as the stream pulls them: time that per task.
            long decode0 = ImageDecoder.threadDecodeNanos();
            AugmentedBatch next = stream.next();
            metrics.decodeNanos.add(ImageDecoder.threadDecodeNanos() - decode0);
            w.write(next);
            batches++;
        }
        // Partition 0 of the first round writes a file even when empty: the table keeps its schema.
        return files.commit(TaskContext.get().partitionId() == 0).iterator();
    }

    private boolean failsNow() {
        TaskContext tc = TaskContext.get();
        return tc != null && writing.faults().failsNow(task.seed(), task.round(), tc.partitionId(), tc.attemptNumber());
    }

    private final class Writer {
        private final BatchStream stream;
        private final TaskParquetFiles<ShardRow> files;
        private final byte[] imageBytes;
        private final ImageEncoder encoder = writing.encoding().newEncoder(writing.jpegQuality(), writing.jpegFullChroma());
        private final ShardRow row = new ShardRow();
        private final boolean crop = !task.spec().transform().crop().isNone();
        private final boolean flip = task.spec().transform().flipProb() > 0;

        Writer(BatchStream stream, TaskParquetFiles<ShardRow> files) {
            this.stream = stream;
            this.files = files;
            this.imageBytes = new byte[task.spec().length()];
            ImageSpec spec = task.spec();
            row.height = spec.height();
            row.width = spec.width();
            row.channels = spec.channels();
            row.round = task.round();
        }

        void write(AugmentedBatch out) throws IOException {
            ImageSpec spec = task.spec();
            long batchId = stream.batchId();
            int m = out.size();
            long t0 = System.nanoTime();
            long encodeNanos = 0;
            int k = task.mixup().numClasses();
            long keySum = 0;
            long ratioFixed = 0;
            ShardRow r = row;
            r.batchId = batchId;
            r.mixed = out.mixed();
            r.softLabels = out.softLabels();
            for (int i = 0; i < m; i++) {
                long e0 = System.nanoTime();
                byte[] px = stream.storedPixels(out, i, imageBytes);
                byte[] image = encoder.encode(px, spec.channels(), spec.height(), spec.width());
                encodeNanos += System.nanoTime() - e0;
                int t = out.partner(i);
                long sourceId = out.input().id(i);
                int label = out.input().label(i);
                float ratio = (float) out.ratio(i);
                r.sourceId = sourceId;
                r.hasPartner = t >= 0;
                r.partnerId = t < 0 ? -1 : out.input().id(t);
                r.partnerLabel = t < 0 ? -1 : out.input().label(t);
                r.label = label;
                r.ratio = ratio;
                r.softOffset = i * k;
                r.image = image;
                Draw d = stream.draw(i);
                r.cropped = d != null && crop;
                if (r.cropped) {
                    r.cropTop = d.top();
                    r.cropLeft = d.left();
                    r.cropHeight = d.height();
                    r.cropWidth = d.width();
                }
                r.flipped = d == null || !flip ? null : d.flipped();
                files.write(r);
                if (out.mixed() && metrics.preview.wants(task.round(), sourceId)) {
                    metrics.preview.add(PreviewCandidates.row(sourceId, r.hasPartner ? r.partnerId : null, task.round(),
                            batchId, label, r.hasPartner ? r.partnerLabel : null, ratio, image));
                }
                keySum += InputTally.rowKeyHash(task.round(), sourceId);
                if (out.mixed()) {
                    ratioFixed += Math.round((double) ratio / JobMetrics.RATIO_UNIT);
                }
            }
            metrics.rowKeySum.add(keySum);
            metrics.mixedRatioFixed.add(ratioFixed);
            metrics.encodeNanos.add(encodeNanos);
            metrics.writeNanos.add(System.nanoTime() - t0 - encodeNanos);
            metrics.transformNanos.add(stream.transformNanos());
            metrics.saliencyNanos.add(out.saliencyNanos());
            metrics.mixNanos.add(out.mixNanos());
            metrics.images.add(m);
            metrics.batches.add(1);
            if (out.mixed()) {
                metrics.mixedRows.add(m);
            }
        }
    }
}
