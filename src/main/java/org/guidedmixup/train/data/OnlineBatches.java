package org.guidedmixup.train.data;

import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.util.LongAccumulator;
import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.spark.batch.AugmentRound;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.batch.BatchStream;
import org.nd4j.linalg.dataset.DataSet;
import scala.Tuple2;

import java.util.Iterator;

/**
 * Online mode's sink: the same {@link BatchStream} the offline job writes rows from, turned into one
 * {@code DataSet} per augmented mini-batch, keyed by batch id. Its examples are in source_id order and
 * their pixels are the 8-bit values the offline job stores, so an epoch's DataSets equal those read
 * back from shards of the same round and seed.
 *
 * <p>With a clean weight w > 0 (the reference's {@code clean_lam}), each DataSet also carries the
 * clean batch with one-hot targets, and per-example weights 2 (mixed) and 2w (clean, carried in the
 * targets: see {@link DataSetBuilder}), so DL4J's mean over the 2M examples is
 * {@code CE(mixed) + w * CE(clean)}: the clean loss whose gradient the reference keeps from its
 * saliency pass. An unmixed batch then stands in for its own mixed half.
 */
public record OnlineBatches(AugmentRound task, double cleanWeight, LongAccumulator augmentNanos)
        implements PairFlatMapFunction<Iterator<Tuple2<BatchPlan.Key, DecodedImage>>, Long, DataSet> {

    @Override
    public Iterator<Tuple2<Long, DataSet>> call(Iterator<Tuple2<BatchPlan.Key, DecodedImage>> input) {
        BatchStream stream = new BatchStream(input, task);
        int k = task.mixup().numClasses();
        DataSetBuilder ex = new DataSetBuilder(task.spec().channels(), task.spec().height(), task.spec().width(), k);
        byte[] scratch = new byte[task.spec().length()];
        long[] ids = new long[0];
        return new Iterator<>() {
            long[] idBuf = ids;

            @Override
            public boolean hasNext() {
                return stream.hasNext();
            }

            @Override
            public Tuple2<Long, DataSet> next() {
                long t0 = System.nanoTime();
                AugmentedBatch out = stream.next();
                augmentNanos.add(System.nanoTime() - t0);
                int m = out.size();
                if (idBuf.length < m) {
                    idBuf = new long[m * 2];
                }
                for (int i = 0; i < m; i++) {
                    idBuf[i] = out.input().id(i);
                }
                int[] order = DataSetBuilder.orderById(idBuf, m);
                ex.reset();
                float mixedWeight = cleanWeight > 0 ? 2f : 1f;
                for (int j = 0; j < m; j++) {
                    int i = order[j];
                    ex.add(stream.storedPixels(out, i, scratch), out.softLabels(), i * k, mixedWeight);
                }
                if (cleanWeight > 0) {
                    for (int j = 0; j < m; j++) {
                        int i = order[j];
                        ex.addOneHot(stream.sourcePixels(i), out.input().label(i), (float) (2 * cleanWeight));
                    }
                }
                return new Tuple2<>(stream.batchId(), ex.build());
            }
        };
    }
}
