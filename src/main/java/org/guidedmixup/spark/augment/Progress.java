package org.guidedmixup.spark.augment;

import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * A daemon thread that logs one progress line every few seconds while the job runs. Counts move
 * when tasks finish (that is when Spark reports accumulators), so a line per completed partition.
 */
final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private final Thread thread;
    private volatile boolean done;

    Progress(LongAccumulator images, long total, int seconds) {
        long start = System.nanoTime();
        thread = new Thread(() -> {
            long last = -1;
            while (!done) {
                try {
                    Thread.sleep(seconds * 1000L);
                } catch (InterruptedException e) {
                    return;
                }
                long n = images.value();
                if (n == last || done) {
                    continue;
                }
                last = n;
                double s = (System.nanoTime() - start) / 1e9;
                LOG.info(String.format(Locale.ROOT, "augmented %,d / %,d images (%.0f%%), %,.0f images/s, %.0f s elapsed",
                        n, total, 100.0 * n / Math.max(1, total), n / Math.max(1e-9, s), s));
            }
        }, "augment-progress");
        thread.setDaemon(true);
        if (seconds > 0) {
            thread.start();
        }
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
    }
}
