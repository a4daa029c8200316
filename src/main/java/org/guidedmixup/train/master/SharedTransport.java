package org.guidedmixup.train.master;

import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Ends gradient sharing's transport after a fit, threads included.
 *
 * <p>Why: dl4j-spark-parameterserver (1.0.0-M2) starts a new Aeron transport for every new
 * {@code SharedTrainingMaster} (so every epoch of {@code train}, whose master is seeded per epoch) and
 * shuts the old one down without stopping its threads. The subscription thread polls the closed
 * subscription in a {@code while (true)} loop with a 1 µs idle sleep, about a fifth of a core each;
 * four more wait on queues that nothing fills, and the base transport's two pool threads stay too.
 * Measured in one JVM: 5 more "MessagesExecutorService thread"s per fit, and a fit of the same data
 * slowing from 4.7 s to 13 s over 20 fits (20 s with one core busy); the issue 28 hang's thread dump
 * showed two of these threads at 100 % CPU. After this, a JVM runs any number of fits at the speed
 * of its first.
 *
 * <p>The threads waiting on queues end on an interrupt. The poll loop ignores interrupts (its idle
 * sleep just returns at once), so it is stopped with {@link Thread#stop}, which JDK 17 still
 * honours; a JDK that refuses it leaves that thread running and this says so once.
 */
public final class SharedTransport {
    private static final Logger LOG = LoggerFactory.getLogger(SharedTransport.class);
    private static final String TRANSPORT_PACKAGE = "org.nd4j.parameterserver.distributed.v2.transport.";
    private static volatile boolean refused;

    private SharedTransport() {
    }

    /** Shuts the parameter server of this JVM down and stops what its transports left running. */
    public static void release() {
        ModelParameterServer server = ModelParameterServer.getInstance();
        if (server.isInitialized()) {
            server.shutdown();
        }
        int ended = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            StackTraceElement[] stack = e.getValue();
            if (t == Thread.currentThread() || !runs(stack, TRANSPORT_PACKAGE)) {
                continue;
            }
            if (runs(stack, "org.agrona.") || runs(stack, "io.aeron.")) {
                // The subscription poll loop: an interrupt would only make its idle sleep return at
                // once, so it spins harder. Stopped instead.
                if (stop(t)) {
                    ended++;
                }
            } else {
                // Queue and heartbeat loops: they end on an interrupt.
                t.interrupt();
                ended++;
            }
        }
        if (ended > 0) {
            LOG.debug("ended {} thread(s) left by gradient sharing's transport", ended);
        }
    }

    /** Whether the stack holds code of {@code prefix}; with the transport's, a loop of a shut-down transport (none is left live). */
    private static boolean runs(StackTraceElement[] stack, String prefix) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("removal")
    private static boolean stop(Thread t) {
        if (refused) {
            return false;
        }
        try {
            t.stop();
            return true;
        } catch (UnsupportedOperationException e) {
            refused = true;
            LOG.warn("this JDK cannot stop the threads that gradient sharing's transport leaves after each fit;"
                    + " each later fit of this JVM runs a little slower (Java 17 stops them)");
            return false;
        }
    }
}
