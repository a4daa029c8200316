package org.guidedmixup.spark.augment;

import org.guidedmixup.core.AugmentedBatch;
import org.guidedmixup.io.DecodedImage;
import org.guidedmixup.io.ImageEncoder;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.spark.batch.AugmentRound;
import org.guidedmixup.spark.batch.BatchPlan;
import org.guidedmixup.spark.batch.BatchStream;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.spark.saliency.AutoSaliency;
import org.guidedmixup.spark.saliency.SaliencyEngine;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.util.Iterator;

/**
 * Runs the first batches of a round through the executors' code (batching, saliency, pairing,
 * mixing, encoding) on a driver thread while Spark plans the job, and throws the results away.
 *
 * <p>Why: with Spark in-process ({@code local[*]}) the executors share the driver's JVM and its JIT.
 * Started cold, the first tasks ran the kernel interpreted until C1 got to it (its queue is then full
 * of Spark's own methods: 9 666 compiled in a 180 000-image run); warmed on the driver's idle core
 * (about 0.2 s for 640 28x28 images), the tasks start on compiled code: the 180 000-image
 * Fashion-MNIST run was faster in 7 of 9 alternating pairs, by 0.6 s on average
 * (docs/performance.md). On a cluster the executors are other JVMs, so nothing is warmed there.
 *
 * <p>Best effort and side-effect free: it reads the driver's images, writes nothing and touches no
 * metric, and any failure here is left for the real tasks to report.
 */
final class KernelWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(KernelWarmup.class);
    /** Batches to run: enough for the hot methods to reach the compiler (5, 10 and 30 of 64 were tried; within noise of each other). */
    static final int BATCHES = 10;
    /** A bound on the work: the warm-up stops at the first batch that ends past it. */
    static final long MAX_NANOS = 500_000_000L;
    /**
     * No warm-up when a batch holds more pixel values than this (3x64x64 at batch 64 is 786 432):
     * large images spend seconds per task in compiled code anyway, and the warm-up's own batch
     * buffers would sit beside the executors' ones.
     */
    static final long MAX_BATCH_VALUES = 1L << 21;

    private KernelWarmup() {
    }

    /**
     * Starts the warm-up on a daemon thread when it can help: Spark in-process, the Java saliency
     * engine (ND4J and model saliency are not started early) and batches of small images. The
     * thread ends at once when the images are not on the driver.
     *
     * @return the thread, or null when none was started
     */
    static Thread startIfUseful(boolean localSpark, DecodedInput in, AugmentRound task, ShardWriting writing) {
        int batchSize = task.plan().batchSize();
        if (!localSpark || !javaKernel(task.saliency()) || (long) task.spec().length() * batchSize > MAX_BATCH_VALUES) {
            return null;
        }
        // Without the job's saliency memo: what the warm-up computes is thrown away, not kept.
        AugmentRound warm = task.withoutSaliencyMemo();
        Thread t = new Thread(() -> run(in, warm, writing, BATCHES * batchSize), "guidedmixup-warmup");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static boolean javaKernel(SaliencyFactory saliency) {
        if (!(saliency instanceof SaliencyFactory.SpectralResidual sr)) {
            return false;
        }
        return sr.engine() == SaliencyEngine.CPU || (sr.engine() == SaliencyEngine.AUTO && !AutoSaliency.onGpu());
    }

    /** Runs up to {@code limit} images of partition 0 (or {@link #MAX_NANOS}); returns how many it ran. */
    static int run(DecodedInput in, AugmentRound task, ShardWriting writing, int limit) {
        long start = System.nanoTime();
        int images = 0;
        try {
            Iterator<Tuple2<BatchPlan.Key, DecodedImage>> head = in.partitionHead(task.plan(), limit);
            if (head == null) {
                return 0; // the images are not on the driver (read by the executors)
            }
            BatchStream stream = new BatchStream(head, task);
            ImageEncoder encoder = writing.encoding().newEncoder(writing.jpegQuality(), writing.jpegFullChroma());
            ImageSpec spec = task.spec();
            byte[] scratch = new byte[spec.length()];
            while (stream.hasNext() && System.nanoTime() - start < MAX_NANOS) {
                AugmentedBatch out = stream.next();
                for (int i = 0; i < out.size(); i++) {
                    encoder.encode(stream.storedPixels(out, i, scratch), spec.channels(), spec.height(), spec.width());
                }
                images += out.size();
            }
            LOG.debug("warm-up: {} images in {} ms", images, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("warm-up stopped: {}", e.toString());
        }
        return images;
    }
}
