package org.guidedmixup.train.master;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.guidedmixup.io.ImageSpec;
import org.guidedmixup.model.ModelChoice;
import org.guidedmixup.model.TrainableNetwork;
import org.guidedmixup.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 28's hang and its cure on Spark local[2]: gradient-sharing fits one after another in one
 * JVM, each over many small partitions that two tasks feed at once (the shape dl4j-spark's default
 * repartitioner gave every epoch, one DataSet per partition), and a stalled fit that the watchdog
 * ends with its one line, after which the JVM trains again.
 */
class GradientSharingTest {
    private static final ImageSpec SPEC = new ImageSpec(1, 28, 28, false, 0);
    private static final int K = 10;
    private static JavaSparkContext jsc;
    private static JavaRDD<DataSet> batches;

    @BeforeAll
    static void start() {
        jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        Random r = new Random(7);
        List<DataSet> all = new ArrayList<>();
        for (int b = 0; b < 24; b++) {
            float[] x = new float[8 * 28 * 28];
            float[] y = new float[8 * K];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
            }
            for (int i = 0; i < 8; i++) {
                y[i * K + r.nextInt(K)] = 1;
            }
            all.add(new DataSet(Nd4j.create(x, new long[] {8, 1, 28, 28}), Nd4j.create(y, new long[] {8, K})));
        }
        // One DataSet per partition: many short tasks, two at a time, each attaching to the executor's
        // one model while the other trains: where the race lived.
        batches = jsc.parallelize(all, all.size()).persist(StorageLevel.MEMORY_AND_DISK());
        assertEquals(24, batches.count());
    }

    private static TrainableNetwork lenet() {
        return ModelChoice.parse("lenet").build(SPEC, K, 0.02, 0.0005, 42);
    }

    private static TrainingLoss sharedFit(TrainableNetwork net, int run, Duration stall, boolean inject) {
        TrainingLoss loss = new TrainingLoss(jsc.sc());
        var master = TrainingMasters.build(TrainingMasters.MasterKind.SHARED, 8, run, 1, 40123, 1e-3, true, true,
                StorageLevel.MEMORY_AND_DISK());
        SparkTrainer t = inject
                ? SparkTrainer.of(jsc, net, master, new StallWatchdog(jsc.sc(), stall), loss, new InjectedStall())
                : SparkTrainer.of(jsc, net, master, new StallWatchdog(jsc.sc(), stall), loss);
        loss.begin();
        t.fit(batches, "fit " + run, "test advice");
        return loss;
    }

    /**
     * The smallest reproduction: before the guard, runs of this hung in waitTillDone now and then.
     * {@code -Dguidedmixup.test.sharedFits=N} repeats it N times (src/test/scripts/repeat-no-hang.sh).
     */
    @Test
    void manySmallSharedFitsInOneJvmAllEnd() {
        TrainableNetwork net = lenet();
        int fits = Integer.getInteger("guidedmixup.test.sharedFits", 3);
        for (int run = 1; run <= fits; run++) {
            TrainingLoss loss = sharedFit(net, run, Duration.ofSeconds(120), false);
            assertTrue(Double.isFinite(loss.mean()), "fit " + run + " trained: loss " + loss.mean());
        }
        // Each fit's transport is gone with its threads (dl4j's shutdown left 5 per fit, one polling).
        assertTrue(transportThreadsEndWithin(Duration.ofSeconds(30)), "threads left: " + transportThreads());
    }

    /**
     * Holds task B back until task A (partition 0, which attaches first and so is the master) answers
     * "no more data" on its own thread after its fit: the master's last check before it resets.
     */
    static final class LateAttach {
        private static final java.util.Map<String, java.util.concurrent.CountDownLatch> GO = new java.util.concurrent.ConcurrentHashMap<>();

        /** One latch per run and stage: dl4j-spark counts the data in a job of its own before the fit. */
        static java.util.Iterator<DataSet> wrap(String run, int partition, java.util.Iterator<DataSet> in, long waitMillis) {
            String key = run + ":" + org.apache.spark.TaskContext.get().stageId();
            java.util.concurrent.CountDownLatch go = GO.computeIfAbsent(key, k -> new java.util.concurrent.CountDownLatch(1));
            Thread task = Thread.currentThread();
            return new java.util.Iterator<>() {
                private boolean consumed;

                @Override
                public boolean hasNext() {
                    if (partition == 1) {
                        await(go, waitMillis);
                        return in.hasNext();
                    }
                    boolean more = in.hasNext();
                    if (!more && consumed && Thread.currentThread() == task && go.getCount() > 0) {
                        go.countDown();
                        sleep(); // B attaches now, before the master resets
                    }
                    return more;
                }

                @Override
                public DataSet next() {
                    consumed = true;
                    return in.next();
                }
            };
        }

        private static void await(java.util.concurrent.CountDownLatch go, long millis) {
            try {
                go.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> transportThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("MessagesExecutorService thread")) {
                names.add(t.getName() + " (" + t.getState() + ")");
            }
        }
        return names;
    }

    /** Stopped threads end when they next run: wait for that, with a bound. */
    private static boolean transportThreadsEndWithin(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!transportThreads().isEmpty()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * The hang itself, made to happen: task B attaches its iterator right after task A, the master,
     * saw its data end for the last time (while A holds its answer back), so B's iterator lands in
     * the list A is about to throw away. dl4j-spark alone: B sleeps in waitTillDone until the
     * watchdog cancels the fit. Through {@link SharedFitGuard} (SparkTrainer.fit): B waits for A's
     * task to end and trains as its own master.
     */
    @Test
    void aTaskThatAttachesAsTheMasterEndsHangsWithoutTheGuardOnly() {
        JavaRDD<DataSet> two = jsc.parallelize(batches.take(2), 2);
        String run = java.util.UUID.randomUUID().toString();
        // B waits for A's signal however long A takes: nothing else holds A back.
        JavaRDD<DataSet> late = two.mapPartitionsWithIndex((i, it) -> LateAttach.wrap(run, i, it, Long.MAX_VALUE), true);
        // dl4j-spark's own master and fit, no guard (its repartitioner and storage level switched off,
        // as TrainingMasters does, so that the two partitions reach the two tasks as they are).
        var master = TrainingMasters.build(TrainingMasters.MasterKind.SHARED, 8, 21, 1, 40123, 1e-3, true, true,
                StorageLevel.MEMORY_AND_DISK());
        var bare = new org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer(jsc,
                (org.deeplearning4j.nn.multilayer.MultiLayerNetwork) lenet().model(), master);
        StepCounter steps = new StepCounter(jsc.sc());
        bare.setListeners(List.of(steps));
        try {
            assertThrows(TrainingStalledException.class, () -> new StallWatchdog(jsc.sc(), Duration.ofSeconds(20))
                    .run("gradient sharing", "bare", "-", steps, () -> bare.fit(late)));
        } finally {
            SharedTransport.release();
        }
        // The same interleaving through the guard.
        TrainingLoss loss = new TrainingLoss(jsc.sc());
        SparkTrainer guarded = SparkTrainer.of(jsc, lenet(), TrainingMasters.build(TrainingMasters.MasterKind.SHARED, 8, 22,
                1, 40123, 1e-3, true, true, StorageLevel.MEMORY_AND_DISK()), new StallWatchdog(jsc.sc(), Duration.ofSeconds(120)), loss);
        loss.begin();
        String again = java.util.UUID.randomUUID().toString();
        // Through the guard B may be the first to train, and A's signal then comes after B's task: B
        // waits for it 3 s at most (the guard, not the signal, is what orders them here).
        guarded.fit(two.mapPartitionsWithIndex((i, it) -> LateAttach.wrap(again, i, it, 3000), true), "guarded", "-");
        assertTrue(Double.isFinite(loss.mean()), "both tasks trained: " + loss.mean());
    }

    @Test
    void aStalledFitEndsWithOneLineAndTheJvmTrainsAgain() {
        TrainableNetwork net = lenet();
        TrainingStalledException e = assertThrows(TrainingStalledException.class,
                () -> sharedFit(net, 11, Duration.ofSeconds(8), true));
        String m = e.getMessage();
        assertTrue(m.matches("gradient sharing stalled: no training step finished in 8 s \\(fit 11, \\d+ of \\d+ running"
                + " task\\(s\\) waiting\\); test advice"), m);
        assertEquals(1, m.lines().count(), m);
        // The cancelled fit leaves nothing behind that stops the next one.
        TrainingLoss again = sharedFit(net, 12, Duration.ofSeconds(120), false);
        assertTrue(Double.isFinite(again.mean()), "the fit after a stall trained: " + again.mean());
    }

    @Test
    void theWatchdogCoversParameterAveraging() {
        TrainableNetwork net = lenet();
        var master = TrainingMasters.build(TrainingMasters.MasterKind.PARAMAVG, 8, 3, 2, 40123, 1e-3, true, false,
                StorageLevel.MEMORY_AND_DISK());
        TrainingLoss loss = new TrainingLoss(jsc.sc());
        SparkTrainer t = SparkTrainer.of(jsc, net, master, new StallWatchdog(jsc.sc(), Duration.ofSeconds(8)), loss,
                new InjectedStall());
        TrainingStalledException e = assertThrows(TrainingStalledException.class,
                () -> t.fit(batches, "epoch 2 of 5", "rerun with --resume"));
        assertTrue(e.getMessage().startsWith("parameter averaging stalled: no training step finished in 8 s (epoch 2 of 5, "),
                e.getMessage());
    }

    @Test
    void theAutomaticTimeoutIsAFewMinutesAndGrowsWithTheStep() {
        assertEquals(Duration.ofSeconds(180), StallWatchdog.automatic(64, 28 * 28));
        assertEquals(Duration.ofMillis(64L * 3 * 224 * 224 / 20), StallWatchdog.automatic(64, 3 * 224 * 224));
        assertThrows(IllegalArgumentException.class, () -> new StallWatchdog(jsc.sc(), Duration.ofMillis(10)));
    }
}
