package org.guidedmixup.train.master;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple4;
import scala.collection.Iterator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ends a fit in which no training step finishes for a bounded time: it cancels the fit's Spark job
 * group (interrupting its tasks) and the fit ends with {@link TrainingStalledException}, one line
 * that says what stalled and what to do. It watches every job the fit starts: a task that ends, or a
 * running task whose {@link StepCounter} count grew (reported with each executor heartbeat,
 * {@code spark.executor.heartbeatInterval}, 10 s by default), is progress.
 *
 * <p>Why: dl4j-spark's training runs inside Spark tasks that nothing times out. A worker waiting for
 * a peer that will never come (gradient sharing's transport, a lost executor) waits for ever, and
 * the run with it.
 */
public final class StallWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(StallWatchdog.class);
    private static final String GROUP = "spark.jobGroup.id";
    private static final String DESCRIPTION = "spark.job.description";
    private static final String INTERRUPT = "spark.job.interruptOnCancel";

    private final SparkContext sc;
    private final Duration timeout;

    /** @param timeout the longest time without a finished step; at least one second */
    public StallWatchdog(SparkContext sc, Duration timeout) {
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("stall timeout must be at least 1 s, got " + timeout.toMillis() + " ms");
        }
        this.sc = sc;
        this.timeout = timeout;
    }

    /**
     * The stall timeout {@code train} uses when none is set: a few minutes, longer for big steps.
     * 180 s, or 50 ms per thousand input values of a worker step (64 RGB 224x224 images: 482 s),
     * whichever is longer.
     */
    public static Duration automatic(long examplesPerStep, long valuesPerExample) {
        long ms = examplesPerStep * valuesPerExample / 20;
        return Duration.ofMillis(Math.max(180_000L, ms));
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code fit} (which starts Spark jobs on this thread) under the watchdog.
     *
     * @param what   what is trained, for the message ("gradient sharing", "parameter averaging")
     * @param where  where in the run ("epoch 3")
     * @param advice what the user can do ("rerun with --resume, or use --training-master paramavg")
     * @throws TrainingStalledException when no step finished for the timeout
     */
    public void run(String what, String where, String advice, StepCounter steps, Runnable fit) {
        String group = "guidedmixup-fit-" + UUID.randomUUID();
        String oldGroup = sc.getLocalProperty(GROUP);
        String oldDescription = sc.getLocalProperty(DESCRIPTION);
        String oldInterrupt = sc.getLocalProperty(INTERRUPT);
        Progress progress = new Progress(group, steps.accumulatorId());
        sc.addSparkListener(progress);
        sc.setJobGroup(group, what + ", " + where, true);
        Watcher watcher = new Watcher(progress, what, where, advice, group);
        watcher.start();
        try {
            fit.run();
        } catch (Exception e) { // Spark's SparkException is checked, and thrown through Scala unchecked
            String stalled = watcher.stalled;
            if (stalled != null) {
                throw new TrainingStalledException(stalled, e);
            }
            throw e;
        } finally {
            watcher.interrupt();
            sc.removeSparkListener(progress);
            sc.setLocalProperty(GROUP, oldGroup);
            sc.setLocalProperty(DESCRIPTION, oldDescription);
            sc.setLocalProperty(INTERRUPT, oldInterrupt);
        }
        if (watcher.stalled != null) {
            // Cancelled as the last task was ending: the fit did finish, but the run must not count on it.
            throw new TrainingStalledException(watcher.stalled, null);
        }
    }

    /** The timer: checks once a second (or more often for short timeouts); after a stall it cancels the group until the fit returns. */
    private final class Watcher extends Thread {
        private final Progress progress;
        private final String what;
        private final String where;
        private final String advice;
        private final String group;
        volatile String stalled;

        Watcher(Progress progress, String what, String where, String advice, String group) {
            super("guidedmixup-stall-watchdog");
            setDaemon(true);
            this.progress = progress;
            this.what = what;
            this.where = where;
            this.advice = advice;
            this.group = group;
        }

        @Override
        public void run() {
            long limit = timeout.toNanos();
            long tick = Math.min(1000, Math.max(50, timeout.toMillis() / 4));
            try {
                while (true) {
                    Thread.sleep(tick);
                    long now = System.nanoTime();
                    if (now - progress.last.get() <= limit) {
                        continue;
                    }
                    int running = progress.running.size();
                    int waiting = 0;
                    for (long t : progress.running.values()) {
                        if (now - t > limit) {
                            waiting++;
                        }
                    }
                    stalled = String.format(Locale.ROOT, "%s stalled: no training step finished in %d s (%s, %d of %d"
                                    + " running task(s) waiting); %s", what, timeout.toSeconds(), where, waiting, running,
                            advice);
                    LOG.error(stalled + "; cancelling the fit's Spark jobs");
                    if (sc.isLocal()) {
                        LOG.warn("where the tasks of this JVM were when it stalled:{}", taskStacks());
                    }
                    // Until the fit returns: dl4j-spark may still start a job after the first cancel
                    // (it sleeps 3 s on the driver before a new master's first job).
                    while (true) {
                        sc.cancelJobGroup(group);
                        Thread.sleep(tick);
                    }
                }
            } catch (InterruptedException e) {
                // the fit ended
            }
        }
    }

    /** The stacks of Spark's task threads in this JVM (in-process Spark: all of them), 16 frames each. */
    private static String taskStacks() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (!e.getKey().getName().startsWith("Executor task launch worker") || idle(e.getValue())) {
                continue;
            }
            b.append(System.lineSeparator()).append('"').append(e.getKey().getName()).append("\" ")
                    .append(e.getKey().getState());
            StackTraceElement[] st = e.getValue();
            for (int i = 0; i < Math.min(16, st.length); i++) {
                b.append(System.lineSeparator()).append("    at ").append(st[i]);
            }
        }
        return b.toString();
    }

    /** A pooled thread between tasks (its name still says its last task). */
    private static boolean idle(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().equals("java.util.concurrent.ThreadPoolExecutor") && f.getMethodName().equals("getTask")) {
                return true;
            }
        }
        return false;
    }

    /** What the fit's jobs did: the last progress, and each running task's last step. */
    private static final class Progress extends SparkListener {
        private final String group;
        private final long stepsId;
        private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
        /** Running task id to the time of its last step (its start until it steps). */
        final Map<Long, Long> running = new ConcurrentHashMap<>();
        private final Map<Long, Long> taskSteps = new ConcurrentHashMap<>();
        final AtomicLong last = new AtomicLong(System.nanoTime());

        Progress(String group, long stepsId) {
            this.group = group;
            this.stepsId = stepsId;
        }

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            if (job.properties() != null && group.equals(job.properties().getProperty(GROUP))) {
                Iterator<Object> ids = job.stageIds().iterator();
                while (ids.hasNext()) {
                    stages.add((Integer) ids.next());
                }
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            if (stages.contains(start.stageId())) {
                running.put(start.taskInfo().taskId(), System.nanoTime());
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (stages.contains(end.stageId())) {
                running.remove(end.taskInfo().taskId());
                taskSteps.remove(end.taskInfo().taskId());
                last.set(System.nanoTime());
            }
        }

        @Override
        public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
            Iterator<Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>>> tasks = update.accumUpdates().iterator();
            while (tasks.hasNext()) {
                Tuple4<Object, Object, Object, scala.collection.Seq<AccumulableInfo>> t = tasks.next();
                long taskId = (Long) t._1();
                if (!stages.contains((Integer) t._2())) {
                    continue;
                }
                Iterator<AccumulableInfo> infos = t._4().iterator();
                while (infos.hasNext()) {
                    AccumulableInfo info = infos.next();
                    if (info.id() != stepsId || info.update().isEmpty()) {
                        continue;
                    }
                    long steps = ((Number) info.update().get()).longValue();
                    Long before = taskSteps.put(taskId, steps);
                    if (before == null || steps > before) {
                        long now = System.nanoTime();
                        last.set(now);
                        running.computeIfPresent(taskId, (k, v) -> now);
                    }
                }
            }
        }
    }
}
