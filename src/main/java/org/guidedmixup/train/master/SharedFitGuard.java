package org.guidedmixup.train.master;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Semaphore;

/**
 * Lets one gradient-sharing task at a time train in a JVM: a task waits, before its first DataSet,
 * until the task that trains in this JVM has ended.
 *
 * <p>Why: dl4j-spark-parameterserver (1.0.0-M2) trains all the tasks of an executor on one model.
 * The first task to call {@code SharedTrainingWrapper.run} becomes the "master" and fits the
 * iterators that the other tasks attached; the others sleep until their iterator is used up. A task
 * that attaches its iterator just after the master's loop saw no more data, but before the master
 * reset its state, is never used up: its iterator went into the list the master throws away, and it
 * sleeps in {@code BlockingObserver.waitTillDone} for ever (the hang of issue 28, one run of the test
 * suite in eight). Only concurrent tasks in one JVM can meet that window. In sequence, every task is
 * the master of its own run, and trains the same one model on its own data: what the master thread
 * would have done with the attached iterators, without the window.
 *
 * <p>Apply it to the RDD handed to the fit, after any persist: a cached partition is read without
 * running this function. {@link TrainingMasters} builds the gradient-sharing master with no storage
 * level of its own for that reason.
 */
public final class SharedFitGuard implements FlatMapFunction<Iterator<DataSet>, DataSet> {
    private static final long serialVersionUID = 1L;
    /** One per JVM: the executor's one model is what the tasks share. */
    private static final Semaphore TRAINING = new Semaphore(1, true);

    @Override
    public Iterator<DataSet> call(Iterator<DataSet> in) {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return in; // not in a Spark task: nothing runs beside it
        }
        return new Iterator<>() {
            private boolean holding;

            @Override
            public boolean hasNext() {
                if (!holding) {
                    acquire();
                }
                return in.hasNext();
            }

            @Override
            public DataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return in.next();
            }

            private void acquire() {
                try {
                    TRAINING.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for this executor's gradient-sharing"
                            + " task to end (the job was cancelled)", e);
                }
                holding = true;
                // Released when the task has ended (after dl4j-spark's run returned), failed or not.
                task.addTaskCompletionListener((TaskCompletionListener) t -> TRAINING.release());
            }
        };
    }
}
