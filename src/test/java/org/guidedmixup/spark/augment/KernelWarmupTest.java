package org.guidedmixup.spark.augment;

import org.apache.spark.sql.SparkSession;
import org.guidedmixup.spark.batch.AugmentRound;
import org.guidedmixup.spark.config.AugmentConfig;
import org.guidedmixup.spark.input.DecodedInput;
import org.guidedmixup.spark.saliency.SaliencyEngine;
import org.guidedmixup.spark.saliency.SaliencyFactory;
import org.guidedmixup.testing.AugmentRuns;
import org.guidedmixup.testing.GoldenCase;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver-side JIT warm-up runs the executors' code on the driver's images, and only where it can help. */
class KernelWarmupTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    private static AugmentRound task(AugmentConfig cfg, DecodedInput in, SaliencyFactory saliency) {
        return new AugmentRound(in.spec(), cfg.mixupConfig(in.numClasses()), saliency, cfg.seed(), 0, in.plans().plan(cfg, 0), null);
    }

    @Test
    void onlyTheJavaSaliencyEngineIsWarmed() {
        double[] none = new double[0];
        assertTrue(KernelWarmup.javaKernel(SaliencyFactory.spectralResidual(none, none, SaliencyEngine.CPU)));
        // This build has ND4J's CPU backend, so auto means the Java engine.
        assertTrue(KernelWarmup.javaKernel(SaliencyFactory.spectralResidual(none, none, SaliencyEngine.AUTO)));
        assertFalse(KernelWarmup.javaKernel(SaliencyFactory.spectralResidual(none, none, SaliencyEngine.ND4J)));
    }

    @Test
    void runsTheFirstBatchesOfPartitionZeroWhenTheDriverHoldsTheImages() throws InterruptedException {
        GoldenCase gray = GoldenCase.load("squares28gray");
        AugmentConfig cfg = AugmentRuns.config(Map.of("input", gray.dir.resolve("images-idx3-ubyte.gz").toString(),
                "output", "unused", "batch-size", 4, "partitions", 2));
        DecodedInput in = DecodedInput.load(spark, cfg, null, 0);
        AugmentRound task = task(cfg, in, SaliencyFactory.spectralResidual(new double[0], new double[0]));
        long partitionZero = in.sorted(task.plan()).glom().first().size();
        assertTrue(partitionZero > 6, "the case needs more than one batch in partition 0");
        assertEquals(6, KernelWarmup.run(in, task, ShardWriting.of(cfg), 6), "stops at the limit");
        assertEquals(partitionZero, KernelWarmup.run(in, task, ShardWriting.of(cfg), 10_000), "or at the partition's end");
        assertNull(KernelWarmup.startIfUseful(false, in, task, ShardWriting.of(cfg)), "nothing to warm when executors are other JVMs");
        int tooMany = (int) (KernelWarmup.MAX_BATCH_VALUES / in.spec().length()) + 1;
        AugmentConfig large = AugmentRuns.config(Map.of("input", gray.dir.resolve("images-idx3-ubyte.gz").toString(),
                "output", "unused", "batch-size", tooMany, "partitions", 2));
        AugmentRound largeTask = task(large, in, SaliencyFactory.spectralResidual(new double[0], new double[0]));
        assertNull(KernelWarmup.startIfUseful(true, in, largeTask, ShardWriting.of(large)), "nor for batches of large images");
        Thread started = KernelWarmup.startIfUseful(true, in, task, ShardWriting.of(cfg));
        assertTrue(started != null && started.isDaemon(), "a daemon thread, which never holds the JVM open");
        started.join();
        in.release();
    }

    @Test
    void doesNothingWhenTheExecutorsReadTheImages() {
        GoldenCase rgb = GoldenCase.load("squares32");
        AugmentConfig cfg = AugmentRuns.config(Map.of("input", rgb.dir.resolve("manifest.csv").toString(), "output", "unused"));
        DecodedInput in = DecodedInput.load(spark, cfg, null, 0);
        assertEquals(0, KernelWarmup.run(in, task(cfg, in, SaliencyFactory.spectralResidual(new double[0], new double[0])),
                ShardWriting.of(cfg), 100));
        in.release();
    }
}
