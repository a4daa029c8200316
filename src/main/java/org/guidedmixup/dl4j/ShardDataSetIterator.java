package org.guidedmixup.dl4j;

import org.apache.hadoop.conf.Configuration;
import org.guidedmixup.train.data.ShardFolder;
import org.guidedmixup.train.data.ShardReader;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The pre-generated shards of an {@code augment} run as a DL4J {@link DataSetIterator}, on one
 * machine and without Spark (parquet-hadoop reads the files; any Hadoop file system works: local,
 * {@code hdfs://}, {@code s3a://} with its connector on the class path).
 *
 * <pre>{@code
 * ShardDataSetIterator shards = new ShardDataSetIterator("target/augmented/fashion-mnist-2k");
 * for (int e = 0; e < 4; e++) {
 *     shards.setEpoch(e);     // epoch e reads round e mod R
 *     net.fit(shards);
 * }
 * }</pre>
 *
 * <p>Each {@code DataSet} is one mini-batch of the run, exactly as {@code train --data} feeds it:
 * features N x C x H x W in [0, 1], labels the N x K soft labels. The folder is checked when it is
 * opened, as {@code train --data} checks it: {@code _SUCCESS}, summary.json, and every shard file the
 * run listed there, present with its row count, and nothing else; a damaged folder is refused with one
 * {@code InputException} that names it. Epoch e is round e mod R of the run (R = its
 * {@code rounds}). Epochs are explicit ({@link #setEpoch}, {@link #nextEpoch}); {@link #reset()} keeps
 * DataSetIterator's contract and starts the same epoch again. A background thread reads and
 * decodes up to {@link #setPrefetch prefetch} batches ahead, so memory holds that many batches
 * whatever the size of the run. Call {@link #close()} to stop it early.
 */
public final class ShardDataSetIterator implements DataSetIterator, AutoCloseable {
    private static final long serialVersionUID = 1L;
    /** Marks the end of a round in the queue. */
    private static final DataSet END = new DataSet();

    private final transient ShardFolder folder;
    private final transient Configuration hadoop;
    private int epoch;
    private int prefetch = 4;
    private DataSetPreProcessor preProcessor;
    private transient Producer producer;
    private transient DataSet ahead;

    /** Opens an augment output on the local file system (or the default Hadoop file system). */
    public ShardDataSetIterator(String output) {
        this(output, new Configuration());
    }

    /** Opens an augment output with the given Hadoop settings (file systems, credentials). */
    public ShardDataSetIterator(String output, Configuration hadoop) {
        this.hadoop = hadoop;
        this.folder = ShardFolder.open(hadoop, output, "augment output");
    }

    /** Batches read ahead by the background thread (default 4, at least 1). */
    public ShardDataSetIterator setPrefetch(int batches) {
        if (batches < 1) {
            throw new IllegalArgumentException("prefetch must be >= 1 batch, got " + batches);
        }
        this.prefetch = batches;
        return this;
    }

    /** Batches the background thread reads ahead. */
    public int getPrefetch() {
        return prefetch;
    }

    /** Starts (again) at epoch e: the next batch is the first of round e mod R. */
    public ShardDataSetIterator setEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + e);
        }
        stop();
        this.epoch = e;
        return this;
    }

    /** The epoch being read. */
    public int epoch() {
        return epoch;
    }

    /** The run's round this epoch reads (epoch mod rounds). */
    public int round() {
        return epoch % folder.rounds();
    }

    /** Augmented copies of the dataset in the run (R). */
    public int rounds() {
        return folder.rounds();
    }

    /** Examples in one epoch. */
    public long examples() {
        return folder.rows(round());
    }

    @Override
    public boolean hasNext() {
        if (ahead == null) {
            if (producer == null) {
                producer = new Producer(round());
            }
            try {
                ahead = producer.take();
            } catch (RuntimeException | Error e) {
                // The read-ahead thread failed (a file unreadable after the check): it has stopped, and
                // the next call starts the epoch again rather than waiting on it.
                stop();
                throw e;
            }
        }
        return ahead != END;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " (round " + round() + ") has no more batches; call nextEpoch()"
                    + " for the next one, or reset() to read it again");
        }
        DataSet ds = ahead;
        ahead = null;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** Not supported: the batches are the augment run's mini-batches, whose size it chose. */
    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("the batches are the augment run's mini-batches of " + folder.batchSize()
                + " images; use next()");
    }

    @Override
    public int inputColumns() {
        return folder.spec().length();
    }

    @Override
    public int totalOutcomes() {
        return folder.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Batches are already read ahead on a thread of this iterator's own. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the current epoch again from its first batch (DataSetIterator's contract). */
    @Override
    public void reset() {
        setEpoch(epoch);
    }

    /** Moves on to the next epoch (the next round of the run, wrapping after the last). */
    public ShardDataSetIterator nextEpoch() {
        return setEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return folder.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** The class names the run recorded (empty when it had none). */
    @Override
    public List<String> getLabels() {
        return folder.classNames();
    }

    /** Stops the read-ahead thread; the iterator can still be reset and read again. */
    @Override
    public void close() {
        stop();
    }

    private void stop() {
        if (producer != null) {
            producer.cancel();
            producer = null;
        }
        ahead = null;
    }

    /** Reads one round's batches into a bounded queue on a daemon thread. */
    private final class Producer implements Runnable {
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(prefetch);
        private final Thread thread;
        private final int round;
        private volatile boolean cancelled;

        Producer(int round) {
            this.round = round;
            this.thread = new Thread(this, "guidedmixup-shards-round-" + round);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try {
                List<String> files = new ArrayList<>();
                for (List<String> group : folder.files(round)) {
                    files.addAll(group);
                }
                Iterator<ShardReader.Batch> batches = folder.reader().batches(files, hadoop);
                while (!cancelled && batches.hasNext()) {
                    put(batches.next().data());
                }
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                try {
                    put(e);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void put(Object o) throws InterruptedException {
            while (!cancelled && !queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                // waits for the consumer, checking for cancellation
            }
        }

        DataSet take() {
            try {
                Object o = queue.take();
                if (o instanceof RuntimeException e) {
                    throw e;
                }
                if (o instanceof Error e) {
                    throw e;
                }
                return (DataSet) o;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next shard batch", e);
            }
        }

        void cancel() {
            cancelled = true;
            thread.interrupt();
            queue.clear();
        }
    }
}
